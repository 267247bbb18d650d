"""The "try a question" box: what the assistant would do with a message.

Shows the NLU's intent and confidence (as the running Rasa parses the
question, console/rasa_api.py), the ArticleRanker's candidates and the
decision of the very rule the answering action applies
(bot.knowledge.routing.decide_safely): answer with an article, ask which of a
few was meant, or decline. Only a `faq` message is answered from the articles.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot.knowledge.routing import ABSTAIN, ANSWER, CLARIFY, RANKING_KEY, decide_safely
from bot.knowledge.store import Article
from bot.knowledge.training_data import RETRIEVAL_INTENT

NOT_KNOWLEDGE = "not_knowledge"
DECISIONS = {
    ANSWER: "Trả lời bằng bài viết",
    CLARIFY: "Hỏi lại: bác muốn hỏi bài nào?",
    ABSTAIN: "Không chắc nên không trả lời, chuyển người hỗ trợ",
    NOT_KNOWLEDGE: "Không phải câu hỏi kiến thức (ý định khác)",
}
MAX_QUESTION = 600


@dataclass(frozen=True)
class Candidate:
    id: str
    title: str
    confidence: float


@dataclass(frozen=True)
class TryResult:
    question: str
    intent: Optional[str]
    intent_confidence: Optional[float]
    decision: str
    chosen: Tuple[str, ...]
    ranking: List[Candidate]

    @property
    def decision_label(self) -> str:
        return DECISIONS[self.decision]

    @property
    def best(self) -> Optional[Candidate]:
        return self.ranking[0] if self.ranking else None

    @property
    def runner_up(self) -> Optional[Candidate]:
        return self.ranking[1] if len(self.ranking) > 1 else None

    def as_json(self) -> Dict[str, Any]:
        return {
            "question": self.question,
            "intent": self.intent,
            "intent_confidence": self.intent_confidence,
            "decision": self.decision,
            "decision_label": self.decision_label,
            "articles": list(self.chosen),
            "ranking": [c.__dict__ for c in self.ranking],
        }


def explain(question: str, parse: Dict[str, Any], articles: Mapping[str, Article]) -> TryResult:
    """Turns a parse result into what the assistant would do."""
    intent = parse.get("intent") or {}
    ranking_raw = [r for r in parse.get(RANKING_KEY) or [] if isinstance(r, dict) and "id" in r]
    ranking = [
        Candidate(str(r["id"]), articles[r["id"]].title if r["id"] in articles else str(r["id"]), float(r.get("confidence") or 0))
        for r in ranking_raw
    ]
    if intent.get("name") == RETRIEVAL_INTENT:
        decision = decide_safely({**parse, RANKING_KEY: ranking_raw}, articles)
        kind, chosen = decision.kind, decision.articles
    else:
        kind, chosen = NOT_KNOWLEDGE, ()
    confidence = intent.get("confidence")
    return TryResult(question, intent.get("name"), float(confidence) if confidence is not None else None, kind, chosen, ranking)
