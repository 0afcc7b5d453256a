"""Log filters: a refused request is one line, not a traceback."""

from __future__ import annotations

import logging


class RefusalsOnOneLine(logging.Filter):
    """Django logs a 403/404/400 with the exception's traceback; thousands of refusals (a
    probe, a stale bookmark) would bury real errors. Keep the line, drop the traceback, for
    any response below 500. Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.security") or (isinstance(status, int) and status < 500):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
