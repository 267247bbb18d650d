"""Two Rasa instances behind HAProxy, as deploy/Procfile runs them, on the local services.

Conversations live in PostgreSQL, conversation locks and connector state in
Redis, events go to RabbitMQ. The proxy keeps each person on one instance and
spreads people over both; either instance can still continue any conversation;
the same Telegram update delivered to both is answered once; one person's
messages arriving at both instances at once are handled in the order they
came; and killing an instance loses no message: not the Telegram message it
had accepted and not yet answered (the other instance adopts it), and none
sent afterwards through the proxy. The kill comes last: it ends the module's
cluster.
"""
from __future__ import annotations

import re
import threading
import time
import uuid
from typing import Callable, Dict, Iterator, List

import pytest
import requests

from tests.conversation.servers import MODEL
from tests.deployment.cluster import Cluster
from tests.fakes.server import ThreadedServer, wait_for
from tests.fakes.telegram_api import FakeTelegram

pytestmark = [pytest.mark.model, pytest.mark.services]

SECRET = "cluster_secret-7"
INSTANCE_EXPIRY = 3  # seconds without a heartbeat before the other instance adopts a dead one's messages
TICKET_LIFETIME = 10  # seconds before a dead instance's conversation lock expires (Rasa's default is 60)


@pytest.fixture(scope="module")
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    with ThreadedServer(fake.app) as url:
        fake.url = url
        yield fake


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, telegram) -> Iterator[Cluster]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does) first")
    channels = {
        "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
        "CONNECTOR_INSTANCE_EXPIRY_SECONDS": str(INSTANCE_EXPIRY),
        "TICKET_LOCK_LIFETIME": str(TICKET_LIFETIME),
    }
    running = Cluster(tmp_path_factory.mktemp("cluster"), channels)
    try:
        yield running.start(["actions", "rasa1", "rasa2", "proxy"])
    finally:
        running.stop()


def user_texts(tracker: Dict) -> List[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def settle(count: Callable[[], int], quiet: float) -> None:
    """Waits until `count()` has not changed for `quiet` seconds (Telegram paces a chat at 1/s)."""
    size, since = count(), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.2)
        if count() != size:
            size, since = count(), time.monotonic()


def sender() -> str:
    return f"cluster-{uuid.uuid4().hex[:10]}"


def proxied(cluster: Cluster) -> List[str]:
    """The instance the proxy sent each REST message to, in order (from its log)."""
    return re.findall(r" rasa/(rasa\d) .*\"POST /webhooks/rest/webhook\"", cluster.log("proxy"))


def say_through_proxy(cluster: Cluster, person: str, text: str) -> str:
    """Sends one message through the proxy; returns the instance that answered it."""
    before = len(proxied(cluster))
    assert cluster.say(cluster.proxy, person, text)
    wait_for(lambda: len(proxied(cluster)) > before, 10, "the proxy's log line")
    return proxied(cluster)[-1]


def test_either_instance_continues_a_conversation_the_other_began(cluster):
    person = sender()
    first = cluster.say(cluster.instances["rasa1"], person, "cai vneid the nao")
    assert first, "the first instance answered"
    article = cluster.tracker(cluster.instances["rasa1"], person)["slots"]["kb_article"]
    assert article

    on_second = cluster.tracker(cluster.instances["rasa2"], person)
    assert on_second["slots"]["kb_article"] == article
    assert user_texts(on_second) == ["cai vneid the nao"]
    follow_up = cluster.say(cluster.instances["rasa2"], person, "tiếp tục")
    assert follow_up
    assert cluster.tracker(cluster.instances["rasa2"], person)["slots"]["kb_article"] == article


