"""`python -m bot.reminders [--once]`: the reminder worker (`make reminders`; `make run` starts it)."""
from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Optional, Sequence

from bot.reminders.delivery import RasaDelivery
from bot.reminders.worker import Worker
from bot.settings import SettingsError


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Sends class reminders when they are due (RASA_URL, RASA_TOKEN).")
    parser.add_argument("--once", action="store_true", help="look once, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        delivery = RasaDelivery.from_environment()
    except SettingsError as error:
        parser.exit(2, f"Reminder worker: {error}\n")
    worker = Worker(delivery)
    try:
        if args.once:
            print(dict(worker.run_once()))
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        worker.run_forever(stop)
        return 0
    finally:
        delivery.close()


if __name__ == "__main__":
    raise SystemExit(main())
