"""gunicorn's access log without secrets (``stepcare serve`` uses this logger class).

A password-reset link carries its key in the path (``/accounts/password/reset/key/…``) and a
calendar feed its secret; the access log must not keep them. Every URL and referrer is passed
through :func:`redact` before it is written.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_SECRET_PATHS = re.compile(r"(/password/reset/key/)[^/?\s\"]+|(/feeds?/)[A-Za-z0-9_\-]{16,}")


def redact(text: str) -> str:
    return _SECRET_PATHS.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
