"""Classes: timetable and contacts upload (the command-line importer's own code), upcoming classes,
registrations, the reminders sent for them, and cancelling or reinstating a class."""
from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile

from bot.reminders import settings as reminder_settings
from bot.schedules.cancellation import cancel_class, reinstate_class
from bot.schedules.db import session_scope
from bot.schedules.export import UnknownClass, file_name, registrations_csv
from bot.schedules.importer import CLASS_COLUMNS, CLASSES, CONTACT_COLUMNS, CONTACTS, IMPORTERS, ImportRejected
from console.csvfile import csv_response
from console.queries import classes as q
from console.queries import reminders as reminder_counts
from console.web import render, settings

logger = logging.getLogger(__name__)
router = APIRouter()
KINDS = {CLASSES: "Lịch lớp học", CONTACTS: "Người hỗ trợ tại chỗ"}
COLUMNS = {CLASSES: CLASS_COLUMNS, CONTACTS: CONTACT_COLUMNS}


def _page(request: Request, outcome: Optional[Dict[str, Any]] = None, status: int = 200):
    with session_scope() as session:
        upcoming = q.upcoming(session, settings(request).now())
        contacts = q.contacts(session)
        reminders = reminder_counts.per_class(session, [c.id for c in upcoming])
    return render(request, "classes.html", {
        "page": "classes", "upcoming": upcoming, "contacts": contacts, "kinds": KINDS, "columns": COLUMNS,
        "reminders": reminders, "reminder_total": reminder_counts.total(reminders.values()),
        "outcome": outcome, "max_mb": settings(request).upload_max_bytes // (1024 * 1024),
    }, status)


@router.get("/classes")
def classes_page(request: Request):
    """Upload form, upcoming classes, help contacts."""
    return _page(request)


def _upload_name(filename: Optional[str]) -> str:
    """The uploaded file's own name (for the messages), reduced to harmless characters."""
    name = Path(filename or "tep").name
    name = re.sub(r"[^\w.\- ]+", "_", name).strip() or "tep"
    return name[-100:]


@router.post("/classes/upload")
def upload(request: Request, kind: str = Form(...), file: UploadFile = File(...), check_only: bool = Form(False)):
    """Imports (or only checks) a CSV/XLSX file; every bad row is listed and nothing is written."""
    if kind not in IMPORTERS:
        raise HTTPException(status_code=400, detail="Loại tệp không đúng.")
    limit = settings(request).upload_max_bytes
    content = file.file.read(limit + 1)
    name = _upload_name(file.filename)
    if len(content) > limit:
        outcome = {"ok": False, "kind": kind, "head": f"Tệp {name} lớn hơn {limit // (1024 * 1024)} MB.", "problems": []}
        return _page(request, outcome, 413)
    official = request.state.account.name
    with tempfile.TemporaryDirectory(prefix="console-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            report = IMPORTERS[kind](path, check_only=check_only)
        except ImportRejected as rejected:
            logger.info("%s uploaded %s (%s): rejected, %d problem(s)", official, name, kind, len(rejected.problems))
            head = rejected.report().splitlines()[0]
            return _page(request, {"ok": False, "kind": kind, "head": head, "problems": rejected.problems}, 422)
    logger.info("%s uploaded %s (%s): %s", official, name, kind, report.summary().splitlines()[0])
    return _page(request, {"ok": True, "kind": kind, "lines": report.summary().splitlines(), "checked_only": check_only})


@router.post("/classes/{class_id}/cancel")
def cancel(request: Request, class_id: str, reason: str = Form(""), confirm: bool = Form(False)):
    """Cancels a class (after the official ticked the confirmation); registered residents are told once."""
    if not confirm:
        return _page(request, {"ok": False, "head": f"Chưa hủy lớp {class_id}: hãy đánh dấu ô xác nhận rồi bấm lại.", "problems": []}, 400)
    notices = cancel_class(class_id, " ".join(reason.split()), settings(request).now())
    if notices is None:
        raise HTTPException(status_code=404, detail="Không có lớp này.")
    logger.info("%s cancelled class %s (%d notice(s))", request.state.account.name, class_id, notices)
    lines = [f"Đã hủy lớp {class_id}: người dân không còn thấy lớp này, nhắc lịch đã dừng."]
    if notices:
        lines.append(f"Trợ lý sẽ nhắn báo hủy lớp cho {notices} người đã đăng ký qua trợ lý.")
    return _page(request, {"ok": True, "lines": lines})


@router.post("/classes/{class_id}/reinstate")
def reinstate(request: Request, class_id: str, confirm: bool = Form(False)):
    """Takes a cancellation back: the class is offered again and its reminders are rescheduled."""
    if not confirm:
        return _page(request, {"ok": False, "head": f"Chưa mở lại lớp {class_id}: hãy đánh dấu ô xác nhận rồi bấm lại.", "problems": []}, 400)
    notices = reinstate_class(class_id, settings(request).now(), reminder_settings.load())
    if notices is None:
        raise HTTPException(status_code=404, detail="Không có lớp này.")
    logger.info("%s reinstated class %s (%d notice(s))", request.state.account.name, class_id, notices)
    lines = [f"Đã mở lại lớp {class_id}: người dân lại thấy lớp này, nhắc lịch được đặt lại."]
    if notices:
        lines.append(f"Trợ lý sẽ nhắn báo lịch học cho {notices} người đã được báo hủy.")
    return _page(request, {"ok": True, "lines": lines})


@router.get("/classes/{class_id}/registrations")
def registrations_page(request: Request, class_id: str):
    """Who registered for one class (phones masked on screen)."""
    with session_scope() as session:
        found = q.registrations(session, class_id)
    if found is None:
        raise HTTPException(status_code=404, detail="Không có lớp này.")
    klass, rows = found
    return render(request, "registrations.html", {"page": "classes", "klass": klass, "rows": rows})


@router.get("/classes/{class_id}/registrations.csv")
def registrations_download(request: Request, class_id: str):
    """The registration list with full phone numbers, for the class's organisers."""
    try:
        text = registrations_csv(class_id)
    except UnknownClass:
        raise HTTPException(status_code=404, detail="Không có lớp này.")
    logger.info("%s downloaded the registrations of %s", request.state.account.name, class_id)
    return csv_response(file_name(class_id), text)
