"""What a connector says by itself, when a message cannot go to the assistant.

A photo, a voice note or a sticker carries no words the assistant can read,
and a group chat is refused to keep residents' details private. The reader
still deserves a short, warm answer with a way forward (see
docs/voice.md). The texts use the assistant's address placeholders;
a deployment changes the address words or any text in credentials.yml
(`address:` and `replies:`).
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from bot.knowledge.address import ADDRESS_SLOTS, DEFAULT_ADDRESS, fill

_TYPE_IT = ' {Bac} gõ câu hỏi bằng chữ giúp {chau} nhé, ví dụ: "cài VNeID thế nào?"'

DEFAULT_TEXTS = {
    "image": "{Chau} chưa xem được hình ảnh ạ." + _TYPE_IT,
    "voice": "{Chau} chưa nghe được tin nhắn thoại ạ." + _TYPE_IT,
    "sticker": "{Chau} chưa hiểu được hình dán (sticker) ạ." + _TYPE_IT,
    "other": "{Chau} mới đọc được tin nhắn chữ thôi ạ." + _TYPE_IT,
    "edited": "{Chau} chưa đọc được tin nhắn đã sửa ạ. {Bac} gửi lại thành tin nhắn mới giúp {chau} nhé.",
    "group": (
        "{Chau} chỉ trò chuyện riêng với từng người, để giữ kín thông tin của {bac} ạ. "
        "{Bac} nhắn riêng cho {chau}{where} nhé."
    ),
    "more_buttons": "{Bac} chọn thêm ở đây ạ:",
    "trouble": "{Chau} đang gặp trục trặc nên chưa trả lời được ạ. {Bac} nhắn lại sau ít phút giúp {chau} nhé.",
}
KINDS = tuple(DEFAULT_TEXTS)


class Replies:
    """The connector's own texts with this deployment's address words filled in, or the resident's own."""

    def __init__(self, address: Optional[Mapping[str, str]] = None, texts: Optional[Mapping[str, str]] = None) -> None:
        self._address = {**DEFAULT_ADDRESS, **{k: v for k, v in (address or {}).items() if k in ADDRESS_SLOTS}}
        self._texts = {**DEFAULT_TEXTS, **(texts or {})}

    def text(self, kind: str, address: Optional[Mapping[str, str]] = None, **values: Any) -> str:
        """The text of `kind`; `address` (a resident's chosen words) wins over the deployment's."""
        template = self._texts.get(kind, self._texts["other"])
        filled = fill(template, {**self._address, **(address or {})})
        return filled.replace("{where}", str(values.get("where", "")))
