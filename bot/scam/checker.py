"""Says whether a pasted message is a scam, and why, in words a resident can check.

Every verdict comes from explicit red flags (red_flags.yml and the links in
the message): a strong flag, or two different weak ones, make a scam; one weak
flag makes it suspicious. Each reason quotes the part of the message it is about.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import List, Optional, Tuple

from bot.scam.links import STRONG_LINK_PROBLEMS, find_links, reason_for
from bot.scam.rules import STRONG, Rules, folded_same_length, rules

SCAM, SUSPICIOUS, NO_RED_FLAGS = "scam", "suspicious", "no_red_flags"
DEFAULT_ARTICLE = "scam_signs"
MAX_QUOTE = 60
LINK_FLAG = "link"


@dataclass(frozen=True)
class Reason:
    """One red flag found: what it is, the words it is about, and why it matters."""

    flag: str
    strong: bool
    quote: str
    explanation: str
    article: str


@dataclass(frozen=True)
class Verdict:
    """The checker's answer about one message."""

    verdict: str
    reasons: Tuple[Reason, ...]
    article: str

    @property
    def flags(self) -> Tuple[str, ...]:
        """The names of the flags found, strongest first."""
        return tuple(r.flag for r in self.reasons)


def _quote(text: str, start: int, end: int) -> str:
    """The matched words, widened to whole words and cut to a readable length."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    quote = " ".join(text[start:end].split())
    return quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 1].rstrip() + "…"


def find_reasons(text: str, rule_set: Optional[Rules] = None) -> List[Reason]:
    """Every red flag in the text, strong ones first (one reason per flag)."""
    rule_set = rule_set or rules()
    text = unicodedata.normalize("NFC", text or "")
    folded = folded_same_length(text)
    typed = "".join(c.lower()[:1] or c for c in text)  # one character per character, like `folded`
    spans = {name: flag.spans(folded, typed) for name, flag in rule_set.flags.items()}
    reasons: List[Reason] = []
    for name, flag in rule_set.flags.items():
        if not spans[name] or any(not spans[other] for other in flag.requires_also):
            continue
        start, end = spans[name][0]
        reasons.append(Reason(name, flag.level == STRONG, _quote(text, start, end), flag.reason, flag.article))

    links = [link for link in find_links(text, rule_set) if link.problem]
    if links:
        link = next((l for l in links if l.problem in STRONG_LINK_PROBLEMS), links[0])
        reasons.append(Reason(LINK_FLAG, link.problem in STRONG_LINK_PROBLEMS, _quote(text, link.start, link.end),
                              reason_for(link, rule_set), "scam_links_apps"))
    reasons += _combinations(text, folded, rule_set, spans, bool(links))
    return sorted(reasons, key=lambda r: not r.strong)


def _combinations(text: str, folded: str, rule_set: Rules, spans, has_bad_link: bool) -> List[Reason]:
    """Flags that are red only together: a claimed sender with money or a link, a threat with money."""
    found = []
    claim = rule_set.claim_in(folded)
    asks_money = bool(spans["money_request"])
    if claim and asks_money and claim.name in ("authority", "caregiver"):
        match = claim.pattern.search(folded)
        found.append(Reason("claim_with_money", True, _quote(text, *match.span()),
                            rule_set.combination_reasons["claim_with_money"].format(claim=claim.label), claim.article))
    elif claim and has_bad_link:
        match = claim.pattern.search(folded)
        found.append(Reason("claim_with_link", True, _quote(text, *match.span()),
                            rule_set.combination_reasons["claim_with_link"].format(claim=claim.label), claim.article))
    if spans["threat"] and (asks_money or has_bad_link):
        start, end = spans["threat"][0]
        found.append(Reason("threat_with_money", True, _quote(text, start, end),
                            rule_set.combination_reasons["threat_with_money"], rule_set.flags["threat"].article))
    return found


def check(text: str) -> Verdict:
    """The verdict on a message, with its reasons and the article that explains them."""
    reasons = find_reasons(text)
    if any(r.strong for r in reasons) or len({r.flag for r in reasons}) >= 2:
        verdict = SCAM
    elif reasons:
        verdict = SUSPICIOUS
    else:
        verdict = NO_RED_FLAGS
    article = _article_for(reasons)
    return Verdict(verdict, tuple(reasons), article)


def _article_for(reasons: List[Reason]) -> str:
    """The scam article that best explains the flags: the first specific one, strong flags first."""
    specific = [r.article for r in reasons if r.article != DEFAULT_ARTICLE]
    return specific[0] if specific else DEFAULT_ARTICLE
