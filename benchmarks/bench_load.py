"""Load test: simulated residents chatting with the assistant, and with Rasa's stock bot.

Starts, on free loopback ports, the real assistant (models/assistant.tar.gz,
`rasa run --enable-api` with the REST channel and the action server, SQLite
tracker store and assistant database in a temporary folder: the helper of the
conversation tests, tests/conversation/servers.py), then Rasa's own
`rasa init --no-prompt` bot (its model trained once in a temporary folder and
cached under var/bench/stock/rasa-<version>/; REST channel, SQLite tracker
store in a temporary folder too; it has no custom actions, so no action server).

Against each in turn, N simulated users chat for T seconds over 127.0.0.1. Each
user sends a message, waits for the reply, then sends the next (closed loop),
and starts a new conversation (a new sender id) every few messages, as real
residents do. The assistant's users write Vietnamese questions (VNeID,
payments, scams, classes, greetings, with and without diacritics); the stock
bot's users its own greet/mood/bot-challenge phrases. The run is bounded in
time (T plus one request timeout at most) and in count (--max-messages per bot),
and stops by itself.

Prints, for both bots, messages per second, p50/p95 latency and errors, and the
assistant/stock ratios; writes the same figures to var/bench/load.json.

`--bots one-instance,two-instances` measures the deployment of deploy/Procfile
instead (tests/deployment/cluster.py): the action server and HAProxy with one,
then two Rasa instances, on the local PostgreSQL, Redis and RabbitMQ, and
prints how much two instances serve more than one. Two instances only help
with CPUs to spare: on a 2-CPU machine the instances, the action server and
the load generator share the same two.

    python -m benchmarks.bench_load [--users 10] [--duration 30] [--bots assistant,stock]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import httpx

from tests.conversation.servers import BIN, REPO_ROOT, Assistant, free_port, wait_until_up
from tests.deployment.cluster import Cluster

RESULTS_FILE = REPO_ROOT / "var" / "bench" / "load.json"
STOCK_CACHE = REPO_ROOT / "var" / "bench" / "stock"
WEBHOOK = "/webhooks/rest/webhook"
BUSY_MACHINE = 0.10  # other processes' share of the CPUs above which the run is flagged

# What residents write: short, often without diacritics, sometimes with typos or teencode.
ASSISTANT_MESSAGES = [
    # greetings and small talk
    "chào cháu",
    "chao chau nhe",
    "Xin chào, bác muốn hỏi chút việc",
    "alo co ai ko",
    "cảm ơn cháu nhiều",
    # VNeID
    "cài VNeID thế nào hả cháu",
    "cai vneid the nao",
    "làm sao để lên định danh mức 2",
    "dinh danh muc 2 lam o dau",
    "quên mật khẩu VNeID thì làm thế nào",
    "quen mat khau vneid roi chau oi",
    "tích hợp bằng lái xe vào VNeID được không",
    # payments
    "quét mã QR để trả tiền chợ như thế nào",
    "quet ma qr tra tien dien",
    "chuyển tiền cho con qua điện thoại có an toàn không",
    "chuyen khoan nham so tai khoan thi lam sao",
    "nộp tiền điện trên điện thoại được không cháu",
    # scams
    "có người gọi tự xưng công an bảo chuyển tiền, có phải lừa đảo không",
    "co nguoi goi bao con toi bi tai nan can chuyen tien gap",
    "Tài khoản của quý khách bị khóa, bấm vào vcb-xacminh.info để mở lại ngay",
    "tin nhan bao trung thuong xe may, nop phi 500k de nhan",
    "lỡ bấm vào đường link lạ rồi thì phải làm gì",
    "bi lua mat tien roi bao cho ai",
    # class schedules
    "thôn Đông có lớp học điện thoại không",
    "thon tay thu bay nay co lop ko",
    "lớp quét mã QR học ở đâu cháu",
    "khi nao co lop hoc vneid",
    "tuần sau có lớp nào buổi tối không",
    "to dan pho 3 co lop cho nguoi gia khong",
    "lớp đó mấy giờ bắt đầu",
    # asking for a person
    "cho bác gặp người hướng dẫn trực tiếp",
    "goi ai de duoc giup",
]

# The stock bot's own intents (rasa init: greet, goodbye, affirm, deny, mood_*, bot_challenge).
STOCK_MESSAGES = [
    "hello", "hi there", "good morning", "hey",
    "I am feeling great", "so good", "wonderful",
    "I am sad", "not very good", "my day was awful",
    "yes", "of course", "no", "not really",
    "are you a bot?", "am I talking to a human?",
    "bye", "see you later",
]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank; 0 without values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


@dataclass
class LoadResult:
    """What one bot did under load."""

    bot: str
    users: int
    duration_s: float
    sent: int = 0
    ok: int = 0
    empty_replies: int = 0
    errors: Counter = field(default_factory=Counter)
    latencies_ms: List[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    startup_s: float = 0.0
    other_cpu: Optional[float] = None  # share of the machine's CPUs that other processes used meanwhile

    def summary(self) -> Dict[str, object]:
        lat = self.latencies_ms
        return {
            "users": self.users,
            "duration_s": self.duration_s,
            "elapsed_s": round(self.elapsed_s, 2),
            "sent": self.sent,
            "replied": self.ok,
            "messages_per_s": round(self.ok / self.elapsed_s, 2) if self.elapsed_s else 0.0,
            "p50_ms": round(percentile(lat, 50), 1),
            "p95_ms": round(percentile(lat, 95), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "max_ms": round(max(lat), 1) if lat else 0.0,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "empty_replies": self.empty_replies,
            "server_startup_s": round(self.startup_s, 1),
            "other_processes_cpu_share": None if self.other_cpu is None else round(self.other_cpu, 3),
        }


# -- is the machine shared? ----------------------------------------------------------
class CpuProbe:
    """How much of the machine's CPU time went to processes other than ours during a window (Linux /proc).

    The load test shares the CPUs with anything else running; a busy neighbour
    (a test suite, a training run) lowers the figures, so the run reports it.
    """

    def __init__(self, pids: Sequence[int]) -> None:
        self.pids = list(pids)
        self.start = self._sample()

    @staticmethod
    def _busy_ticks() -> int:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait (guest time is inside user)

    def _process_ticks(self) -> int:
        ticks = 0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks

    def _sample(self):
        try:
            return time.monotonic(), self._busy_ticks(), self._process_ticks()
        except (OSError, ValueError, IndexError):
            return None

    def others_share(self) -> Optional[float]:
        end = self._sample()
        if self.start is None or end is None:
            return None
        seconds = end[0] - self.start[0]
        others = (end[1] - self.start[1]) - (end[2] - self.start[2])
        capacity = seconds * os.sysconf("SC_CLK_TCK") * (os.cpu_count() or 1)
        return max(0.0, others / capacity) if capacity else None


# -- the simulated users ----------------------------------------------------------
async def simulated_user(
    client: httpx.AsyncClient,
    index: int,
    messages: Sequence[str],
    deadline: float,
    max_messages: int,
    conversation_length: int,
    rng: random.Random,
    result: LoadResult,
    run_id: str,
) -> None:
    """One resident: send, wait for the reply, send the next, until time or the message budget runs out."""
    conversation, turn = 0, 0
    order = list(messages)
    rng.shuffle(order)
    while time.monotonic() < deadline and result.sent < max_messages:
        if turn == conversation_length:
            conversation, turn = conversation + 1, 0
        sender = f"load-{run_id}-u{index}-c{conversation}"
        text = order[(conversation * conversation_length + turn) % len(order)]
        turn += 1
        result.sent += 1
        started = time.perf_counter()
        try:
            response = await client.post(WEBHOOK, json={"sender": sender, "message": text})
        except httpx.TimeoutException:
            result.errors["timeout"] += 1
            continue
        except httpx.HTTPError as error:
            result.errors[type(error).__name__] += 1
            await asyncio.sleep(0.1)  # a refused connection must not spin
            continue
        latency = 1000 * (time.perf_counter() - started)
        if response.status_code != 200:
            result.errors[f"HTTP {response.status_code}"] += 1
            continue
        try:
            replies = response.json()
        except ValueError:
            result.errors["not JSON"] += 1
            continue
        if not isinstance(replies, list):
            result.errors["not a list"] += 1
            continue
        result.ok += 1
        result.latencies_ms.append(latency)
        if not replies:
            result.empty_replies += 1


async def run_load(
    url: str,
    bot: str,
    messages: Sequence[str],
    users: int,
    duration: float,
    max_messages: int,
    conversation_length: int,
    timeout: float,
    seed: int,
    params: Optional[Dict[str, str]] = None,
) -> LoadResult:
    """N closed-loop users for `duration` seconds; in-flight requests may finish within `timeout`."""
    result = LoadResult(bot=bot, users=users, duration_s=duration)
    run_id = f"{int(time.time())}-{os.getpid()}"
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=url, params=params, timeout=timeout, limits=limits, trust_env=False) as client:
        started = time.monotonic()
        deadline = started + duration
        tasks = [
            simulated_user(client, i, messages, deadline, max_messages, conversation_length,
                           random.Random(seed * 1000 + i), result, run_id)
            for i in range(users)
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=duration + timeout + 5)
        except asyncio.TimeoutError:
            result.errors["stopped at the hard time limit"] += 1
        result.elapsed_s = time.monotonic() - started
    return result


def warm_up(url: str, messages: Sequence[str], count: int, timeout: float, params: Optional[Dict[str, str]] = None) -> None:
    """A few messages, one at a time and not counted: lazy loading happens here, not in the figures."""
    with httpx.Client(base_url=url, params=params, timeout=timeout, trust_env=False) as client:
        for i, text in enumerate(list(messages)[:count]):
            client.post(WEBHOOK, json={"sender": f"warmup-{i}", "message": text})


# -- the stock bot ----------------------------------------------------------------
def server_env() -> Dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def stock_model(retrain: bool = False) -> Path:
    """The `rasa init --no-prompt` model, trained once per Rasa version and cached under var/bench/stock/."""
    rasa_version = package_version("rasa")
    folder = STOCK_CACHE / f"rasa-{rasa_version}"
    model = folder / "stock.tar.gz"
    if model.exists() and not retrain:
        print(f"stock bot: cached model {model.relative_to(REPO_ROOT)}", flush=True)
        return model
    print(f"stock bot: rasa init --no-prompt and training (Rasa {rasa_version}; cached afterwards) ...", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-stock-") as workdir:
        project = Path(workdir) / "stock"
        project.mkdir()
        log = folder / "init.log"
        with log.open("wb") as out:
            done = subprocess.run(
                [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
                cwd=workdir, env=server_env(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                timeout=1800,
            )
        trained = sorted((project / "models").glob("*.tar.gz"))
        if done.returncode != 0 or not trained:
            raise RuntimeError(f"rasa init failed (exit {done.returncode}); see {log}")
        partial = folder / "stock.tar.gz.partial"
        shutil.copyfile(trained[-1], partial)
        os.replace(partial, model)
        for name in ("config.yml", "domain.yml"):
            shutil.copyfile(project / name, folder / name)
    seconds = time.monotonic() - started
    (folder / "trained.json").write_text(json.dumps(
        {"rasa": rasa_version, "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": round(seconds, 1)},
        indent=1,
    ))
    print(f"stock bot: trained in {seconds:.0f} s", flush=True)
    return model


class StockBot:
    """`rasa run --enable-api` on the stock model: REST channel, SQLite tracker store in `workdir`."""

    def __init__(self, workdir: Path, model: Path) -> None:
        self.workdir = workdir
        self.model = model
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: Optional[subprocess.Popen] = None

    @property
    def pids(self) -> List[int]:
        return [self.process.pid] if self.process else []

    def start(self) -> "StockBot":
        credentials = self.workdir / "credentials.yml"
        credentials.write_text("rest:\n")
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {self.workdir / 'tracker.db'}\n"
        )
        log = self.workdir / "stock.log"
        self.process = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(self.port),
             "--credentials", str(credentials), "--endpoints", str(endpoints), "--model", str(self.model)],
            cwd=self.workdir, env=server_env(), stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{self.url}/status", self.process, log)
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None


class DeployedBot:
    """deploy/Procfile's action server and HAProxy with one or two Rasa instances (PostgreSQL, Redis, RabbitMQ)."""

    def __init__(self, workdir: Path, instances: int) -> None:
        self.cluster = Cluster(workdir, {})
        self.names = ["actions", *["rasa1", "rasa2"][:instances], "proxy"]
        self.url = self.cluster.proxy
        self.params = {"token": self.cluster.token}

    @property
    def pids(self) -> List[int]:
        return [process.pid for process in self.cluster.processes.values()]

    def start(self) -> "DeployedBot":
        self.cluster.start(self.names)
        return self

    def stop(self) -> None:
        self.cluster.stop()


