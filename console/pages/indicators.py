"""Indicators: conversations, users, topics, channels, classes per village; charts and CSV."""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from fastapi import APIRouter, HTTPException, Request

from bot.schedules.db import session_scope
from console.charts import bar_chart, line_chart
from console.csvfile import csv_response, csv_text
from console.periods import CHOICES, Period, chosen_days
from console.queries import indicators as q
from console.web import articles, reader, render, settings, today

router = APIRouter()


def _data(request: Request, days: int) -> Dict[str, Any]:
    period = Period.last_days(days, today(request))
    activity = reader(request).activity(period)
    with session_scope() as session:
        villages = q.per_village(session, period, settings(request).now())
    verdicts, flags = q.scam_checks(activity)
    return {
        "verdicts": verdicts,
        "flags": flags,
        "period": period,
        "days": q.per_day(activity, period),
        "topics": q.per_topic(activity, articles(request)),
        "channels": q.per_channel(activity),
        "villages": villages,
    }


def _village_name(row: q.VillageCount) -> str:
    return f"{row.village}, {row.commune}" if row.village else row.commune


@router.get("/indicators")
def indicators_page(request: Request, days: str = "30"):
    """Charts and tables of the period."""
    chosen = chosen_days(days)
    data = _data(request, chosen)
    dates = [d.day for d in data["days"]]
    charts = {
        "daily": line_chart(dates, [("Cuộc trò chuyện", [d.conversations for d in data["days"]]), ("Người dùng", [d.users for d in data["days"]])],
                            "Cuộc trò chuyện và người dùng mỗi ngày", "daily"),
        "topics": bar_chart([(t.label, t.questions) for t in data["topics"]], "Câu hỏi theo chủ đề", "topics"),
        "channels": bar_chart([(c.label, c.users) for c in data["channels"]], "Người dùng theo kênh", "channels"),
        "villages": bar_chart([(_village_name(v), v.registrations) for v in data["villages"]], "Người đăng ký học theo thôn, xóm", "villages"),
    }
    return render(request, "indicators.html", dict(data, page="indicators", chosen=chosen, choices=CHOICES, charts=charts,
                                                     log_available=reader(request).available()))


def _table(name: str, data: Dict[str, Any]) -> Tuple[Sequence[str], List[Sequence[Any]]]:
    if name == "theo-ngay":
        return ("Ngày", "Cuộc trò chuyện", "Người dùng", "Tin nhắn"), [
            (d.day.strftime("%d/%m/%Y"), d.conversations, d.users, d.messages) for d in data["days"]]
    if name == "chu-de":
        return ("Chủ đề", "Số câu hỏi"), [(t.label, t.questions) for t in data["topics"]]
    if name == "kenh":
        return ("Kênh", "Người dùng", "Cuộc trò chuyện", "Tin nhắn"), [
            (c.label, c.users, c.conversations, c.messages) for c in data["channels"]]
    if name == "thon-xom":
        return ("Xã, phường", "Thôn, xóm", "Số lớp", "Lớp sắp tới", "Người đăng ký", "Tổng chỗ", "Lớp đã hủy"), [
            (v.commune, v.village, v.classes, v.upcoming, v.registrations, "" if v.seats is None else v.seats, v.cancelled)
            for v in data["villages"]]
    if name == "tin-nhan-la":
        return ("Kết quả hoặc dấu hiệu", "Số tin đã kiểm tra"), [
            (c.label, c.checks) for c in data["verdicts"] + data["flags"]]
    raise HTTPException(status_code=404)


TABLES = ("theo-ngay", "chu-de", "kenh", "thon-xom", "tin-nhan-la")


@router.get("/indicators/{name}.csv")
def indicators_csv(request: Request, name: str, days: str = "30"):
    """One indicator table as CSV."""
    if name not in TABLES:
        raise HTTPException(status_code=404)
    chosen = chosen_days(days)
    header, rows = _table(name, _data(request, chosen))
    return csv_response(f"chi-so-{name}-{chosen}-ngay-{today(request):%Y-%m-%d}.csv", csv_text(header, rows))
