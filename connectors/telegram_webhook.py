"""Registers the assistant's webhook with Telegram (`make telegram-webhook`).

    python -m connectors.telegram_webhook set [--url URL] [--drop-pending]
    python -m connectors.telegram_webhook info | delete | new-secret

Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_WEBHOOK_URL (the
public HTTPS address ending in /webhooks/telegram/webhook) and optionally
TELEGRAM_API_BASE_URL from the environment. Telegram then sends every update
with the secret in X-Telegram-Bot-Api-Secret-Token, which the channel checks.
"""
from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from typing import List, Optional
from urllib.parse import urlparse

from telegram import Bot
from telegram.error import TelegramError

from connectors.settings import env
from connectors.telegram import DEFAULT_BASE_URL, SECRET_PATTERN

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
WEBHOOK_PATH = "/webhooks/telegram/webhook"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class UsageError(Exception):
    pass


def check_url(url: Optional[str]) -> str:
    if not url:
        raise UsageError("give --url or set TELEGRAM_WEBHOOK_URL, e.g. https://bot.example.org" + WEBHOOK_PATH)
    parsed = urlparse(url)
    if parsed.scheme != "https" and parsed.hostname not in LOCAL_HOSTS:
        raise UsageError(f"Telegram only calls HTTPS webhooks; {url} is not one")
    if not parsed.path.endswith(WEBHOOK_PATH):
        print(f"warning: {url} does not end with {WEBHOOK_PATH}, where the channel listens", file=sys.stderr)
    return url


def bot_from_environment() -> Bot:
    token = env("TELEGRAM_BOT_TOKEN")
    if not token:
        raise UsageError("set TELEGRAM_BOT_TOKEN (from @BotFather)")
    return Bot(token, base_url=env("TELEGRAM_API_BASE_URL") or DEFAULT_BASE_URL)


def secret_from_environment() -> str:
    secret = env("TELEGRAM_WEBHOOK_SECRET")
    if not secret or not SECRET_PATTERN.match(secret):
        raise UsageError("set TELEGRAM_WEBHOOK_SECRET to 1-256 characters of A-Z a-z 0-9 _ - "
                         "(make one with: python -m connectors.telegram_webhook new-secret)")
    return secret


async def run(command: str, url: Optional[str], drop_pending: bool) -> None:
    if command == "new-secret":
        print(secrets.token_urlsafe(32))
        return
    if command == "set":
        url, secret = check_url(url or env("TELEGRAM_WEBHOOK_URL")), secret_from_environment()
    async with bot_from_environment() as bot:
        if command == "set":
            await bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=drop_pending)
            print(f"Webhook of @{bot.username} set to {url}")
        elif command == "delete":
            await bot.delete_webhook(drop_pending_updates=drop_pending)
            print(f"Webhook of @{bot.username} deleted")
        info = await bot.get_webhook_info()
        print(f"url: {info.url or '(none)'}\npending updates: {info.pending_update_count}")
        if info.last_error_message:
            print(f"last delivery error: {info.last_error_message}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Register the Telegram webhook of the assistant.")
    parser.add_argument("command", choices=["set", "info", "delete", "new-secret"], nargs="?", default="set")
    parser.add_argument("--url", help="public HTTPS webhook URL (default: TELEGRAM_WEBHOOK_URL)")
    parser.add_argument("--drop-pending", action="store_true", help="discard updates Telegram is still holding")
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(args.command, args.url, args.drop_pending))
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except TelegramError as error:
        message = str(error).replace(env("TELEGRAM_BOT_TOKEN") or "\0", "<TELEGRAM_BOT_TOKEN>")
        print(f"Telegram refused: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
