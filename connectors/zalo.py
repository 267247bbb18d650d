"""Zalo Official Account channel for Rasa.

Webhook: POST /webhooks/zalo/webhook. Every event must carry a valid
X-ZEvent-Signature (connectors/zalo_signature.py) for this OA's app; anything
else is refused and logged. Zalo wants a 200 within about 2 s and redelivers
otherwise, so the route answers at once, handles the event in the background
(in order per user) and handles a redelivered event (same msg_id) only once.
Settings and secrets: connectors/README.md.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Text

import httpx
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors import settings
from connectors.background import ConversationQueue
from connectors.dedup import DeliveryIds, RecentIds, SharedRecentIds
from connectors.dispatch import Dispatcher, OnNewMessage
from connectors.inbound import IGNORE
from connectors.logs import follow_rasa_log_level
from connectors.in_flight import InFlight
from connectors.offers import AnsweredMessages, ResidentAddress, TrackerOffers
from connectors.replies import KINDS, Replies
from connectors.reply_window import AnyReplyWindow, ReplyWindow, SharedReplyWindow
from connectors.webhook_requests import read_json_object, reject
from connectors.zalo_api import DEFAULT_API_BASE_URL, DEFAULT_OAUTH_BASE_URL, ZaloClient
from connectors.zalo_events import classify, delivery_key
from connectors.zalo_output import SENDER_PREFIX, ZaloOutput
from connectors.zalo_signature import HEADER, signature_problem
from connectors.shared_state import STATE_URL_VARIABLE, SharedState
from connectors.zalo_tokens import SharedTokenStore, TokenPair, TokenStore

logger = logging.getLogger(__name__)

SECRET_VARIABLES = {"app_id": "ZALO_APP_ID", "oa_secret_key": "ZALO_OA_SECRET_KEY", "app_secret": "ZALO_APP_SECRET"}
TOKEN_VARIABLES = {"access_token": "ZALO_ACCESS_TOKEN", "refresh_token": "ZALO_REFRESH_TOKEN"}


@dataclass(frozen=True)
class ZaloSettings:
    app_id: str
    oa_secret_key: str
    app_secret: str
    seed: Optional[TokenPair] = None
    token_file: str = "var/zalo_tokens.json"
    api_base_url: str = DEFAULT_API_BASE_URL
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL
    timeout_seconds: float = 10.0
    max_text_length: int = 2000
    buttons_as: str = "template"
    button_type: str = "oa.query.hide"
    max_event_age_seconds: float = 86400.0
    free_replies: int = 8
    reply_window_hours: float = 48.0
    address: Dict[str, str] = field(default_factory=dict)
    replies: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, credentials: Optional[Dict[Text, Any]]) -> Optional["ZaloSettings"]:
        """From the environment and credentials.yml; None when the Zalo variables are unset."""
        secrets = settings.secrets("Zalo", credentials, SECRET_VARIABLES)
        if secrets is None:
            settings.secrets("Zalo", credentials, TOKEN_VARIABLES)  # still refuses tokens in credentials.yml
            return None
        c = credentials
        token_file = settings.option(c, "token_file", cls.token_file, "ZALO_TOKEN_FILE")
        tokens = settings.secrets("Zalo", c, TOKEN_VARIABLES)
        seed = TokenPair(tokens["access_token"], tokens["refresh_token"]) if tokens else None
        shared = SharedState.from_environment()
        if seed is None and token_store(token_file, None, shared, secrets["app_id"]).load() is None:
            where = f"in Redis ({STATE_URL_VARIABLE})" if shared else f"at {token_file}"
            raise settings.ConfigurationError(f"Zalo: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN (no token pair {where} yet)")
        config = cls(
            **secrets,
            seed=seed,
            token_file=token_file,
            api_base_url=settings.option(c, "api_base_url", DEFAULT_API_BASE_URL, "ZALO_API_BASE_URL"),
            oauth_base_url=settings.option(c, "oauth_base_url", DEFAULT_OAUTH_BASE_URL, "ZALO_OAUTH_BASE_URL"),
            timeout_seconds=settings.number(c, "timeout_seconds", cls.timeout_seconds),
            max_text_length=int(settings.number(c, "max_text_length", cls.max_text_length)),
            buttons_as=settings.option(c, "buttons_as", cls.buttons_as),
            button_type=settings.option(c, "button_type", cls.button_type),
            max_event_age_seconds=settings.number(c, "max_event_age_seconds", cls.max_event_age_seconds),
            free_replies=int(settings.number(c, "free_replies", cls.free_replies)),
            reply_window_hours=settings.number(c, "reply_window_hours", cls.reply_window_hours),
            address=settings.mapping(c, "address", ("bac", "Bac", "chau", "Chau")),
            replies=settings.mapping(c, "replies", KINDS),
        )
        if config.buttons_as not in ("template", "text"):
            raise settings.ConfigurationError("Zalo: buttons_as must be 'template' or 'text'")
        if config.button_type not in ("oa.query.hide", "oa.query.show"):
            raise settings.ConfigurationError("Zalo: button_type must be 'oa.query.hide' or 'oa.query.show'")
        return config


class ZaloInput(InputChannel):
    """Receives Zalo OA events by webhook and answers with consultation messages."""

    def __init__(self, config: Optional[ZaloSettings]) -> None:
        self.config = config
        self.output: Optional[ZaloOutput] = None
        self._http: Optional[httpx.AsyncClient] = None
        self._dispatcher: Optional[Dispatcher] = None
        self._deliveries: DeliveryIds = RecentIds(ttl_seconds=86400)
        self._shared: Optional[SharedState] = None
        self._on_new_message: Optional[OnNewMessage] = None
        if config is None:
            logger.info("Zalo channel is off: ZALO_APP_ID, ZALO_OA_SECRET_KEY and ZALO_APP_SECRET are not set")

    @classmethod
    def name(cls) -> Text:
        return "zalo"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ZaloInput":
        return cls(ZaloSettings.read(credentials))

    def get_output_channel(self) -> Optional[ZaloOutput]:
        return self.output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("zalo_webhook", __name__)
        self._on_new_message = on_new_message
        bp.listener("before_server_start")(self._start)
        bp.listener("before_server_stop")(self._drain)
        bp.listener("after_server_stop")(self._stop)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.config else "off"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return bp

    async def _start(self, app: Any, *_: Any) -> None:
        follow_rasa_log_level()
        config = self.config
        if config is None:
            return
        self._http = httpx.AsyncClient(timeout=config.timeout_seconds)
        self._shared = SharedState.from_environment()
        in_flight: Optional[InFlight] = None
        limits = (config.free_replies, config.reply_window_hours)
        window: AnyReplyWindow = ReplyWindow(*limits)
        if self._shared is not None:
            logger.info("Zalo: delivery ids, the token pair, reply windows and messages in flight are shared in Redis at %s",
                        self._shared.describe())
            this_app = self._shared.scoped("zalo", config.app_id)
            self._deliveries = SharedRecentIds(this_app, "deliveries")
            in_flight = InFlight(this_app)
            window = SharedReplyWindow(this_app, *limits)
        store = token_store(config.token_file, config.seed, self._shared, config.app_id)
        client = ZaloClient(self._http, store, config.app_id, config.app_secret, config.api_base_url, config.oauth_base_url)
        client.tokens()  # fail at start, not at the first message, if the token file is unreadable
        replies = Replies(config.address, config.replies)
        self.output = ZaloOutput(client, window, replies, config.max_text_length, config.buttons_as, config.button_type)
        self._dispatcher = Dispatcher(
            self.name(), SENDER_PREFIX, self.output, replies, ConversationQueue("Zalo"), TrackerOffers(app),
            in_flight, AnsweredMessages(app), ResidentAddress(app),
        )
        logger.info("Zalo channel is on for app %s", config.app_id)
        await self._dispatcher.start(self._on_new_message)

    async def _drain(self, *_: Any) -> None:
        if self._dispatcher is not None:
            await self._dispatcher.stop(timeout=10)

    async def _stop(self, *_: Any) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._shared is not None:
            await self._shared.close()

    async def _receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        config = self.config
        if config is None or self._dispatcher is None or self.output is None:
            return reject(logger, request, 503, "the Zalo channel is off (ZALO_APP_ID is not set)")
        event, problem = read_json_object(request)
        if event is None:
            return reject(logger, request, 400, problem or "bad body")
        problem = signature_problem(request.headers.get(HEADER), request.body, event, config.oa_secret_key)
        if problem:
            return reject(logger, request, 401, problem)
        if str(event.get("app_id")) != config.app_id:
            return reject(logger, request, 403, f"event for app {event.get('app_id')!r}, not this OA's app")
        age = time.time() - _number(event.get("timestamp")) / 1000
        if config.max_event_age_seconds and age > config.max_event_age_seconds:
            limit = config.max_event_age_seconds / 3600
            return reject(logger, request, 400, f"event is {age / 3600:.1f} h old (limit {limit:.1f} h): a replay?")
        key = delivery_key(event)
        if not await self._deliveries.claim(key):
            logger.info("Zalo: %s was delivered again; handled once already", key)
            return response.json({"message": "duplicate"})
        inbound = classify(event)
        if inbound.action != IGNORE and inbound.conversation:
            await self.output.window.user_wrote(inbound.conversation)
        await self._dispatcher.dispatch(inbound, on_new_message)
        return response.json({"message": "ok"})


def token_store(token_file: str, seed: Optional[TokenPair], shared: Optional[SharedState], app_id: str) -> TokenStore:
    """Where the token pair lives: Redis (one pair per app) when instances share state, else the file."""
    return SharedTokenStore(shared.scoped("zalo", app_id), seed) if shared is not None else TokenStore(token_file, seed)


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
