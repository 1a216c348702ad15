"""Guards for files and text from strangers: only regular files are read, outputs are written
through links and into devices rather than replaced, and control characters never reach a
terminal, CSV or Markdown file raw (docs/robustness.md)."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import stat
import tempfile
from typing import Any

# C0 and C1 controls and DEL, line and paragraph separators, and the bidirectional overrides and
# isolates (which reorder what a terminal or editor shows)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # json.dumps escapes the C0 controls itself


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``, ``\\n``
    becomes ``\\x0a``): one line, inert in a terminal, a CSV cell or a Markdown table."""
    return _CONTROL.sub(_escape, text)


def terminal_text(text: str) -> str:
    """Several lines for a terminal: control characters escaped as in :func:`visible`, except
    the line feeds and tabs that lay the lines out."""
    return _CONTROL_BUT_LINES.sub(_escape, text)


def printable(document: Any) -> Any:
    """A JSON-like ``document`` with every string made one visible line, for the text tables."""
    if isinstance(document, str):
        return visible(document)
    if isinstance(document, dict):
        return {printable(key): printable(value) for key, value in document.items()}
    if isinstance(document, list):
        return [printable(value) for value in document]
    return document


def terminal_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the controls json leaves raw
    written as ``\\uXXXX`` escapes: the same JSON value, inert in a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --------------------------------------------------------------------------- reading


class NotRegular(OSError):
    """An input that is not a regular file (a FIFO, a device, a socket)."""


def open_regular(path: str) -> int:
    """A descriptor open for reading on ``path``, which must be a regular file.

    Opened without blocking, so that a FIFO with no writer is refused instead of waiting
    forever; a folder raises IsADirectoryError, anything else that is not a regular file
    NotRegular.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        os.set_blocking(fd, True)
        return fd
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    raise NotRegular(f"not a regular file ({_kind(mode)}): only regular files are read")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


# --------------------------------------------------------------------------- writing


def written_in_place(path: str | os.PathLike[str]) -> bool:
    """True when an output path names something to write into rather than replace: a device
    (``/dev/null``), a terminal or pipe (``/dev/stdout``), anything under /dev or /proc."""
    name = os.path.abspath(path)
    if name.startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(name).st_mode)
    except FileNotFoundError:
        return False


def replaced_path(path: str | os.PathLike[str]) -> str:
    """The file an atomic write of ``path`` replaces: the target of a symbolic link (so the link
    stays a link and its target is updated), else ``path`` itself."""
    return os.path.realpath(path) if os.path.islink(path) else os.fspath(path)


def check_writable_folder(folder: str | os.PathLike[str]) -> None:
    """Raise the OSError a write into ``folder`` would meet (read-only, permission denied), by
    creating and removing an empty hidden file there, before any work is done."""
    handle, probe = tempfile.mkstemp(dir=folder, prefix=".harness-probe.", suffix=".tmp")
    os.close(handle)
    os.unlink(probe)


def nearest_folder(path: str | os.PathLike[str]) -> str:
    """``path`` or its nearest ancestor that exists (where a folder would be created)."""
    folder = os.path.abspath(path)
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder


# --------------------------------------------------------------------------- swapping folders

EXCHANGE_UNSUPPORTED = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP)


def exchange_paths(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> None:
    """Swap two existing paths in one atomic step (Linux ``renameat2`` with RENAME_EXCHANGE), so
    that a process killed at any moment leaves each name holding one whole folder.

    Raises OSError; its errno is in EXCHANGE_UNSUPPORTED where the system or file system
    cannot do it, and the caller then falls back to two renames.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), os.fspath(second))
