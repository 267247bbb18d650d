"""Shared pieces of the pages: templates, formatting filters and the app's services.

The services (settings, answer-log reader, Rasa parser, articles) live on
`app.state`, set by the app factory, so tests build an app with their own.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from bot.knowledge.store import TOPIC_TITLES, Article
from console.rasa_api import Parser
from console.charts import percent
from console.config import Settings
from console.csrf import FIELD as CSRF_FIELD
from console.csrf import csrf_token
from console.periods import utc_to_local
from console.queries.answer_log import AnswerLogReader
from console.queries.unanswered import REASONS

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
NAVIGATION = (
    ("/", "coverage", "Độ phủ câu hỏi"),
    ("/unanswered", "unanswered", "Chưa trả lời được"),
    ("/indicators", "indicators", "Chỉ số"),
    ("/classes", "classes", "Lớp học"),
)


def _day(value: Optional[date]) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _moment(value: Optional[datetime]) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else "—"


def _percent(value: Optional[float]) -> str:
    return "—" if value is None else percent(value)


TEMPLATES.env.filters.update(day=_day, moment=_moment, local=utc_to_local, pct=_percent)
TEMPLATES.env.globals.update(
    NAVIGATION=NAVIGATION, TOPIC_TITLES=TOPIC_TITLES, REASONS=REASONS, CSRF_FIELD=CSRF_FIELD, csrf_token=csrf_token,
)


def render(request: Request, template: str, context: Mapping[str, Any], status_code: int = 200) -> Response:
    """A page, with the request (for the CSRF token and the account) in its context."""
    values: Dict[str, Any] = {"request": request, "account": getattr(request.state, "account", None)}
    values.update(context)
    return TEMPLATES.TemplateResponse(template, values, status_code=status_code)


def settings(request: Request) -> Settings:
    return request.app.state.settings


def reader(request: Request) -> AnswerLogReader:
    return request.app.state.reader


def parser(request: Request) -> Parser:
    return request.app.state.parser


def articles(request: Request) -> Mapping[str, Article]:
    return request.app.state.articles()


def today(request: Request) -> date:
    return settings(request).now().date()
