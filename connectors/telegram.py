"""Telegram channel for Rasa, built on python-telegram-bot 22 (not Rasa's aiogram one).

Webhook: POST /webhooks/telegram/webhook. Only requests carrying the secret
registered with `setWebhook` (header X-Telegram-Bot-Api-Secret-Token,
compared in constant time) are accepted. The route answers at once and the
update is handled in the background, in order per chat. Settings and secrets:
connectors/README.md.
"""
from __future__ import annotations

import hmac
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, CallbackQuery, Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.masking import mask
from connectors import settings
from connectors.background import ConversationQueue
from connectors.dedup import DeliveryIds, RecentIds, SharedRecentIds
from connectors.dispatch import Dispatcher, OnNewMessage
from connectors.inbound import REPLY, Inbound, ignore
from connectors.logs import follow_rasa_log_level, redact
from connectors.in_flight import InFlight
from connectors.offers import AnsweredMessages, ResidentAddress, TrackerOffers
from connectors.pacing import AnyPacer, Pacer, SharedPacer
from connectors.payload_keys import PayloadKeys
from connectors.replies import KINDS, Replies
from connectors.shared_state import SharedState
from connectors.telegram_output import SENDER_PREFIX, TelegramOutput
from connectors.telegram_updates import classify
from connectors.webhook_requests import read_json_object, reject

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SECRET_VARIABLES = {"token": "TELEGRAM_BOT_TOKEN", "secret_token": "TELEGRAM_WEBHOOK_SECRET"}
DEFAULT_BASE_URL = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret_token: str
    base_url: str = DEFAULT_BASE_URL
    button_store: str = "var/telegram_buttons.sqlite3"
    messages_per_second: float = 1.0
    burst: int = 1
    overall_messages_per_second: float = 30.0
    timeout_seconds: float = 10.0
    max_retry_wait_seconds: float = 300.0
    group_notice_every_seconds: float = 600.0
    address: Dict[str, str] = field(default_factory=dict)
    replies: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, credentials: Optional[Dict[Text, Any]]) -> Optional["TelegramSettings"]:
        """From the environment and credentials.yml; None when the bot token and secret are unset."""
        secrets = settings.secrets("Telegram", credentials, SECRET_VARIABLES)
        if secrets is None:
            return None
        if not SECRET_PATTERN.match(secrets["secret_token"]):
            raise settings.ConfigurationError("Telegram: TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
        c = credentials
        return cls(
            **secrets,
            base_url=settings.option(c, "base_url", DEFAULT_BASE_URL, "TELEGRAM_API_BASE_URL"),
            button_store=settings.option(c, "button_store", cls.button_store, "TELEGRAM_BUTTON_STORE"),
            messages_per_second=settings.number(c, "messages_per_second", cls.messages_per_second),
            burst=int(settings.number(c, "burst", cls.burst)),
            overall_messages_per_second=settings.number(c, "overall_messages_per_second", cls.overall_messages_per_second),
            timeout_seconds=settings.number(c, "timeout_seconds", cls.timeout_seconds),
            max_retry_wait_seconds=settings.number(c, "max_retry_wait_seconds", cls.max_retry_wait_seconds),
            group_notice_every_seconds=settings.number(c, "group_notice_every_seconds", cls.group_notice_every_seconds),
            address=settings.mapping(c, "address", ("bac", "Bac", "chau", "Chau")),
            replies=settings.mapping(c, "replies", KINDS),
        )


class TelegramInput(InputChannel):
    """Receives Telegram updates by webhook and answers through the Bot API."""

    def __init__(self, config: Optional[TelegramSettings]) -> None:
        self.config = config
        self.output: Optional[TelegramOutput] = None
        self._dispatcher: Optional[Dispatcher] = None
        self._keys: Optional[PayloadKeys] = None
        self._username: Optional[str] = None
        self._updates: DeliveryIds = RecentIds(ttl_seconds=86400)
        self._shared: Optional[SharedState] = None
        self._on_new_message: Optional[OnNewMessage] = None
        self._group_notices = RecentIds(ttl_seconds=config.group_notice_every_seconds if config else 600)
        if config is None:
            logger.info("Telegram channel is off: TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET are not set")

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        return cls(TelegramSettings.read(credentials))

    def get_output_channel(self) -> Optional[TelegramOutput]:
        return self.output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("telegram_webhook", __name__)
        self._on_new_message = on_new_message
        bp.listener("before_server_start")(self._start)
        bp.listener("before_server_stop")(self._drain)
        bp.listener("after_server_stop")(self._stop)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.config else "off", "bot": self._username})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return bp

    async def _start(self, app: Any, *_: Any) -> None:
        follow_rasa_log_level()
        config = self.config
        if config is None:
            return
        redact(config.token, "<TELEGRAM_BOT_TOKEN>")
        timeout = config.timeout_seconds
        request = HTTPXRequest(
            connection_pool_size=64, read_timeout=timeout, write_timeout=timeout, connect_timeout=timeout, pool_timeout=timeout
        )
        bot = Bot(config.token, base_url=config.base_url, request=request)
        rates = (config.messages_per_second, config.burst, config.overall_messages_per_second)
        in_flight: Optional[InFlight] = None
        self._shared = SharedState.from_environment()
        if self._shared is None:
            self._keys = PayloadKeys(config.button_store)
            pacer: AnyPacer = Pacer(*rates)
        else:
            logger.info("Telegram: delivery ids, pacing, button keys and messages in flight are shared in Redis at %s", self._shared.describe())
            this_bot = self._shared.scoped("telegram", config.token.split(":", 1)[0])  # the bot id, not the secret
            self._keys = PayloadKeys(None, shared=this_bot)
            pacer = SharedPacer(this_bot, *rates)
            self._updates = SharedRecentIds(this_bot, "updates")
            in_flight = InFlight(this_bot)
        self.output = TelegramOutput(bot, pacer, self._keys, max_retry_wait=config.max_retry_wait_seconds)
        replies = Replies(config.address, config.replies)
        self._dispatcher = Dispatcher(
            self.name(), SENDER_PREFIX, self.output, replies, ConversationQueue("Telegram"), TrackerOffers(app),
            in_flight, AnsweredMessages(app), ResidentAddress(app),
        )
        try:
            await bot.initialize()  # calls getMe: checks the token
            self._username = bot.username
            logger.info("Telegram channel is on for @%s", self._username)
        except TelegramError as error:
            logger.error("Telegram: getMe failed (%s); check TELEGRAM_BOT_TOKEN. Each send will still be tried.", error)
        await self._dispatcher.start(self._on_new_message)

    async def _drain(self, *_: Any) -> None:
        if self._dispatcher is not None:
            await self._dispatcher.stop(timeout=10)

    async def _stop(self, *_: Any) -> None:
        if self.output is not None:
            await self.output.bot.shutdown()
        if self._keys is not None:
            self._keys.close()
        if self._shared is not None:
            await self._shared.close()

    async def _receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        if self.config is None or self._dispatcher is None or self.output is None or self._keys is None:
            return reject(logger, request, 503, "the Telegram channel is off (TELEGRAM_BOT_TOKEN is not set)")
        supplied = request.headers.get(SECRET_HEADER)
        if supplied is None:
            return reject(logger, request, 403, f"no {SECRET_HEADER} header")
        if not hmac.compare_digest(supplied.encode("utf-8"), self.config.secret_token.encode("utf-8")):
            return reject(logger, request, 403, f"wrong {SECRET_HEADER}")
        data, problem = read_json_object(request)
        if data is None:
            return reject(logger, request, 400, problem or "bad body")
        update_id = data.get("update_id")
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return reject(logger, request, 400, "the update has no integer update_id")
        if not await self._updates.claim(str(update_id)):
            logger.info("Telegram: update %s was delivered again; handled once already", update_id)
            return response.json({"ok": True})
        try:
            update = Update.de_json(data, self.output.bot)
            if update.callback_query is not None:
                self._answer_soon(update.callback_query)
            inbound = classify(update, self._keys.from_callback_data)
        except Exception:
            # A 4xx would make Telegram redeliver the same unreadable update again and again.
            logger.exception("Telegram: update %s could not be read and is skipped: %.500s", update_id, mask(str(data)))
            return response.json({"ok": True})
        await self._dispatch(inbound, on_new_message)
        return response.json({"ok": True})

    async def _dispatch(self, inbound: Inbound, on_new_message: OnNewMessage) -> None:
        assert self._dispatcher is not None
        if inbound.action == REPLY and inbound.reply == "group" and not self._group_notices.first_time(inbound.conversation):
            inbound = ignore(f"{inbound.reason}; the group was told recently", inbound.conversation)
        where = f" tại t.me/{self._username}" if self._username else ""
        await self._dispatcher.dispatch(inbound, on_new_message, where=where)

    def _answer_soon(self, query: CallbackQuery) -> None:
        """Every tap is answered at once (or the button keeps spinning), apart from the reply queue."""

        async def answer() -> None:
            try:
                await query.answer()
            except TelegramError as error:
                logger.warning("Telegram: could not answer button tap %s: %s", query.id, error)

        assert self._dispatcher is not None
        self._dispatcher.queue.submit(None, answer, f"answering button tap {query.id}")
