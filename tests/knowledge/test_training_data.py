"""The generated NLU data mirrors the articles (the pipeline adds unaccented copies)."""
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.knowledge.store import articles
from bot.knowledge.training_data import phrasings, render


def test_every_phrasing_is_generated_once(tmp_path):
    target = tmp_path / "knowledge.yml"
    target.write_text(render(articles().values()), encoding="utf-8")
    data = load_data(str(target))
    by_article = {}
    for example in data.intent_examples:
        by_article.setdefault(example.get("intent_response_key"), []).append(example.get("text"))
    assert set(by_article) == {f"faq/{i}" for i in articles()}
    install = by_article["faq/vneid_install"]
    assert "Làm sao để tải ứng dụng VNeID về điện thoại ạ?" in install
    assert "lam sao de tai ung dung vneid ve dien thoai a?" not in install
    assert sorted(install) == sorted(phrasings(articles()["vneid_install"]))


def test_phrasings_have_no_duplicates():
    for article in articles().values():
        variants = [" ".join(p.lower().split()) for p in phrasings(article)]
        assert len(variants) == len(set(variants))


def test_output_is_plain_yaml_that_rasa_reads():
    parsed = yaml.safe_load(render(list(articles().values())[:2]))
    assert parsed["version"] == "3.1" and len(parsed["nlu"]) == 2
