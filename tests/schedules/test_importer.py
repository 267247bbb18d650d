"""Importing timetables and contacts: all or nothing, every bad row reported."""
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.schedules import importer
from bot.schedules.db import session_scope
from bot.schedules.importer import CLASS_COLUMNS, CONTACT_COLUMNS, ImportRejected, import_classes, import_contacts
from bot.schedules.models import ClassSession, Contact, Registration
from bot.schedules.query import load_classes
from tests.schedules.conftest import CLASSES, CONTACTS, row_dict, write_csv

ROOT = Path(__file__).resolve().parents[2]


def rows(n=3):
    return [row_dict(r) for r in CLASSES[:n]]


def stored_ids():
    with session_scope() as session:
        return sorted(session.execute(select(ClassSession.id)).scalars())


def test_csv_with_bom(db):
    report = import_classes(write_csv(db / "a.csv", CLASS_COLUMNS, rows(), encoding="utf-8-sig"))
    assert (report.created, report.updated) == (3, 0)
    assert stored_ids() == ["BM-01", "BM-02", "BM-03"]
    with session_scope() as session:
        klass = load_classes(session, ["BM-03"])[0]
    assert klass.title == "Nộp hồ sơ trực tuyến bằng VNeID"
    assert klass.topics == ("dvc", "vneid")
    assert klass.village == "Xóm Đồng Cao"
    assert klass.start == datetime(2026, 11, 25, 19, 0)
    assert klass.capacity == 25
    assert klass.contact_phone == "0900000299"


def test_csv_without_bom_and_with_semicolons(db):
    import_classes(write_csv(db / "a.csv", CLASS_COLUMNS, rows(2), encoding="utf-8"))
    import_classes(write_csv(db / "b.csv", CLASS_COLUMNS, [row_dict(CLASSES[2])], encoding="utf-8", delimiter=";"))
    assert stored_ids() == ["BM-01", "BM-02", "BM-03"]


def test_columns_in_another_order(db):
    columns = list(reversed(CLASS_COLUMNS))
    import_classes(write_csv(db / "a.csv", columns, rows(1)))
    assert stored_ids() == ["BM-01"]


def test_xlsx_with_real_dates_and_numbers(db):
    book = Workbook()
    sheet = book.active
    sheet.append(list(CLASS_COLUMNS))
    for r in rows(2):
        values = [r[c] for c in CLASS_COLUMNS]
        values[CLASS_COLUMNS.index("start")] = datetime.fromisoformat(r["start"])
        values[CLASS_COLUMNS.index("capacity")] = float(r["capacity"])
        values[CLASS_COLUMNS.index("contact_phone")] = 900000299  # Excel drops the zero
        sheet.append(values)
    sheet.append([None] * len(CLASS_COLUMNS))
    path = db / "lich.xlsx"
    book.save(path)
    report = import_classes(path)
    assert report.created == 2
    with session_scope() as session:
        klass = load_classes(session, ["BM-02"])[0]
    assert klass.start == datetime(2026, 11, 24, 15, 0)
    assert klass.capacity == 30
    assert klass.contact_phone == "0900000299"


def test_every_bad_row_is_reported_and_nothing_is_written(db):
    good = rows(3)
    bad = [dict(r) for r in rows(6)[3:]]
    bad[0]["start"] = "05/12/2026 8:00"
    bad[0]["topics"] = "vneid;lua_dao"
    bad[1]["end"] = bad[1]["start"]
    bad[1]["contact_phone"] = "12345"
    bad[2]["id"] = "BM-01"
    bad[2]["capacity"] = "ba mươi"
    path = write_csv(db / "bad.csv", CLASS_COLUMNS, good + bad)
    with pytest.raises(ImportRejected) as rejected:
        import_classes(path)
    problems = {p.row: " | ".join(p.reasons) for p in rejected.value.problems}
    assert sorted(problems) == [5, 6, 7]
    assert "start" in problems[5] and "YYYY-MM-DDTHH:MM" in problems[5]
    assert "lua_dao" in problems[5] and "vneid" in problems[5]
    assert "kết thúc" in problems[6] and "contact_phone" in problems[6]
    assert "trùng với dòng 2" in problems[7] and "capacity" in problems[7]
    assert stored_ids() == []
    text = rejected.value.report()
    assert "Dòng 5:" in text and "Dòng 6:" in text and "Dòng 7:" in text and "chưa nhập gì" in text


def test_missing_and_extra_columns(db):
    columns = [c for c in CLASS_COLUMNS if c != "venue"] + ["ghi_chu"]
    data = [{k: v for k, v in r.items() if k != "venue"} | {"ghi_chu": ""} for r in rows(1)]
    with pytest.raises(ImportRejected) as rejected:
        import_classes(write_csv(db / "a.csv", columns, data))
    reasons = " ".join(rejected.value.problems[0].reasons)
    assert "thiếu cột venue" in reasons and "ghi_chu" in reasons


