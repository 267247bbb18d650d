"""The home page: coverage of the FAQ catalogue, and the "try a question" box."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Body, Form, Request
from fastapi.responses import JSONResponse

from console.rasa_api import RasaUnavailable
from console.charts import bar_chart, percent
from console.queries.coverage import Coverage, coverage
from console.queries.try_question import MAX_QUESTION, TryResult, explain
from console.web import articles, parser, reader, render, settings, today

router = APIRouter()


def _coverage(request: Request) -> Coverage:
    config = settings(request)
    return coverage(reader(request), articles(request), config.catalogue_file, config.bench_file, today(request), config.stale_after_days)


def _charts(data: Coverage) -> list:
    asked = [(t.title, t.asked_30) for t in data.topics]
    charts = [bar_chart(asked, "Số lần được hỏi trong 30 ngày, theo chủ đề", "asked-by-topic")]
    measured = [(t.title, t.accuracy) for t in data.topics if t.accuracy is not None]
    if measured:
        charts.append(bar_chart(measured, "Trả lời đúng trên bộ câu hỏi kiểm tra, theo chủ đề", "accuracy-by-topic", percent, maximum=1))
    return charts


@router.get("/")
def coverage_page(request: Request, topic: Optional[str] = None):
    """Every catalogue question with its article, freshness, accuracy and use."""
    data = _coverage(request)
    rows = [r for r in data.rows if not topic or r.topic == topic]
    return render(request, "coverage.html", {
        "page": "coverage", "data": data, "rows": rows, "topic": topic, "charts": _charts(data),
        "stale_after_days": settings(request).stale_after_days,
    })


async def _try(request: Request, question: str) -> TryResult:
    parse = await parser(request).parse(question)
    return explain(question, parse, articles(request))


@router.post("/try")
async def try_page(request: Request, question: str = Form("")):
    """What the assistant would answer, as the running Rasa parses the question."""
    question = question.strip()[:MAX_QUESTION]
    context = {"page": "coverage", "question": question}
    if not question:
        return render(request, "try.html", dict(context, error="Hãy gõ một câu hỏi."), 400)
    try:
        context["result"] = await _try(request, question)
    except RasaUnavailable as unavailable:
        return render(request, "try.html", dict(context, error=str(unavailable)), 503)
    return render(request, "try.html", context)


@router.post("/api/try")
async def try_api(request: Request, question: str = Body(..., embed=True, max_length=MAX_QUESTION)):
    """JSON form of the try box: intent, ranking, decision."""
    try:
        result = await _try(request, question.strip())
    except RasaUnavailable as unavailable:
        return JSONResponse({"detail": str(unavailable)}, status_code=503)
    return result.as_json()


@router.get("/api/coverage")
def coverage_api(request: Request):
    """The coverage table as JSON, for other tools."""
    data = _coverage(request)
    return {
        "bench_measured_at": data.bench.measured_at,
        "questions": [
            {
                "id": r.id, "topic": r.topic, "question": r.question, "article": r.article is not None,
                "reviewed": r.article.reviewed.isoformat() if r.article else None, "stale": r.stale,
                "sources": len(r.sources), "phrasings": r.phrasings, "heldout_accuracy": r.accuracy,
                "asked_7_days": r.asked_7, "asked_30_days": r.asked_30, "helpful": r.helpful, "not_helpful": r.not_helpful,
            }
            for r in data.rows
        ],
    }
