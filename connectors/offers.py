"""What a conversation's tracker says, read from Rasa's own tracker store.

The tracker is the record of what the bot said, buttons included, and of the
messages it read, kept in the database every Rasa instance shares. So a tap
on a button sent before a server restart or by another instance is still
recognised, a message a dead instance had already answered is not
answered twice (connectors/in_flight.py), and the connector's own replies
call the resident what they asked to be called (bot/profile/). `retrieve`
gives the conversation's current session, as Rasa itself loads it for the
next turn. A store that cannot be read counts as "nothing offered" and "not
answered yet": the text goes on as words, the message is answered.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.knowledge.address import address_forms, address_words
from bot.offered_payloads import Offers

logger = logging.getLogger(__name__)


class _TrackerReader:
    """Reads a conversation's current session through the agent the server puts on `app.ctx.agent`."""

    def __init__(self, app: Any) -> None:
        self._app = app  # the Sanic app; the agent is attached after the channels start

    async def _tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        agent = getattr(self._app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        if store is None:
            logger.warning("No tracker store to read the conversation of %s", sender_id)
            return None
        try:
            return await store.retrieve(sender_id)
        except Exception:
            logger.exception("Could not read the tracker of %s", sender_id)
            return None


class TrackerOffers(_TrackerReader):
    """The buttons the assistant offered a conversation; nothing when the tracker cannot be read."""

    async def __call__(self, sender_id: str) -> Offers:
        tracker = await self._tracker(sender_id)
        if tracker is None:
            return Offers()
        return Offers.from_events(event.as_dict() for event in tracker.events)


class AnsweredMessages(_TrackerReader):
    """Whether the assistant already read a platform message (its id is on a user event)."""

    async def __call__(self, sender_id: str, message_id: str) -> bool:
        tracker = await self._tracker(sender_id)
        if tracker is None:
            return False
        return any(isinstance(event, UserUttered) and event.message_id == message_id for event in tracker.events)


class ResidentAddress(_TrackerReader):
    """The address words a resident chose or was recognised by (slot `address_form`); empty when none."""

    async def __call__(self, sender_id: str) -> Dict[str, str]:
        tracker = await self._tracker(sender_id)
        form = tracker.get_slot("address_form") if tracker is not None else None
        return address_words(form) if form in address_forms() else {}
