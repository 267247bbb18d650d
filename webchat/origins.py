"""Which websites may use the chat: this server itself plus the configured origins.

CORS headers alone only stop a browser from *reading* an answer; the
request would still reach Rasa. So API calls carrying any other Origin are
refused outright, and the page may be framed only by the same websites.
"""
from __future__ import annotations

from typing import Iterable, Tuple
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse

FORBIDDEN = "Trang web này chưa được phép dùng trợ lý ạ."


class OriginPolicy:
    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed: Tuple[str, ...] = tuple(allowed)
        self.any = "*" in self.allowed

    def permits(self, origin: str, hosts: Iterable[str]) -> bool:
        """Same site (Origin's host:port is the host asked for) or configured."""
        return self.any or origin in self.allowed or urlsplit(origin).netloc in hosts

    def frame_ancestors(self) -> str:
        return "*" if self.any else " ".join(("'self'",) + self.allowed)

    async def guard(self, request: Request, call_next):
        origin = request.headers.get("origin")
        # Behind a reverse proxy that rewrites Host, X-Forwarded-Host names the site.
        # (A page elsewhere cannot add that header: its preflight would be refused.)
        hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")} - {None}
        if request.url.path.startswith("/api/") and origin and not self.permits(origin, hosts):
            return JSONResponse({"detail": FORBIDDEN}, status_code=403)
        return await call_next(request)
