"""Local contacts, the registrations export, the demo data and the domain file."""
import csv
import io
from datetime import datetime

import yaml

from bot.actions import schedules as actions
from bot.schedules import export, registration
from bot.schedules.contacts import local_contacts
from bot.schedules.demo import seed
from tests.schedules.conftest import DOMAIN, ROOT


def test_local_contacts_for_a_village_then_the_commune(timetable):
    found = local_contacts("thon thuong")
    assert [c.id for c in found] == ["LH-2", "LH-1", "LH-3"]  # team first, then ambassador, then commune-wide
    line = found[0].describe()
    assert line == "Tổ công nghệ số cộng đồng thôn Thượng: chị Hà Thu, 0900 000 201, 7:00–17:00"
    assert "(có Zalo)" in found[1].describe()
    assert [c.id for c in local_contacts("tổ 7")] == ["LH-4", "LH-3"]


def test_local_contacts_without_a_known_village(timetable):
    assert [c.id for c in local_contacts(None)] == ["LH-3"]
    assert [c.id for c in local_contacts("thôn Không Có")] == ["LH-3"]


def test_local_contacts_survive_a_database_failure(db, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DB", "postgresql://nobody@127.0.0.1:1/none")
    assert local_contacts("thôn Thượng") == []


def test_export_one_class(timetable, tmp_path):
    registration.register("BM-05", "Nguyễn Văn An", "0912345678", datetime(2026, 11, 23))
    registration.register("BM-05", "=HYPERLINK(\"x\")", "0987654321", datetime(2026, 11, 23))
    path = tmp_path / "out.csv"
    assert export.write_registrations("BM-05", path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(export.HEADER)
    assert rows[1][1] == "BM-05" and rows[1][5] == "Nguyễn Văn An" and rows[1][6] == "0912 345 678"
    assert rows[2][5].startswith("'=")


def test_export_cli(timetable, tmp_path, capsys):
    registration.register("BM-09", "Lê Thị B", "0388123456", datetime(2026, 11, 23))
    assert export.main(["BM-09"]) == 0
    assert "Lê Thị B" in capsys.readouterr().out
    assert export.main(["NOPE"]) == 1
    assert export.main(["--all", "-d", str(tmp_path / "all")]) == 0
    assert (tmp_path / "all" / "dang-ky-BM-09.csv").exists()


def test_demo_data_imports_cleanly_once(db):
    done = seed()
    assert len(done) == 2 and "192 lớp" in done[0]
    assert seed() == []  # a database with classes is left alone
    assert local_contacts("thôn Đông")[0].describe().startswith("Tổ công nghệ số cộng đồng thôn Đông")


def test_demo_contacts_are_marked_as_demo():
    text = (ROOT / "bot/schedules/demo/contacts.csv").read_text(encoding="utf-8")
    assert all("Dữ liệu mẫu" in line for line in text.splitlines()[1:])


def test_domain_declares_every_schedule_action():
    registered = {cls().name() for cls in (
        actions.ActionFindClasses, actions.ActionClassFollowup, actions.ValidateClassRegistrationForm,
        actions.ActionAskRegistrationClassId, actions.ActionSubmitRegistration)}
    assert registered == set(DOMAIN["actions"])
    assert DOMAIN["forms"]["class_registration_form"]["required_slots"] == [
        actions.CLASS_SLOT, actions.NAME_SLOT, actions.PHONE_SLOT]
    for slot in DOMAIN["forms"]["class_registration_form"]["required_slots"][1:]:
        assert f"utter_ask_{slot}" in DOMAIN["responses"]
    assert "class_ids" not in DOMAIN["slots"] and "ask_schedule" not in DOMAIN["intents"]  # owned by core.yml


def test_training_data_uses_only_declared_names():
    data = yaml.safe_load((ROOT / "bot/data/schedules.yml").read_text(encoding="utf-8"))
    intents = {i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]} | {"ask_schedule"}
    assert {block["intent"] for block in data["nlu"]} <= intents
    for block in data["nlu"]:
        examples = [e[2:] for e in block["examples"].splitlines() if e.startswith("- ")]
        assert any(any(ord(c) > 127 for c in e) for e in examples)
        if block["intent"] != "inform_registration":
            assert any(all(ord(c) < 128 for c in e) for e in examples)  # also without diacritics
    actions_used = {s["action"] for part in ("rules", "stories") for item in data[part] for s in item["steps"] if "action" in s}
    assert actions_used <= set(DOMAIN["actions"]) | set(DOMAIN["forms"])


def test_a_role_ending_in_the_places_kind_does_not_repeat_it():
    from bot.schedules.contacts import Contact

    contact = Contact(id="X", commune="Xã Hòa An", village="", role="Đại sứ số tại Trung tâm phục vụ hành chính công xã",
                      name="chị Hà", phone="0900000100", zalo="", hours="", notes="")
    assert contact.describe().startswith("Đại sứ số tại Trung tâm phục vụ hành chính công xã Hòa An: chị Hà")
