"""Carries out an `Inbound` in the background, the same way for every platform.

Text goes to the assistant (Rasa) with the conversation id, after the check
every public channel shares: an intent payload ("/…") passes only if the
assistant offered it to this person (bot/offered_payloads.py), so a typed
`/register_class{"class_id": …}` reaches Rasa as words, never as an intent.
The connector's own replies (connectors/replies.py) go straight to the
platform; ignored events leave a log line with the reason. If the assistant
fails on a message, the person is told to try again instead of being left
without an answer. With shared state, a message stays recorded as in flight
until it is handled, so another instance can finish it if this one dies
(connectors/in_flight.py).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.offered_payloads import Offers, screen
from connectors.background import ConversationQueue
from connectors.in_flight import InFlight
from connectors.inbound import GREETING_INTENT, IGNORE, MESSAGE, Inbound
from connectors.replies import Replies

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
OffersSource = Callable[[str], Awaitable[Offers]]  # sender id → what it was offered (connectors/offers.py)
AnsweredSource = Callable[[str, str], Awaitable[bool]]  # sender id, message id → already read (connectors/offers.py)
AddressSource = Callable[[str], Awaitable[Dict[str, str]]]  # sender id → the resident's address words, if chosen


class TextOutput(OutputChannel):
    """An output channel that also sends one plain text and says whether it arrived."""

    async def send_text(self, recipient_id: str, text: str) -> bool:
        raise NotImplementedError


class Dispatcher:
    """One per channel: its output, its texts and its background queue."""

    def __init__(
        self,
        channel: str,
        sender_prefix: str,
        output: TextOutput,
        replies: Replies,
        queue: ConversationQueue,
        offers: OffersSource,
        in_flight: Optional[InFlight] = None,
        answered: Optional[AnsweredSource] = None,
        address: Optional[AddressSource] = None,
    ) -> None:
        self.channel = channel
        self.sender_prefix = sender_prefix
        self.output = output
        self.replies = replies
        self.queue = queue
        self.offers = offers
        self.in_flight = in_flight
        self.answered = answered
        self.address = address

    async def start(self, on_new_message: OnNewMessage) -> None:
        """With shared state: adopts, from now on, the messages of instances that died before answering."""
        if self.in_flight is not None:
            await self.in_flight.start(lambda inbound: self.dispatch(inbound, on_new_message, recovered=True))

    async def stop(self, timeout: float) -> None:
        """At shutdown: finishes the queued work, then stops adopting."""
        await self.queue.drain(timeout=timeout)
        if self.in_flight is not None:
            await self.in_flight.stop()

    async def dispatch(self, inbound: Inbound, on_new_message: OnNewMessage, recovered: bool = False, **reply_values: Any) -> None:
        """Queues the work `inbound` asks for, recording a message as in flight first; returns without waiting for it."""
        if inbound.action == IGNORE or inbound.conversation is None:
            logger.info("%s: ignored event (%s)", self.channel, inbound.reason)
            return
        sender_id = self.sender_prefix + inbound.conversation
        if inbound.action == MESSAGE:
            if self.in_flight is not None and inbound.message_id and not recovered:
                await self.in_flight.hold(self.channel, inbound)
            job = lambda: self._handle(inbound, sender_id, on_new_message, recovered)  # noqa: E731
            self.queue.submit(sender_id, job, f"message from {sender_id}")
            return
        kind = inbound.reply or "other"
        logger.info("%s: answered %s from %s with the '%s' reply", self.channel, inbound.reason, sender_id, kind)
        self.queue.submit(sender_id, lambda: self._reply(sender_id, kind, **reply_values), f"'{kind}' reply to {sender_id}")

    async def _handle(self, inbound: Inbound, sender_id: str, on_new_message: OnNewMessage, recovered: bool) -> None:
        """Answers the message (a recovered one only if it was not read before), then clears it from the in-flight record.

        A shutdown that cancels the job leaves the message recorded, for another instance to answer.
        """
        if recovered and inbound.message_id and self.answered and await self.answered(sender_id, inbound.message_id):
            logger.info("%s: recovered message %s of %s had been answered before its instance stopped",
                        self.channel, inbound.message_id, sender_id)
        else:
            try:
                await self._to_assistant(inbound, sender_id, on_new_message)
            except asyncio.CancelledError:
                logger.warning("%s: message %s of %s left unanswered at shutdown; another instance will answer it",
                               self.channel, inbound.message_id, sender_id)
                raise
        if self.in_flight is not None and inbound.message_id:
            await self.in_flight.release(self.channel, inbound)

    async def _to_assistant(self, inbound: Inbound, sender_id: str, on_new_message: OnNewMessage) -> None:
        try:
            # In the conversation's queue: the previous turn is in the tracker by now.
            text = await screen(inbound.text or "", lambda: self.offers(sender_id), sender_id, always=(GREETING_INTENT,))
            if not text:  # nothing but slashes
                await self._reply(sender_id, "other")
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
            await self._reply(sender_id, "trouble")

    async def _reply(self, sender_id: str, kind: str, **values: Any) -> None:
        """One of the connector's own texts, in the words this resident asked to be called."""
        address = await self.address(sender_id) if self.address is not None else None
        await self.output.send_text(sender_id, self.replies.text(kind, address, **values))
