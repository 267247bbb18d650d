"""The SafetyRouter overrides the classifiers' intent for scam situations, and the ranker follows it."""
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.routing import ANSWER, RANKING_KEY, SAFETY_KEY, decide_safely
from bot.nlu.safety_router import SafetyRouter


def routed(text, intent="payment_question"):
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    SafetyRouter(SafetyRouter.get_default_config()).process([message])
    return message


def test_a_cut_off_threat_is_a_knowledge_question_limited_to_scams():
    message = routed("Điện lực gọi bảo nhà tôi nợ tiền, phải chuyển khoản vào tài khoản 0123456789 trong 2 giờ kẻo cắt điện", "out_of_scope")
    assert message.get(INTENT)["name"] == "faq"
    assert message.get(SAFETY_KEY)["kind"] == "situation"


def test_a_pasted_message_goes_to_the_checker_whatever_the_classifier_said():
    message = routed("[TB] Quy khach trung thuong, truy cap nhanqua-vcb.top de nhan", "faq")
    assert message.get(INTENT) == {"name": "check_message", "confidence": 1.0}


def test_a_step_report_keeps_its_intent():
    message = routed("có người gọi bảo chuyển tiền gấp", "step_next")
    assert message.get(INTENT)["name"] == "step_next"


def test_an_ordinary_question_is_untouched():
    message = routed("cài vneid thế nào", "faq")
    assert message.get(INTENT) == {"name": "faq", "confidence": 0.9}
    assert message.get(SAFETY_KEY) is None


def test_a_victim_gets_the_victim_article_even_when_the_ranking_is_unsure():
    parse = {RANKING_KEY: [{"id": "scam_victim", "confidence": 0.35}, {"id": "scam_report", "confidence": 0.3}],
             SAFETY_KEY: {"kind": "victim", "verdict": "no_red_flags", "article": "scam_signs"}}
    assert decide_safely(parse, {"scam_victim", "scam_report"}).articles == ("scam_victim",)


def test_a_scam_situation_is_never_declined():
    parse = {RANKING_KEY: [{"id": "scam_otp", "confidence": 0.1}],
             SAFETY_KEY: {"kind": "situation", "verdict": "scam", "article": "scam_prize_delivery"}}
    decision = decide_safely(parse, {"scam_otp", "scam_prize_delivery"})
    assert (decision.kind, decision.articles) == (ANSWER, ("scam_prize_delivery",))


def ranked(text, intent, ranking):
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.6},
                            RANKING_KEY: [{"id": a, "confidence": c} for a, c in ranking]})
    SafetyRouter(SafetyRouter.get_default_config()).process([message])
    return message


def test_a_message_the_ranker_places_on_scam_articles_is_a_scam_question():
    message = ranked("có người nhắn lạ lắm cháu ơi", "out_of_scope",
                     [("scam_signs", 0.4), ("scam_otp", 0.3), ("pay_qr", 0.2), ("vneid_install", 0.1)])
    assert message.get(INTENT)["name"] == "faq"
    assert [r["id"] for r in message.get(RANKING_KEY)] == ["scam_signs", "scam_otp"]
    assert abs(sum(r["confidence"] for r in message.get(RANKING_KEY)) - 1.0) < 1e-9


def test_an_ordinary_question_keeps_its_ranking_trimmed():
    ranking = [(f"a{i}", 0.1) for i in range(10)]
    message = ranked("cài vneid thế nào", "faq", ranking)
    assert message.get(INTENT)["name"] == "faq" and message.get(SAFETY_KEY) is None
    assert len(message.get(RANKING_KEY)) == 5


def test_a_victims_story_is_ranked_on_the_victim_and_report_articles_only():
    message = ranked("tôi lỡ chuyển cho nó 5 triệu rồi", "faq",
                     [("pay_transfer", 0.5), ("scam_report", 0.2), ("scam_victim", 0.2), ("scam_otp", 0.1)])
    assert [r["id"] for r in message.get(RANKING_KEY)] == ["scam_report", "scam_victim"]


def test_an_out_of_scope_message_needs_more_than_the_rankers_word():
    """"Giá lúa" folds to "lừa": the ranker leans to scam articles, but a crop price is no scam."""
    message = ranked("Giá lúa vụ này bao nhiêu một cân?", "out_of_scope", [("scam_report", 0.7), ("pay_qr", 0.3)])
    assert message.get(INTENT)["name"] == "out_of_scope"
