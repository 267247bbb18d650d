"""The connectors' logging: at Rasa's log level, and with secrets kept out.

Rasa sets the level of its own `rasa` loggers from `--verbose`/`--quiet`
(LOG_LEVEL). While the model loads, absl (imported with TensorFlow) raises
the root level to WARNING, so without the same treatment the connectors' INFO
lines (ignored events, redeliveries, token refreshes) would vanish.

The Bot API puts the bot token in every URL (`/bot<token>/sendMessage`), httpx
logs each request URL at INFO, and PTB's InvalidToken message quotes the
token. Whoever holds the token controls the bot, and logs travel further than
secrets should, so every record passing the root handlers or the loggers named
here has the token replaced.
"""
from __future__ import annotations

import logging
import os
from typing import Iterable

_ALWAYS = ("httpx", "httpcore", "telegram", "connectors")


# ours: the connectors, and the payload check they share with the web chat
_FOLLOWING = ("connectors", "bot.offered_payloads")


def follow_rasa_log_level() -> None:
    for name in _FOLLOWING:
        logging.getLogger(name).setLevel(os.environ.get("LOG_LEVEL", "INFO"))


class Redact(logging.Filter):
    def __init__(self, secret: str, label: str) -> None:
        super().__init__()
        self.secret = secret
        self.label = label

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call is not ours to fix
            return True
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, self.label), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, self.label)
        return True


def redact(secret: str, label: str, prefixes: Iterable[str] = _ALWAYS) -> None:
    """Installs the filter on the root handlers and on every logger under `prefixes`."""
    if not secret:
        return
    flt = Redact(secret, label)
    prefixes = tuple(prefixes)
    targets = list(logging.getLogger().handlers)
    targets += [logging.getLogger(p) for p in prefixes]
    targets += [
        logger for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and name.startswith(tuple(p + "." for p in prefixes))
    ]
    for target in targets:
        if not any(isinstance(f, Redact) and f.secret == secret for f in target.filters):
            target.addFilter(flt)
