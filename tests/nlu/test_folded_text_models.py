"""The folded-text classifiers: article ranking and the intent vote."""
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.routing import RANKING_KEY
from bot.nlu.article_ranker import ArticleRanker
from bot.nlu.intent_vote import IntentVote

EXAMPLES = [
    ("cài vneid thế nào", "faq/vneid_install"), ("tải ứng dụng vneid ở đâu", "faq/vneid_install"),
    ("quên passcode vneid", "faq/vneid_forgot_passcode"), ("mất mã passcode phải làm sao", "faq/vneid_forgot_passcode"),
    ("chào cháu", "greet"), ("xin chào", "greet"),
]


def training_data():
    return TrainingData([Message.build(text, intent=label) for text, label in EXAMPLES])


def trained(component_class, tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource(component_class.__name__)
    component = component_class.create(component_class.get_default_config(), storage, resource, None)
    component.train(training_data())
    return component_class.load(component_class.get_default_config(), storage, resource, None)


def test_article_ranker_ranks_unaccented_questions_after_saving_and_loading(tmp_path):
    ranker = trained(ArticleRanker, tmp_path)
    message = Message(data={TEXT: "quen passcode thi sao"})
    ranker.process([message])
    ranking = message.get(RANKING_KEY)
    assert ranking[0]["id"] == "vneid_forgot_passcode"
    assert {r["id"] for r in ranking} == {"vneid_install", "vneid_forgot_passcode"}


def test_intent_vote_averages_with_diet(tmp_path):
    vote = trained(IntentVote, tmp_path)
    diet = [{"name": "greet", "confidence": 0.6}, {"name": "faq", "confidence": 0.4}]
    message = Message(data={TEXT: "cai vneid the nao", INTENT: diet[0], INTENT_RANKING_KEY: diet})
    vote.process([message])
    ranking = message.get(INTENT_RANKING_KEY)
    assert message.get(INTENT)["name"] == "faq"
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6


def test_untrained_models_leave_messages_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    vote = IntentVote.load(IntentVote.get_default_config(), storage, Resource("missing"), None)
    diet = [{"name": "greet", "confidence": 0.9}]
    message = Message(data={TEXT: "chào", INTENT: diet[0], INTENT_RANKING_KEY: diet})
    vote.process([message])
    assert message.get(INTENT_RANKING_KEY) == diet


def test_a_loaded_model_scores_like_the_trained_one_without_copying_its_coefficients(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource(ArticleRanker.__name__)
    fresh = ArticleRanker.create(ArticleRanker.get_default_config(), storage, resource, None)
    fresh.train(training_data())
    loaded = ArticleRanker.load(ArticleRanker.get_default_config(), storage, resource, None)
    for text in ("quen passcode thi sao", "cài VNeID ở đâu", "chao chau"):
        expected = dict(fresh.probabilities(text))
        got = dict(loaded.probabilities(text))
        assert got.keys() == expected.keys()
        assert all(abs(got[label] - expected[label]) < 1e-12 for label in expected)
    # scipy multiplies a sparse row by `coef_.T` without a copy only when that is C-contiguous
    assert loaded._pipeline[-1].coef_.T.flags["C_CONTIGUOUS"]