BOTS = ("assistant", "stock", "one-instance", "two-instances")


def start_server(bot: str, workdir: Path, args: argparse.Namespace):
    if bot == "stock":
        return StockBot(workdir, stock_model(args.retrain_stock)).start()
    if bot in ("one-instance", "two-instances"):
        return DeployedBot(workdir, 1 if bot == "one-instance" else 2).start()
    return Assistant(workdir).start()


# -- one bot, then the other --------------------------------------------------------
def measure(bot: str, args: argparse.Namespace) -> LoadResult:
    messages = STOCK_MESSAGES if bot == "stock" else ASSISTANT_MESSAGES
    with tempfile.TemporaryDirectory(prefix=f"bench-load-{bot}-") as tmp:
        workdir = Path(tmp)
        print(f"{bot}: starting the servers ...", flush=True)
        started = time.monotonic()
        server = start_server(bot, workdir, args)
        startup = time.monotonic() - started
        params = getattr(server, "params", None)
        try:
            warm_up(server.url, messages, args.warmup, args.timeout, params)
            print(f"{bot}: up in {startup:.0f} s; {args.users} users for {args.duration:g} s ...", flush=True)
            # our own processes (servers, this load generator) are not "others"; the conversation
            # tests' helper keeps its action server and Rasa server in `_processes`
            pids = server.pids if bot != "assistant" else [p.pid for p in server._processes]
            probe = CpuProbe(pids + [os.getpid()])
            result = asyncio.run(run_load(
                server.url, bot, messages, args.users, args.duration, args.max_messages,
                args.conversation_length, args.timeout, args.seed, params,
            ))
            result.other_cpu = probe.others_share()
        finally:
            server.stop()
        result.startup_s = startup
        return result


