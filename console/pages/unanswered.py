"""Unanswered messages, grouped; officials say "this is article X" or "new question needed"."""
from __future__ import annotations

import logging
from typing import List, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from console import review
from console.csvfile import csv_response
from console.periods import CHOICES, Period, chosen_days
from console.queries.unanswered import REASONS, open_groups, selected, unanswered_items
from console.review import ARTICLE, NEW_QUESTION, DecisionError
from console.web import articles, reader, render, settings, today

logger = logging.getLogger(__name__)
router = APIRouter()
DONE = {ARTICLE: "Đã ghi các câu vào danh sách chờ duyệt của bài viết.", NEW_QUESTION: "Đã thêm vào danh sách câu hỏi mới cần viết bài."}


def _items(request: Request, days: int):
    return unanswered_items(reader(request).activity(Period.last_days(days, today(request))))


def _page(request: Request, days: int, reason: Optional[str], error: Optional[str] = None, done: Optional[str] = None, status: int = 200):
    reason = reason if reason in REASONS else None
    items = _items(request, days)
    groups = open_groups(items, review.decided_keys(), reason)
    by_topic = {}
    for article in articles(request).values():
        by_topic.setdefault(article.topic, []).append(article)
    return render(request, "unanswered.html", {
        "page": "unanswered", "groups": groups, "days": days, "choices": CHOICES, "reason": reason,
        "total": len(items), "articles": articles(request), "articles_by_topic": by_topic,
        "recent": review.recent(), "error": error, "done": DONE.get(done or ""),
        "review_file": settings(request).review_file,
    }, status)


@router.get("/unanswered")
def unanswered_page(request: Request, days: str = "30", reason: Optional[str] = None, done: Optional[str] = None):
    """Open groups of the period, biggest first, and the latest decisions."""
    return _page(request, chosen_days(days), reason, done=done)


@router.post("/unanswered/decide")
def decide(
    request: Request,
    action: str = Form(...),
    key: List[str] = Form([]),
    phrasing: List[str] = Form([]),
    article: str = Form(""),
    note: str = Form(""),
    days: str = Form("30"),
    reason: str = Form(""),
):
    """Records a decision about one group (its message keys come with the form)."""
    period_days = chosen_days(days)
    official = request.state.account.name
    try:
        if action == ARTICLE and article not in articles(request):
            raise DecisionError("Chọn bài viết mà nhóm câu này hỏi.")
        items = selected(_items(request, period_days), key)
        recorded = review.record(items, action, official, settings(request).review_file, article or None, phrasing, note)
    except DecisionError as problem:
        return _page(request, period_days, reason or None, error=str(problem), status=400)
    logger.info("%s marked %d message(s) as %s %s", official, recorded.asked, action, recorded.article_id or "")
    query = {"days": period_days, "done": action}
    if reason:
        query["reason"] = reason
    return RedirectResponse("/unanswered?" + urlencode(query), status_code=303)


@router.get("/unanswered/new-questions.csv")
def new_questions_csv(request: Request):
    """The "new question needed" list for the people who write articles."""
    return csv_response(f"cau-hoi-moi-{today(request):%Y-%m-%d}.csv", review.new_questions_csv())
