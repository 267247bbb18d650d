"""The load benchmark's users (make bench-load): closed loop, bounded, errors counted.

Most tests drive the simulated users against a fake REST channel on 127.0.0.1
that records what it receives; the last ones (marked `model`) send the
benchmark's own messages to the real assistant.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks import bench_load
from benchmarks.bench_load import ASSISTANT_MESSAGES, STOCK_MESSAGES, percentile, ratios, run_load
from tests.fakes.server import ThreadedServer


class FakeRest:
    """A REST channel that answers after `delay` seconds and records senders and concurrency."""

    def __init__(self, delay: float = 0.02, fail=(), hang=(), silent=()) -> None:
        self.delay, self.fail, self.hang, self.silent = delay, set(fail), set(hang), set(silent)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.by_sender = defaultdict(list)
        self.sender_overlap = False
        self.busy_senders = set()
        self.received = 0
        self.tokens = set()
        self.app = Starlette(routes=[Route(bench_load.WEBHOOK, self.webhook, methods=["POST"])])

    async def webhook(self, request: Request):
        body = await request.json()
        sender, text = body["sender"], body["message"]
        with self.lock:
            self.tokens.add(request.query_params.get("token"))
            self.received += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            user = sender.rsplit("-c", 1)[0]
            self.sender_overlap |= user in self.busy_senders
            self.busy_senders.add(user)
            self.by_sender[sender].append(text)
        try:
            await asyncio.sleep(5 if text in self.hang else self.delay)
            if text in self.fail:
                return JSONResponse({"error": "boom"}, status_code=500)
            return JSONResponse([] if text in self.silent else [{"recipient_id": sender, "text": "ok"}])
        finally:
            with self.lock:
                self.in_flight -= 1
                self.busy_senders.discard(user)


def load(url, messages=("a", "b", "c"), users=3, duration=0.6, max_messages=10_000, length=4, timeout=2.0):
    return asyncio.run(run_load(url, "fake", messages, users, duration, max_messages, length, timeout, seed=1))


def test_closed_loop_users_stop_by_themselves():
    fake = FakeRest(delay=0.02)
    with ThreadedServer(fake.app) as url:
        started = time.monotonic()
        result = load(url, users=3, duration=0.6)
        took = time.monotonic() - started
    assert took < 0.6 + 1.0
    assert fake.max_in_flight <= 3  # never more messages in flight than users
    assert not fake.sender_overlap  # each user waits for the reply before the next message
    assert result.ok == result.sent == fake.received > 10
    assert len(result.latencies_ms) == result.ok and min(result.latencies_ms) >= 20
    summary = result.summary()
    assert summary["errors"] == 0 and summary["messages_per_s"] > 0
    assert summary["p50_ms"] <= summary["p95_ms"] <= summary["max_ms"]


def test_the_message_budget_bounds_the_count():
    fake = FakeRest(delay=0.01)
    with ThreadedServer(fake.app) as url:
        result = load(url, users=4, duration=30, max_messages=7)
    assert result.sent == result.ok == fake.received == 7
    assert result.elapsed_s < 5


def test_a_new_conversation_every_few_messages():
    fake = FakeRest(delay=0.005)
    with ThreadedServer(fake.app) as url:
        load(url, messages=["m1", "m2", "m3", "m4", "m5"], users=2, duration=30, max_messages=20, length=3)
    assert all(len(texts) <= 3 for texts in fake.by_sender.values())
    assert len(fake.by_sender) >= 20 // 3
    assert all(len(set(texts)) == len(texts) for texts in fake.by_sender.values())  # no repeats within one


def test_errors_timeouts_and_silences_are_counted_apart():
    fake = FakeRest(delay=0.01, fail={"bad"}, hang={"slow"}, silent={"quiet"})
    with ThreadedServer(fake.app) as url:
        started = time.monotonic()
        result = load(url, messages=["bad", "slow", "quiet", "fine"], users=2, duration=1.0, timeout=0.5)
        took = time.monotonic() - started
    assert took < 1.0 + 0.5 + 1.5  # bounded by the duration plus one request timeout
    assert result.errors["HTTP 500"] >= 1 and result.errors["timeout"] >= 1
    assert result.empty_replies >= 1
    assert result.ok + sum(result.errors.values()) == result.sent


def test_nothing_listening_is_an_error_not_a_hang():
    from tests.conversation.servers import free_port

    result = load(f"http://127.0.0.1:{free_port()}", users=2, duration=0.5)
    assert result.ok == 0 and sum(result.errors.values()) == result.sent >= 2


def test_percentiles_and_ratios():
    assert percentile([], 50) == 0.0
    assert percentile([5, 1, 3, 2, 4], 50) == 3
    assert percentile(range(1, 101), 95) == 95
    assert ratios({"messages_per_s": 5, "p50_ms": 200, "p95_ms": 400},
                  {"messages_per_s": 20, "p50_ms": 50, "p95_ms": 0}) == {
        "messages_per_s": 0.25, "p50_ms": 4.0, "p95_ms": None}


def test_the_messages_are_what_residents_write():
    assert len(ASSISTANT_MESSAGES) >= 30 and len(set(ASSISTANT_MESSAGES)) == len(ASSISTANT_MESSAGES)
    marked = [m for m in ASSISTANT_MESSAGES if any(unicodedata.decomposition(c) for c in m if ord(c) > 127)]
    assert 10 <= len(marked) <= len(ASSISTANT_MESSAGES) - 10  # with and without diacritics
    assert len(STOCK_MESSAGES) >= 10 and all(m.isascii() for m in STOCK_MESSAGES)


def test_a_cached_stock_model_is_not_trained_again(tmp_path, monkeypatch):
    from importlib.metadata import version

    monkeypatch.setattr(bench_load, "STOCK_CACHE", tmp_path)
    monkeypatch.setattr(bench_load, "REPO_ROOT", tmp_path)
    cached = tmp_path / f"rasa-{version('rasa')}" / "stock.tar.gz"
    cached.parent.mkdir()
    cached.write_bytes(b"model")

    def no_training(*args, **kwargs):
        raise AssertionError("trained although a model was cached")

    monkeypatch.setattr(bench_load.subprocess, "run", no_training)
    assert bench_load.stock_model() == cached


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads Linux /proc")
def test_the_cpu_probe_tells_our_processes_from_others():
    spinner = subprocess.Popen([sys.executable, "-c", "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"])
    try:
        others = bench_load.CpuProbe([os.getpid()])
        ours = bench_load.CpuProbe([os.getpid(), spinner.pid])
        time.sleep(1.0)
        seen_as_other, seen_as_ours = others.others_share(), ours.others_share()
    finally:
        spinner.wait(timeout=10)
    assert 0 <= seen_as_ours <= 1 and 0 <= seen_as_other <= 1
    assert seen_as_other - seen_as_ours > 0.15  # the spinner (about one CPU busy) counts only when not ours


def test_the_deployments_token_goes_with_every_message():
    fake = FakeRest()
    with ThreadedServer(fake.app) as url:
        bench_load.warm_up(url, ["a"], 1, 2.0, {"token": "s3cret"})
        asyncio.run(run_load(url, "fake", ["a", "b"], 2, 0.3, 100, 4, 2.0, seed=1, params={"token": "s3cret"}))
    assert fake.received > 2 and fake.tokens == {"s3cret"}


def test_two_instances_are_compared_with_one(capsys):
    def figures(rate):
        return {"replied": 10, "messages_per_s": rate, "p50_ms": 100.0, "p95_ms": 200.0, "p99_ms": 1, "max_ms": 1,
                "errors": 0, "empty_replies": 0, "error_kinds": {}, "other_processes_cpu_share": None}

    args = bench_load.parse_args(["--bots", "one-instance,two-instances"])
    out = bench_load.report({"one-instance": figures(20.0), "two-instances": figures(33.0)}, args)
    assert out["messages_per_s_two_vs_one"] == 1.65
    assert "ratio two-instances/one-instance | | 1.65×" in capsys.readouterr().out


def test_flags():
    args = bench_load.parse_args([])
    assert (args.users, args.duration, args.bots) == (10, 30, ["assistant", "stock"])
    args = bench_load.parse_args(["--users", "3", "--duration", "5", "--bots", "stock"])
    assert (args.users, args.duration, args.bots) == (3, 5, ["stock"])
    with pytest.raises(SystemExit):
        bench_load.parse_args(["--bots", "other"])
    with pytest.raises(SystemExit):
        bench_load.parse_args(["--users", "0"])


@pytest.mark.model
def test_every_benchmark_message_gets_an_answer_from_the_assistant(assistant):
    """The load is realistic only if the assistant answers these messages, not only falls back."""
    silent = [text for i, text in enumerate(ASSISTANT_MESSAGES) if not assistant.say(f"load-check-{i}", text)]
    assert not silent


@pytest.mark.model
def test_a_short_load_on_the_assistant_has_no_errors(assistant):
    result = asyncio.run(run_load(assistant.url, "assistant", ASSISTANT_MESSAGES, users=2, duration=3,
                                  max_messages=60, conversation_length=8, timeout=30, seed=3))
    assert result.ok > 0 and not result.errors
