"""Sends the assistant's replies to a Zalo user through the consultation message API.

Long texts are split on sentence boundaries (the length limit is a setting);
Rasa buttons become query buttons (a tap comes back as the payload, as text),
at most 5 per message, extra ones in a follow-up message. Each send is checked
against the reply window, and a message that could not be delivered is logged
with Zalo's reason. Sending never raises into Rasa.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List


from bot.masking import mask
from connectors.dispatch import TextOutput
from connectors.reply_window import AnyReplyWindow
from connectors.replies import Replies
from connectors.text_splitting import split_text
from connectors.zalo_api import SendResult, ZaloClient

logger = logging.getLogger(__name__)

SENDER_PREFIX = "zalo:"
MAX_BUTTONS = 5
MAX_QUERY_PAYLOAD = 1000


def user_id_of(recipient_id: str) -> str:
    return str(recipient_id).removeprefix(SENDER_PREFIX)


class ZaloOutput(TextOutput):
    def __init__(
        self,
        client: ZaloClient,
        window: AnyReplyWindow,
        replies: Replies,
        max_text_length: int = 2000,
        buttons_as: str = "template",
        button_type: str = "oa.query.hide",
    ) -> None:
        self.client = client
        self.window = window
        self._replies = replies
        self._limit = max_text_length
        self._buttons_as = buttons_as
        self._button_type = button_type

    @classmethod
    def name(cls) -> str:
        return "zalo"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_text(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any) -> None:
        zalo_buttons = [b for b in (self._button(b) for b in buttons) if b]
        if not zalo_buttons:
            await self.send_text(recipient_id, text)
            return
        if self._buttons_as == "text":
            listed = "\n".join(f"- {b['title']}" for b in zalo_buttons)
            await self.send_text(recipient_id, f"{text}\n{listed}")
            return
        pieces = split_text(text or "", self._limit) or ["…"]
        for piece in pieces[:-1]:
            await self._deliver(recipient_id, {"text": piece})
        groups = [zalo_buttons[i:i + MAX_BUTTONS] for i in range(0, len(zalo_buttons), MAX_BUTTONS)]
        for number, group in enumerate(groups):
            caption = pieces[-1] if number == 0 else self._replies.text("more_buttons")
            await self._deliver(recipient_id, _template(caption, group))

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        logger.warning("Zalo: a custom payload for %s was not sent (not supported): %.200s", recipient_id, mask(str(json_message)))

    async def send_text(self, recipient_id: str, text: str) -> bool:
        delivered = True
        for piece in split_text(text or "", self._limit):
            delivered &= await self._deliver(recipient_id, {"text": piece})
        return delivered

    def _button(self, button: Dict[str, Any]) -> Dict[str, Any]:
        title = str(button.get("title") or "").strip()
        if not title:
            return {}
        if button.get("url"):
            return {"title": title, "type": "oa.open.url", "payload": {"url": str(button["url"])}}
        payload = str(button.get("payload") or title)
        if len(payload) > MAX_QUERY_PAYLOAD:
            logger.warning("Zalo: button %r has a payload over %d characters; its title is sent instead", title, MAX_QUERY_PAYLOAD)
            payload = title  # typed, the title means the same
        return {"title": title, "type": self._button_type, "payload": payload}

    async def _deliver(self, recipient_id: str, message: Dict[str, Any]) -> bool:
        user_id = user_id_of(recipient_id)
        outside = await self.window.use(user_id)
        if outside:
            logger.warning("Zalo: sending to %s outside the free reply window: %s; it may be charged or refused", user_id, outside)
        try:
            result = await self.client.send(user_id, message)
        except Exception as error:  # never let a send failure abort Rasa's turn
            logger.exception("Zalo: unexpected error sending to %s", user_id)
            result = SendResult(False, detail=repr(error))
        if not result.delivered:
            text = message.get("text") or message.get("attachment", {}).get("payload", {}).get("text", "")
            logger.error("Zalo: message NOT delivered to %s: %s. Text: %.120r", user_id, result.explain(), mask(text))
        return result.delivered


def _template(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The button template third-party clients send to the cs endpoint (unconfirmed: buttons_as: text avoids it)."""
    return {"attachment": {"type": "template", "payload": {"template_type": "button", "text": text, "buttons": buttons}}}
