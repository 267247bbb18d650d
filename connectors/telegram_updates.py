"""Decides what a Telegram update asks for (see connectors/inbound.py).

Only private chats are served: a group shares one conversation between many
people, which would mix their questions and show one resident's details
(phone number, class registration) to the others. Media the assistant cannot
read gets a polite request to type; updates that are not from a person
(membership changes, polls, channel posts) are ignored.
"""
from __future__ import annotations

from typing import Callable, Optional

from telegram import Chat, Message, Update

from connectors.inbound import GREETING_INTENT, MESSAGE, Inbound, ignore, reply

# (attribute of Message, reply kind) in the order they are checked
_MEDIA = (
    ("photo", "image"),
    ("voice", "voice"),
    ("audio", "voice"),
    ("video_note", "voice"),
    ("sticker", "sticker"),
    ("animation", "sticker"),
)

ButtonResolver = Callable[[str], Optional[str]]


def classify(update: Update, resolve_button: ButtonResolver) -> Inbound:
    """What to do with `update`; `resolve_button` turns callback data back into a payload."""
    if update.callback_query is not None:
        return _button_tap(update, resolve_button)
    if update.message is not None:
        return _message(update, update.message)
    if update.edited_message is not None:
        chat = update.edited_message.chat
        if chat.type == Chat.PRIVATE:
            return reply("edited", str(chat.id), "edited message")
        return ignore(f"edited message in a {chat.type} chat", str(chat.id))
    if update.my_chat_member is not None:
        status = update.my_chat_member.new_chat_member.status
        return ignore(f"the bot's membership changed to '{status}'", str(update.my_chat_member.chat.id))
    kinds = [k for k, v in update.to_dict().items() if k != "update_id" and v is not None]
    return ignore(f"update type {', '.join(kinds) or 'unknown'} is not handled")


def _message(update: Update, message: Message) -> Inbound:
    chat = message.chat
    conversation = str(chat.id)
    if chat.type in (Chat.GROUP, Chat.SUPERGROUP):
        return reply("group", conversation, f"message in a {chat.type} chat")
    if chat.type != Chat.PRIVATE:
        return ignore(f"message in a {chat.type} chat", conversation)
    if message.text is not None:
        return Inbound(
            MESSAGE,
            "text message",
            conversation,
            text=_command_or_text(message.text),
            message_id=str(update.update_id),
            metadata=_metadata(update),
        )
    for attribute, kind in _MEDIA:
        if getattr(message, attribute):
            return reply(kind, conversation, f"{attribute} message", str(update.update_id))
    if message.effective_attachment is not None or message.location or message.contact:
        return reply("other", conversation, "attachment message", str(update.update_id))
    return ignore("service message without content", conversation)


def _button_tap(update: Update, resolve_button: ButtonResolver) -> Inbound:
    query = update.callback_query
    message = query.message
    if message is None:
        return ignore("button tap without a message (inline mode)")
    chat = message.chat  # an old message may be an InaccessibleMessage: it still has its chat
    if chat.type != Chat.PRIVATE:
        return ignore(f"button tap in a {chat.type} chat", str(chat.id))
    data = query.data or ""
    payload = resolve_button(data)
    reason = "button tap"
    if payload is None:
        payload = _button_title(message, data) if isinstance(message, Message) else None
        reason = "button tap with an unknown key; its title is used as text"
    if not payload:
        payload, reason = GREETING_INTENT, "button tap with an unknown key and no title; showing the menu"
    return Inbound(MESSAGE, reason, str(chat.id), text=payload, message_id=str(update.update_id), metadata=_metadata(update))


def _button_title(message: Message, data: str) -> Optional[str]:
    """The label of the tapped button: typed, it means the same thing."""
    markup = message.reply_markup
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def _command_or_text(text: str) -> str:
    """`/start` (and deep links) greet; `/help@SomeBot` loses its bot name; other text as typed.

    A typed command is a payload nobody offered: the dispatcher passes it on as words.
    """
    if text.startswith("/"):
        command, _, rest = text.partition(" ")
        command = command.split("@", 1)[0]
        if command == "/start":
            return GREETING_INTENT
        return f"{command} {rest}".strip()
    return text


def _metadata(update: Update) -> dict:
    user = update.effective_user
    return {"platform": "telegram", "update_id": update.update_id, "language_code": user.language_code if user else None}