def test_the_same_telegram_update_delivered_to_both_instances_is_answered_once(cluster, telegram):
    chat = 700000 + uuid.uuid4().int % 100000
    update = telegram.text_update(chat, "cách quét mã QR để thanh toán")
    urls = [f"{url}/webhooks/telegram/webhook" for url in cluster.instances.values()]
    statuses: List[int] = []

    def deliver(url: str) -> None:
        statuses.append(telegram.deliver(update, secret=SECRET, url=url).status_code)

    threads = [threading.Thread(target=deliver, args=(url,)) for url in urls * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4

    conversation = f"telegram:{chat}"
    wait_for(lambda: telegram.sent(chat), 60, "the reply on Telegram")
    settle(lambda: len(telegram.sent(chat)), quiet=3)  # a second handling would have replied by now
    tracker = cluster.tracker(cluster.proxy, conversation)
    assert user_texts(tracker) == ["cách quét mã QR để thanh toán"]
    replies = [e for e in tracker["events"] if e["event"] == "bot"]
    assert len(telegram.sent(chat)) == len(replies) > 0


def test_one_persons_messages_reaching_both_instances_at_once_are_handled_in_order(cluster):
    person = sender()
    texts = ["xin chào", "cai vneid the nao", "tiếp tục", "cảm ơn cháu", "lịch học tuần này", "tạm biệt"]
    answered: Dict[int, int] = {}

    def send(n: int, text: str) -> None:
        instance = cluster.instances["rasa1" if n % 2 == 0 else "rasa2"]
        answered[n] = len(cluster.say(instance, person, text))

    threads = []
    for n, text in enumerate(texts):
        threads.append(threading.Thread(target=send, args=(n, text)))
        threads[-1].start()
        time.sleep(0.15)  # the order they arrive in, each while the previous one is still being handled
    for thread in threads:
        thread.join()

    assert all(answered[n] > 0 for n in range(len(texts))), answered
    events = cluster.tracker(cluster.proxy, person)["events"]
    assert user_texts({"events": events}) == texts
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
    # every message got its own replies before the next message was read
    assert all(kinds[i + 1] == "bot" for i, kind in enumerate(kinds) if kind == "user")


def test_the_proxy_keeps_each_person_on_one_instance_and_spreads_people_over_both(cluster):
    served: Dict[str, set] = {}
    for _ in range(16):
        person = sender()
        served[person] = {say_through_proxy(cluster, person, text) for text in ("xin chào", "cai vneid the nao")}
    assert all(len(instances) == 1 for instances in served.values()), served  # the instance that remembers them
    assert set.union(*served.values()) == {"rasa1", "rasa2"}
    assert cluster.token not in cluster.log("proxy")  # the REST token rides in the query string: never logged


def test_killing_an_instance_mid_conversation_loses_no_message_and_the_other_carries_on(cluster, telegram):
    texts = ["xin chào", "cai vneid the nao", "tiếp tục", "tiếp tục", "cảm ơn cháu", "lịch học tuần này"]
    person = sender()
    while say_through_proxy(cluster, person, texts[0]) != "rasa1":  # someone the proxy sends to the instance about to die
        person = sender()
    assert cluster.say(cluster.proxy, person, texts[1])
    article = cluster.tracker(cluster.proxy, person)["slots"]["kb_article"]
    chat = 800000 + uuid.uuid4().int % 100000
    question = "quên mật khẩu VNeID thì làm sao"
    accepted = telegram.deliver(telegram.text_update(chat, question), secret=SECRET, url=f"{cluster.instances['rasa1']}/webhooks/telegram/webhook")
    assert accepted.status_code == 200

    cluster.kill("rasa1")  # right after its 200: the Telegram message is still being handled
    # no wait: the proxy has not noticed yet when the first of these arrives
    assert cluster.say(cluster.proxy, person, texts[2])
    assert cluster.tracker(cluster.proxy, person)["slots"]["kb_article"] == article  # the next step of the same article
    for text in texts[3:]:
        assert cluster.say(cluster.proxy, person, text), text

    assert user_texts(cluster.tracker(cluster.proxy, person)) == texts  # each once, in order
    assert "rasa1" in cluster.log("proxy") and "DOWN" in cluster.log("proxy")
    with pytest.raises(requests.ConnectionError):
        requests.get(cluster.instances["rasa1"], timeout=2)

    # Telegram had its 200 and will not send the message again: the other instance answers it, once
    # once the dead instance's heartbeat and its lock on that conversation have expired
    wait_for(lambda: telegram.sent(chat), 3 * (INSTANCE_EXPIRY + TICKET_LIFETIME), "the reply to the message the dead instance accepted")
    settle(lambda: len(telegram.sent(chat)), quiet=3)
    tracker = cluster.tracker(cluster.proxy, f"telegram:{chat}")
    assert user_texts(tracker) == [question]
    assert len(telegram.sent(chat)) == len([e for e in tracker["events"] if e["event"] == "bot"]) > 0
    assert "Recovered message" in cluster.log("rasa2")
