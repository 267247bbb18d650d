"""Keyword queries: unsure intent, short text, one clear article -> a knowledge question."""
import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.routing import RANKING_KEY
from bot.nlu.keyword_queries import KeywordQueries


def processed(text, intent, confidence, top):
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence},
                            RANKING_KEY: [{"id": "pay_qr", "confidence": top}, {"id": "pay_transfer", "confidence": 1 - top}]})
    KeywordQueries(KeywordQueries.get_default_config()).process([message])
    return message.get(INTENT)["name"]


def test_a_keyword_query_with_a_clear_article_is_a_knowledge_question():
    assert processed("quet ma qr", "nlu_fallback", 0.3, 0.95) == "faq"


@pytest.mark.parametrize("text, intent, confidence, top", [
    ("giá vàng", "out_of_scope", 0.74, 0.2),        # the classifier is sure: out of scope
    ("xổ số", "nlu_fallback", 0.3, 0.27),           # no article stands out
    ("quét mã qr ở chợ mà máy bác cứ báo lỗi hoài", "nlu_fallback", 0.3, 0.9),  # not short
    ("bước tiếp", "step_next", 0.9, 0.7),           # a confident conversation intent
])
def test_other_messages_keep_their_intent(text, intent, confidence, top):
    assert processed(text, intent, confidence, top) == intent
