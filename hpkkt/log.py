"""Logging helpers for the settings."""

import logging
import sys


class StderrHandler(logging.StreamHandler):
    """Writes each record to the ``sys.stderr`` of that moment, not the one seen at start-up.

    A plain ``StreamHandler`` keeps the stream it was built with; when that stream is replaced
    and closed (a management command's captured stderr, a test's ``capsys``), every later record
    fails with "I/O operation on closed file".
    """

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass
