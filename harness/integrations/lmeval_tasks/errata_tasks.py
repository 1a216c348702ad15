"""What the Errata task YAMLs load (lm-eval imports this file by its path): see harness/integrations/lmeval.py."""

from harness.integrations.lmeval import ErrataTask, dataset, prompt_text

__all__ = ["ErrataTask", "dataset", "prompt_text"]
