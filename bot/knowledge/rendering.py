"""Turns an article into short chat messages (text + buttons), per voice.md.

A procedure of up to four steps is shown as one numbered list; a longer one
goes step by step, because a long list on a small screen loses the reader.
A resident's level changes the form, never the facts: a beginner is guided
step by step through any procedure, with plain words for each new term; a
confident user gets the short answer and every step at once.
Money and identity answers end with their safety rule.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from bot.knowledge.address import fill
from bot.knowledge.glossary import step_notes
from bot.knowledge.store import Article
from bot.profile.levels import BEGINNER, CONFIDENT

Message = Dict[str, Any]
MAX_STEPS_AT_ONCE = 4

STEP_BUTTONS = [
    {"title": "Tiếp theo", "payload": "/step_next"},
    {"title": "Chưa làm được", "payload": "/step_not_done"},
    {"title": "Xem tất cả các bước", "payload": "/step_show_all"},
    {"title": "Dừng", "payload": "/step_stop"},
]
FEEDBACK_BUTTONS = [
    {"title": "👍 Có", "payload": "/feedback_helpful"},
    {"title": "👎 Chưa", "payload": "/feedback_not_helpful"},
]
FEEDBACK_QUESTION = "Câu trả lời có giúp được {bac} không?"
GUIDE_INTRO = "{Chau} hướng dẫn từng bước nhé, xong bước nào {bac} bấm \"Tiếp theo\".\n"


def goes_step_by_step(article: Article, level: Optional[str] = None) -> bool:
    """Long procedures are guided one step at a time; any procedure, for a beginner."""
    if level == CONFIDENT:
        return False
    return len(article.steps) > (1 if level == BEGINNER else MAX_STEPS_AT_ONCE)


def numbered_steps(article: Article, address: Mapping[str, str]) -> str:
    """All steps as a numbered list."""
    return "\n".join(f"{i}. {fill(s.do, address)}" for i, s in enumerate(article.steps, 1))


def closing(article: Article, address: Mapping[str, str]) -> Message:
    """The safety rule (if any) and the feedback question, with 👍/👎 buttons."""
    lines = [f"⚠️ {fill(w, address)}" for w in article.warnings[-2:]]
    lines.append(fill(FEEDBACK_QUESTION, address))
    return {"text": "\n".join(lines), "buttons": FEEDBACK_BUTTONS}


def step_message(
    article: Article, number: int, address: Mapping[str, str], intro: str = "", level: Optional[str] = None
) -> Message:
    """One step, "Bước 2/6: ...", with the step-mode buttons (and, for a beginner, its new terms)."""
    step = article.steps[number - 1]
    lines = [f"Bước {number}/{len(article.steps)}: {fill(step.do, address)}"]
    if level == BEGINNER:
        lines += [f"💬 {note}" for note in step_notes(article, number)]
    return {"text": fill(intro, address) + "\n".join(lines), "buttons": STEP_BUTTONS}


def answer_messages(article: Article, address: Mapping[str, str], level: Optional[str] = None) -> List[Message]:
    """The first reply to a question: answer, then steps or guide, then closing."""
    messages: List[Message] = [{"text": fill(article.answer_for(level), address)}]
    if goes_step_by_step(article, level):
        messages += [{"text": f"⚠️ {fill(w, address)}"} for w in article.warnings[-1:]]
        messages.append(step_message(article, 1, address, intro=GUIDE_INTRO, level=level))
        return messages
    if article.steps:
        messages.append({"text": numbered_steps(article, address)})
    messages.append(closing(article, address))
    return messages


def all_steps_messages(article: Article, address: Mapping[str, str]) -> List[Message]:
    """Every step at once (the "Xem tất cả các bước" button), then closing."""
    return [{"text": numbered_steps(article, address)}, closing(article, address)]


def step_help(article: Article, number: int, address: Mapping[str, str]) -> Optional[str]:
    """The troubleshooting tip of a step, if the article has one."""
    tip = article.steps[number - 1].help
    return fill(tip, address) if tip else None
