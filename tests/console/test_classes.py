"""Classes page: uploads through the importer, upcoming classes, registrations, contacts."""
from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import datetime

from openpyxl import Workbook
from sqlalchemy import func, select

from bot.schedules.db import session_scope
from bot.schedules.importer import import_classes, import_contacts
from bot.schedules.models import ClassSession, Contact, Registration
from console.app import create_app
from tests.console.client import ConsoleTestClient
from tests.console.conftest import DEMO_CLASSES, DEMO_CONTACTS, log_in, page_token

DEMO_ROWS = len(DEMO_CLASSES.read_text(encoding="utf-8").splitlines()) - 1


def _upload(client, name: str, content: bytes, kind: str = "classes", check_only: bool = False, token: str | None = None):
    data = {"kind": kind, "csrf_token": token if token is not None else page_token(client, "/classes")}
    if check_only:
        data["check_only"] = "true"
    return client.post("/classes/upload", data=data, files={"file": (name, content, "application/octet-stream")})


def _count(model) -> int:
    with session_scope() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_timetable_upload_is_imported_and_listed(logged_in):
    response = _upload(logged_in, "lich-hoc.csv", DEMO_CLASSES.read_bytes())
    assert response.status_code == 200
    result = re.search(r'<section class="card outcome ok".*?</section>', response.text, re.S).group(0)
    assert f"Đã nhập {DEMO_ROWS} lớp từ lich-hoc.csv: {DEMO_ROWS} mới, 0 cập nhật." in result
    assert _count(ClassSession) == DEMO_ROWS
    page = logged_in.get("/classes").text
    upcoming = re.findall(r'<tr data-class="([^"]+)">', page)
    assert upcoming[0] == "HA-001" and "24/11/2026 15:00–17:00" in page
    assert 'href="/classes/HA-001/registrations.csv"' in page
    again = _upload(logged_in, "lich-hoc.csv", DEMO_CLASSES.read_bytes())
    assert f"0 mới, {DEMO_ROWS} cập nhật" in again.text


def test_an_excel_file_goes_through_the_same_importer(logged_in):
    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(DEMO_CLASSES.read_text(encoding="utf-8"))):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(logged_in, "lich-hoc.xlsx", buffer.getvalue())
    assert response.status_code == 200 and f"Đã nhập {DEMO_ROWS} lớp từ lich-hoc.xlsx" in response.text
    assert _count(ClassSession) == DEMO_ROWS


def test_every_bad_row_is_shown_and_nothing_is_imported(logged_in):
    lines = DEMO_CLASSES.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2026-11-25T19:00", "25/11/2026 7 giờ tối")
    lines[4] = lines[4].replace("basics", "nau-an").replace("0900000161", "12345")
    response = _upload(logged_in, "lich-sai.csv", "\n".join(lines).encode("utf-8"))
    assert response.status_code == 422
    rows = re.findall(r"<tr><td>(\d+)</td><td><ul>(.*?)</ul></td></tr>", response.text, re.S)
    assert [number for number, _ in rows] == ["3", "5"]
    assert "25/11/2026 7 giờ tối" in rows[0][1] and "không đúng dạng" in rows[0][1]
    assert "nau-an" in rows[1][1] and "12345" in rows[1][1]
    assert "có 2 dòng lỗi, chưa nhập gì" in response.text
    assert _count(ClassSession) == 0


def test_checking_only_writes_nothing(logged_in):
    response = _upload(logged_in, "lich-hoc.csv", DEMO_CLASSES.read_bytes(), check_only=True)
    assert response.status_code == 200 and "Chưa ghi gì (chế độ kiểm tra)" in response.text
    assert _count(ClassSession) == 0


def test_wrong_files_are_refused_with_a_reason(logged_in, client, settings):
    pdf = _upload(logged_in, "lich.pdf", b"%PDF-1.4")
    assert pdf.status_code == 422 and "Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx" in pdf.text
    latin1 = _upload(logged_in, "lich.csv", DEMO_CLASSES.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    assert latin1.status_code == 422 and "UTF-8" in latin1.text
    small = dataclasses.replace(settings, upload_max_bytes=1024)
    with ConsoleTestClient(create_app(small)) as limited:
        log_in(limited)
        too_big = _upload(limited, "lich-hoc.csv", DEMO_CLASSES.read_bytes())
    assert too_big.status_code == 413 and "lớn hơn" in too_big.text
    assert _count(ClassSession) == 0


def test_an_upload_needs_the_csrf_token(logged_in):
    assert _upload(logged_in, "lich-hoc.csv", DEMO_CLASSES.read_bytes(), token="").status_code == 403
    assert _count(ClassSession) == 0


def test_contacts_upload_and_list(logged_in):
    response = _upload(logged_in, "nguoi-ho-tro.csv", DEMO_CONTACTS.read_bytes(), kind="contacts")
    assert response.status_code == 200 and "người hỗ trợ từ nguoi-ho-tro.csv" in response.text
    assert _count(Contact) == len(DEMO_CONTACTS.read_text(encoding="utf-8").splitlines()) - 1
    page = logged_in.get("/classes").text
    assert "chị Nguyễn Thị Lan" in page and "0900 000 111" in page


def test_registrations_per_class_masked_on_screen_full_in_the_csv(logged_in):
    import_classes(DEMO_CLASSES)
    import_contacts(DEMO_CONTACTS)
    with session_scope() as session:
        session.add_all([
            Registration(class_id="HA-001", name="Bác Nguyễn Văn Tư", phone="0912345678", created_at=datetime(2026, 11, 20, 1, 30)),
            Registration(class_id="HA-001", name="=HYPERLINK(\"x\")", phone="0987654321", created_at=datetime(2026, 11, 21, 2, 0)),
        ])
    page = logged_in.get("/classes/HA-001/registrations")
    assert page.status_code == 200
    assert "Bác Nguyễn Văn Tư" in page.text and "091••••678" in page.text
    assert "0912345678" not in page.text and "0912 345 678" not in page.text
    assert "20/11/2026 08:30" in page.text  # stored in UTC, shown in Vietnam's time
    assert "<strong>2</strong> người đăng ký / 30 chỗ" in page.text
    download = logged_in.get("/classes/HA-001/registrations.csv")
    assert download.status_code == 200 and download.content.startswith("\ufeff".encode())
    assert "dang-ky-HA-001.csv" in download.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1][5:7] == ["Bác Nguyễn Văn Tư", "0912 345 678"]
    assert rows[2][5] == "'=HYPERLINK(\"x\")"  # a spreadsheet will not run it
    assert "2/30" in logged_in.get("/classes").text


def test_an_unknown_class_is_not_found(logged_in):
    assert logged_in.get("/classes/KHONG-CO/registrations").status_code == 404
    assert logged_in.get("/classes/KHONG-CO/registrations.csv").status_code == 404
