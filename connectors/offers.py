"""What the assistant offered a conversation, read from Rasa's own tracker store.

The tracker is the record of what the bot said, buttons included, kept in
the database every Rasa instance shares, so a tap on a button sent before a
server restart or by another instance is still recognised. `retrieve` gives
the conversation's current session, as Rasa itself loads it for the next
turn. It is read only when a message looks like a payload
(bot/offered_payloads.py), and a store that cannot be read counts as
"nothing offered": the text goes on as words.
"""
from __future__ import annotations

import logging
from typing import Any

from bot.offered_payloads import Offers

logger = logging.getLogger(__name__)


class TrackerOffers:
    """Reads offers through the Rasa agent that the server puts on `app.ctx.agent`."""

    def __init__(self, app: Any) -> None:
        self._app = app  # the Sanic app; the agent is attached after the channels start

    async def __call__(self, sender_id: str) -> Offers:
        agent = getattr(self._app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        if store is None:
            logger.warning("No tracker store to check the buttons offered to %s; the payload is read as words", sender_id)
            return Offers()
        try:
            tracker = await store.retrieve(sender_id)
        except Exception:
            logger.exception("Could not read the tracker of %s; the payload is read as words", sender_id)
            return Offers()
        if tracker is None:
            return Offers()
        return Offers.from_events(event.as_dict() for event in tracker.events)
