"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .safety import replaced_path, written_in_place


def write_text_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` (UTF-8) to a temporary file beside ``path``, then rename it over.

    A symbolic link stays a link: the file it points to is replaced. A device or pipe
    (``/dev/null``, ``/dev/stdout``) is written into, never replaced. A refused write raises
    OSError naming ``path``, never the temporary file.
    """
    try:
        if written_in_place(path):
            with open(path, "a", encoding="utf-8", newline="") as out:  # appending: /dev/stdout may be a file the shell opened
                out.write(content)
            return
        _replace(Path(replaced_path(path)), content)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None


def _replace(target: Path, content: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The existing file's permissions, else what a plain open() would give (0o666 less umask)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
