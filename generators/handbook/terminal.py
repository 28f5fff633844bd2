"""Everything the `handbook` command prints passes through here: no control sequence from data reaches the terminal.

A data value such as `\\x1b]0;…\\x07` (retitle the window) or `\\x1b[2J` (clear the
screen) would act on the editor's terminal when a diagnostic quotes it. The
command wraps stdout and stderr once, at start-up, so every line printed —
diagnostics, click's `Error:` messages, MkDocs' log of `handbook serve` — has its
control characters replaced visibly (safe_text.visible_controls).
"""

from __future__ import annotations

import io
import sys

from .safe_text import visible_controls


class CleanStream(io.TextIOBase):
    """A text stream that writes to `stream` with control characters made visible."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible_controls(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self):
        return getattr(self.stream, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self.stream, "errors", "strict")

    def writable(self) -> bool:
        return True


def clean_standard_streams() -> None:
    """Wrap sys.stdout and sys.stderr (once; calling again is harmless)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, CleanStream):
            setattr(sys, name, CleanStream(stream))