def test_not_utf8_is_refused_with_advice(db):
    path = db / "excel.csv"
    path.write_bytes(",".join(CLASS_COLUMNS).encode() + b"\r\nBM-1,L\xe0m quen,basics\r\n")
    with pytest.raises(ImportRejected) as rejected:
        import_classes(path)
    assert "UTF-8" in rejected.value.report()


def test_reimport_updates_by_id_and_keeps_registrations(db):
    import_classes(write_csv(db / "a.csv", CLASS_COLUMNS, rows(3)))
    with session_scope() as session:
        session.add(Registration(class_id="BM-02", name="Lê Văn A", phone="0912345678"))
    changed = rows(3)
    changed[1]["title"] = "Tên mới"
    changed[1]["topics"] = "scam;payment"
    changed[1]["capacity"] = ""
    report = import_classes(write_csv(db / "b.csv", CLASS_COLUMNS, changed[1:2]))
    assert (report.created, report.updated, report.kept) == (0, 1, 2)
    with session_scope() as session:
        klass = load_classes(session, ["BM-02"])[0]
        registrations = session.execute(select(func.count()).select_from(Registration)).scalar_one()
    assert klass.title == "Tên mới"
    assert klass.topics == ("scam", "payment")
    assert klass.capacity is None
    assert registrations == 1
    assert stored_ids() == ["BM-01", "BM-02", "BM-03"]


def test_capacity_below_registrations_is_a_warning(db):
    import_classes(write_csv(db / "a.csv", CLASS_COLUMNS, rows(1)))
    with session_scope() as session:
        session.add_all([Registration(class_id="BM-01", name="A", phone=f"091234567{i}") for i in range(3)])
    lowered = rows(1)
    lowered[0]["capacity"] = "2"
    report = import_classes(write_csv(db / "b.csv", CLASS_COLUMNS, lowered))
    assert any("BM-01" in w for w in report.warnings)


def test_a_failure_while_writing_leaves_nothing_half_written(db, monkeypatch):
    import_classes(write_csv(db / "a.csv", CLASS_COLUMNS, rows(1)))
    original = importer._set_topics
    calls = []

    def failing(klass, codes):
        calls.append(klass.id)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        original(klass, codes)

    monkeypatch.setattr(importer, "_set_topics", failing)
    changed = rows(4)
    changed[0]["title"] = "Không được ghi"
    with pytest.raises(RuntimeError):
        import_classes(write_csv(db / "b.csv", CLASS_COLUMNS, changed))
    assert stored_ids() == ["BM-01"]
    with session_scope() as session:
        assert load_classes(session, ["BM-01"])[0].title == CLASSES[0][1]


def test_check_only_writes_nothing(db):
    report = import_classes(write_csv(db / "a.csv", CLASS_COLUMNS, rows(2)), check_only=True)
    assert report.created == 2 and "kiểm tra" in report.summary()
    assert stored_ids() == []


def test_contacts_import(db):
    data = [dict(zip(CONTACT_COLUMNS, c)) for c in CONTACTS]
    data[0]["zalo"] = "+84 900 000 202"
    report = import_contacts(write_csv(db / "c.csv", CONTACT_COLUMNS, data))
    assert report.created == 4
    with session_scope() as session:
        stored = {c.id: c for c in session.execute(select(Contact)).scalars()}
    assert stored["LH-1"].zalo == "0900000202"
    assert stored["LH-3"].village == ""
    bad = [dict(d) for d in data]
    bad[1]["phone"] = ""
    bad[2]["phone"] = "0612345678"
    with pytest.raises(ImportRejected) as rejected:
        import_contacts(write_csv(db / "d.csv", CONTACT_COLUMNS, bad))
    assert [p.row for p in rejected.value.problems] == [3, 4]


def _cli(args, env_db):
    env = {"ASSISTANT_DB": env_db, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "bot.schedules.importer", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_cli_exit_codes_and_vietnamese_report(db):
    url = f"sqlite:///{db / 'cli.db'}"
    good = write_csv(db / "good.csv", CLASS_COLUMNS, rows(2))
    done = _cli(["classes", str(good)], url)
    assert done.returncode == 0, done.stderr
    assert "Đã nhập 2 lớp" in done.stdout
    broken = rows(2)
    broken[0]["start"] = "sáng thứ bảy"
    broken[1]["topics"] = ""
    bad = write_csv(db / "bad.csv", CLASS_COLUMNS, broken)
    refused = _cli(["classes", str(bad)], url)
    assert refused.returncode == 1
    assert "Dòng 2:" in refused.stderr and "Dòng 3:" in refused.stderr and "thiếu topics" in refused.stderr
    contacts = write_csv(db / "c.csv", CONTACT_COLUMNS, [dict(zip(CONTACT_COLUMNS, c)) for c in CONTACTS])
    assert _cli(["contacts", str(contacts)], url).returncode == 0
