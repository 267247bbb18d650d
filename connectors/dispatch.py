"""Carries out an `Inbound` in the background, the same way for every platform.

Text goes to the assistant (Rasa) with the conversation id, after the check
every public channel shares: an intent payload ("/…") passes only if the
assistant offered it to this person (bot/offered_payloads.py), so a typed
`/register_class{"class_id": …}` reaches Rasa as words, never as an intent.
The connector's own replies (connectors/replies.py) go straight to the
platform; ignored events leave a log line with the reason. If the assistant
fails on a message, the person is told to try again instead of being left
without an answer.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.offered_payloads import Offers, screen
from connectors.background import ConversationQueue
from connectors.inbound import GREETING_INTENT, IGNORE, MESSAGE, Inbound
from connectors.replies import Replies

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
OffersSource = Callable[[str], Awaitable[Offers]]  # sender id → what it was offered (connectors/offers.py)


class TextOutput(OutputChannel):
    """An output channel that also sends one plain text and says whether it arrived."""

    async def send_text(self, recipient_id: str, text: str) -> bool:
        raise NotImplementedError


class Dispatcher:
    """One per channel: its output, its texts and its background queue."""

    def __init__(
        self, channel: str, sender_prefix: str, output: TextOutput, replies: Replies, queue: ConversationQueue, offers: OffersSource
    ) -> None:
        self.channel = channel
        self.sender_prefix = sender_prefix
        self.output = output
        self.replies = replies
        self.queue = queue
        self.offers = offers

    def dispatch(self, inbound: Inbound, on_new_message: OnNewMessage, **reply_values: Any) -> None:
        """Queues the work `inbound` asks for; returns at once."""
        if inbound.action == IGNORE or inbound.conversation is None:
            logger.info("%s: ignored event (%s)", self.channel, inbound.reason)
            return
        sender_id = self.sender_prefix + inbound.conversation
        if inbound.action == MESSAGE:
            job = lambda: self._to_assistant(inbound, sender_id, on_new_message)  # noqa: E731
            self.queue.submit(sender_id, job, f"message from {sender_id}")
            return
        text = self.replies.text(inbound.reply or "other", **reply_values)
        logger.info("%s: answered %s from %s with the '%s' reply", self.channel, inbound.reason, sender_id, inbound.reply)
        self.queue.submit(sender_id, lambda: self._send(sender_id, text), f"'{inbound.reply}' reply to {sender_id}")

    async def _to_assistant(self, inbound: Inbound, sender_id: str, on_new_message: OnNewMessage) -> None:
        try:
            # In the conversation's queue: the previous turn is in the tracker by now.
            text = await screen(inbound.text or "", lambda: self.offers(sender_id), sender_id, always=(GREETING_INTENT,))
            if not text:  # nothing but slashes
                await self._send(sender_id, self.replies.text("other"))
                return
            message = UserMessage(
                text,
                self.output,
                sender_id,
                input_channel=self.channel,
                message_id=inbound.message_id,
                metadata=inbound.metadata or None,
            )
            await on_new_message(message)
        except Exception:
            logger.exception("%s: the assistant failed on a message from %s; asking them to try again", self.channel, sender_id)
            await self._send(sender_id, self.replies.text("trouble"))

    async def _send(self, sender_id: str, text: str) -> None:
        await self.output.send_text(sender_id, text)
