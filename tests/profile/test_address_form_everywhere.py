"""Every message is written with the address placeholders, so the chosen form reaches all of them.

A text that says "bác" or "cháu" outright would stay "bác" for a resident who
chose "anh"; these checks find such texts in the domain responses and in the
message templates of the code. tests/conversation/test_profile.py checks the
same through the running assistant.
"""
import ast
from pathlib import Path

import pytest
import regex
import yaml

ROOT = Path(__file__).resolve().parents[2]
BARE_ADDRESS = regex.compile(r"(?<!con )\b(?:[Bb]ác(?! sĩ)|[Cc]háu)\b")
LOWER_AT_SENTENCE_START = regex.compile(r"(?:^|[.!?]\s+)\{(?:bac|chau)\}")
# the modules whose strings are messages (other modules hold patterns that read residents' words)
MESSAGE_MODULES = sorted(
    [*ROOT.glob("bot/actions/*.py"), *ROOT.glob("bot/reminders/*.py")]
    + [ROOT / p for p in ("bot/knowledge/rendering.py", "bot/schedules/wording.py", "bot/schedules/replies.py",
                          "bot/schedules/formatting.py", "bot/scam/checker.py")]
)


def _response_texts():
    for path in sorted(ROOT.glob("domain/*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variants in responses.items():
            for variant in variants:
                yield f"{path.name}:{name}", variant.get("text") or ""


def _message_strings(path: Path):
    """String constants of a module, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


RESPONSES = list(_response_texts())


@pytest.mark.parametrize("where, text", RESPONSES, ids=[where for where, _ in RESPONSES])
def test_address_form_placeholders_in_every_domain_response(where, text):
    assert not BARE_ADDRESS.search(text), f"{where}: write {{bac}}/{{chau}}, not the words"
    assert not LOWER_AT_SENTENCE_START.search(text), f"{where}: a sentence starts with {{Bac}}/{{Chau}}"


@pytest.mark.parametrize("path", MESSAGE_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_address_form_placeholders_in_every_message_template_of_the_code(path):
    if not path.exists():
        pytest.skip(f"{path.name} is not in this checkout")
    for text in _message_strings(path):
        assert not BARE_ADDRESS.search(text), f"{path.name}: write {{bac}}/{{chau}}, not the words: {text!r}"
        assert not LOWER_AT_SENTENCE_START.search(text), f"{path.name}: capitalise at a sentence start: {text!r}"


@pytest.mark.parametrize("path, field", [("bot/knowledge/terms.yml", "plain"), ("bot/scam/red_flags.yml", "reason")])
def test_address_form_placeholders_in_message_data(path, field):
    texts = regex.findall(rf"^\s*-?\s*{field}:\s*(.+)$", (ROOT / path).read_text(encoding="utf-8"), flags=regex.M)
    assert texts, f"no {field} in {path}"
    for text in texts:
        assert not BARE_ADDRESS.search(text), f"{path}: {text!r}"