def ratios(measured: Dict[str, object], baseline: Dict[str, object]) -> Dict[str, Optional[float]]:
    def ratio(key: str) -> Optional[float]:
        a, s = float(measured[key]), float(baseline[key])
        return round(a / s, 2) if s else None

    return {key: ratio(key) for key in ("messages_per_s", "p50_ms", "p95_ms")}


def report(results: Dict[str, Dict[str, object]], args: argparse.Namespace) -> Dict[str, object]:
    print(f"\nLoad test: {args.users} users per bot, {args.duration:g} s each, closed loop over 127.0.0.1 "
          f"(new conversation every {args.conversation_length} messages), {os.cpu_count()} CPUs shared "
          f"by the servers and the load generator\n")
    print("| bot | replies | messages/s | p50 ms | p95 ms | p99 ms | max ms | errors | empty replies |")
    print("|---|---|---|---|---|---|---|---|---|")
    names = {
        "assistant": "assistant (models/assistant.tar.gz + action server)", "stock": "stock `rasa init` bot",
        "one-instance": "deploy/Procfile, 1 Rasa instance", "two-instances": "deploy/Procfile, 2 Rasa instances",
    }
    for bot, s in results.items():
        print(f"| {names[bot]} | {s['replied']} | {s['messages_per_s']:.2f} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} "
              f"| {s['p99_ms']:.0f} | {s['max_ms']:.0f} | {s['errors']} | {s['empty_replies']} |")
    out: Dict[str, object] = {}
    fmt = lambda v: "n/a" if v is None else f"{v:.2f}×"  # noqa: E731
    for measured, baseline in (("assistant", "stock"), ("two-instances", "one-instance")):
        if measured in results and baseline in results:
            row = ratios(results[measured], results[baseline])
            out.update(row if measured == "assistant" else {f"{k}_two_vs_one": v for k, v in row.items()})
            print(f"| ratio {measured}/{baseline} | | {fmt(row['messages_per_s'])} | {fmt(row['p50_ms'])} "
                  f"| {fmt(row['p95_ms'])} | | | | |")
    for bot, s in results.items():
        if s["error_kinds"]:
            print(f"{bot} errors: {s['error_kinds']}")
    shares = {bot: s["other_processes_cpu_share"] for bot, s in results.items()}
    if all(v is not None for v in shares.values()):
        print("CPU used by other processes on this machine during the load: "
              + ", ".join(f"{bot} {100 * v:.0f}%" for bot, v in shares.items()))
        if any(v > BUSY_MACHINE for v in shares.values()):
            print(f"WARNING: above {100 * BUSY_MACHINE:.0f}%: something else was running; the figures are lower "
                  "than on a quiet machine and the ratio is unreliable. Run again when the machine is idle.")
    return out


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10, help="simulated users per bot (default 10)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load per bot (default 30)")
    parser.add_argument("--max-messages", type=int, default=20000, help="at most this many messages per bot")
    parser.add_argument("--conversation-length", type=int, default=8,
                        help="messages per conversation before a user starts a new one (default 8)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds one request may take (default 30)")
    parser.add_argument("--warmup", type=int, default=5, help="uncounted messages sent first, one at a time")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bots", default="assistant,stock",
                        help=f"which bots, comma-separated, of {', '.join(BOTS)} (default assistant,stock)")
    parser.add_argument("--retrain-stock", action="store_true", help="train the stock bot again, ignoring the cache")
    parser.add_argument("--json", type=Path, default=RESULTS_FILE, help="where to write the figures")
    args = parser.parse_args(argv)
    args.bots = [b.strip() for b in args.bots.split(",") if b.strip()]
    if not args.bots or set(args.bots) - set(BOTS):
        parser.error(f"--bots takes {', '.join(BOTS)}")
    if args.users < 1 or args.duration <= 0 or args.max_messages < 1 or args.conversation_length < 1:
        parser.error("--users, --duration, --max-messages and --conversation-length must be positive")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    began = time.monotonic()
    results = {bot: measure(bot, args).summary() for bot in args.bots}
    ratio = report(results, args)
    total = time.monotonic() - began
    print(f"\nwhole benchmark: {total:.0f} s (servers' start-up: "
          + ", ".join(f"{bot} {s['server_startup_s']:.0f} s" for bot, s in results.items()) + ")")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "rasa": package_version("rasa"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "results": results,
        "ratio_assistant_over_stock": ratio,
        "total_s": round(total, 1),
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        shown = args.json.resolve().relative_to(REPO_ROOT)
    except ValueError:
        shown = args.json
    print(f"wrote {shown}")
    failed = any(s["replied"] == 0 for s in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
