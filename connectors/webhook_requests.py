"""Small helpers every webhook route needs: reading JSON safely and logged rejections."""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, Optional, Tuple

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_BODY_BYTES = 256 * 1024  # platform events are a few kB; anything larger is not one


def client_address(request: Request) -> str:
    """The caller as the proxy reported it (Sanic's forwarded settings), else the socket peer."""
    return request.remote_addr or request.ip or "?"


def reject(logger: logging.Logger, request: Request, status: int, reason: str) -> HTTPResponse:
    """Logs why a request was refused, then refuses it without revealing the reason."""
    logger.warning("Rejected %s %s from %s with %d: %s", request.method, request.path, client_address(request), status, reason)
    return response.json({"ok": False}, status=status)


def read_json_object(request: Request) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The body as a JSON object, or None and the reason it is not one."""
    body = request.body or b""
    if len(body) > MAX_BODY_BYTES:
        return None, f"body of {len(body)} bytes is larger than {MAX_BODY_BYTES}"
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"body is not JSON ({error})"
    if not isinstance(data, dict):
        return None, f"body is JSON {type(data).__name__}, not an object"
    return data, None
