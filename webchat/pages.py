"""The chat page (/, /?kiosk=1), the embed script (/embed.js) and /healthz."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))

# Kiosk idle time may be shortened per screen (?idle=…), within sane bounds.
IDLE_BOUNDS = (5, 3600)

router = APIRouter()


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        f"frame-ancestors {frame_ancestors}",
    ])


def _idle_seconds(requested: Optional[str], default: int) -> int:
    try:
        return max(IDLE_BOUNDS[0], min(IDLE_BOUNDS[1], int(requested))) if requested else default
    except ValueError:
        return default


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, kiosk: Optional[str] = None, idle: Optional[str] = None):
    settings = request.app.state.settings
    response = templates.TemplateResponse("index.html", {
        "request": request,
        "title": settings.title,
        "colour": settings.colour,
        "welcome": settings.welcome_payload,
        "kiosk": kiosk in ("1", "true", "yes"),
        "idle": _idle_seconds(idle, settings.kiosk_idle_seconds),
    })
    response.headers["Content-Security-Policy"] = content_security_policy(
        request.app.state.origins.frame_ancestors()
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


@router.get("/embed.js")
def embed_script() -> FileResponse:
    return FileResponse(STATIC / "embed.js", media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})


@router.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
