"""Sends the assistant's replies to a Telegram chat.

Texts longer than Telegram's 4096 (UTF-16) limit are split on sentence
boundaries, buttons become an inline keyboard on the last piece (one button a
row: big targets on a small screen), payloads over 64 bytes travel as short
keys, and every send is paced per chat and retried after "retry after N s" or
a network failure. A message that still cannot be delivered is logged with the
reason; sending never raises into Rasa, which would otherwise drop the turn.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from typing import Any, Awaitable, Callable, Dict, List, Optional

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.masking import mask
from connectors.dispatch import TextOutput
from connectors.pacing import AnyPacer
from connectors.payload_keys import PayloadKeys
from connectors.text_splitting import split_text, utf16_length

logger = logging.getLogger(__name__)

SENDER_PREFIX = "telegram:"


def chat_id_of(recipient_id: str) -> int:
    """The Telegram chat id in a conversation id (`telegram:123`, or a bare `123`)."""
    return int(str(recipient_id).removeprefix(SENDER_PREFIX))


def retry_after_seconds(error: RetryAfter) -> float:
    """PTB 22 gives int or timedelta depending on PTB_TIMEDELTA; accept both quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramOutput(TextOutput):
    """One per bot; holds the python-telegram-bot `Bot` (frozen, so not subclassed)."""

    def __init__(
        self,
        bot: Bot,
        pacer: AnyPacer,
        keys: PayloadKeys,
        max_attempts: int = 5,
        max_retry_wait: float = 300.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self._pacer = pacer
        self._keys = keys
        self._attempts = max_attempts
        self._max_wait = max_retry_wait
        self._sleep = sleep

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_text(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text(recipient_id, text, self.keyboard(buttons))

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        logger.warning("Telegram: a custom payload for %s was not sent (not supported): %.200s", recipient_id, mask(str(json_message)))

    async def send_text(self, recipient_id: str, text: str, markup: Optional[InlineKeyboardMarkup] = None) -> bool:
        """Sends `text` (split as needed; the keyboard goes on the last piece). True if all arrived."""
        try:
            chat_id = chat_id_of(recipient_id)
        except ValueError:
            logger.error("Telegram: cannot send to %r, which is not a Telegram conversation id", recipient_id)
            return False
        pieces = split_text(text or "", MessageLimit.MAX_TEXT_LENGTH, utf16_length)
        if not pieces and markup is not None:
            pieces = ["…"]  # buttons need a message to hang on
        delivered = True
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            delivered &= await self._deliver(chat_id, piece, markup if last else None)
        return delivered

    def keyboard(self, buttons: List[Dict[str, Any]]) -> Optional[InlineKeyboardMarkup]:
        """Rasa buttons as an inline keyboard, one a row; a button with a `url` opens it."""
        rows = []
        for button in buttons:
            title = str(button.get("title") or "").strip()
            if not title:
                continue
            if button.get("url"):
                rows.append([InlineKeyboardButton(title, url=str(button["url"]))])
            else:
                payload = str(button.get("payload") or title)
                rows.append([InlineKeyboardButton(title, callback_data=self._keys.to_callback_data(payload))])
        return InlineKeyboardMarkup(rows) if rows else None

    async def _deliver(self, chat_id: int, text: str, markup: Optional[InlineKeyboardMarkup]) -> bool:
        async with self._pacer.turn(chat_id):
            for attempt in range(1, self._attempts + 1):
                try:
                    await self.bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
                    return True
                except RetryAfter as error:
                    wait = retry_after_seconds(error)
                    if wait > self._max_wait:
                        return self._undelivered(chat_id, text, f"Telegram asked to wait {wait:.0f} s (limit {self._max_wait:.0f} s)")
                    logger.warning("Telegram: flood limit in chat %s, retrying in %.1f s (attempt %d)", chat_id, wait, attempt)
                    await self._sleep(wait)
                except Forbidden as error:
                    return self._undelivered(chat_id, text, f"the user blocked the bot or never started it ({error.message})")
                except BadRequest as error:
                    return self._undelivered(chat_id, text, f"Telegram refused the message ({error.message})")
                except NetworkError as error:  # includes TimedOut; a timed-out message may arrive twice
                    logger.warning("Telegram: network error sending to chat %s (attempt %d): %s", chat_id, attempt, error)
                    await self._sleep(min(2.0 ** (attempt - 1), 30.0))
                except TelegramError as error:
                    return self._undelivered(chat_id, text, f"Telegram error: {error.message}")
                except Exception as error:  # never let a send failure abort Rasa's turn
                    logger.exception("Telegram: unexpected error sending to chat %s", chat_id)
                    return self._undelivered(chat_id, text, repr(error))
            return self._undelivered(chat_id, text, f"gave up after {self._attempts} attempts")

    @staticmethod
    def _undelivered(chat_id: int, text: str, reason: str) -> bool:
        logger.error("Telegram: message NOT delivered to chat %s: %s. Text: %.120r", chat_id, reason, mask(text))
        return False
