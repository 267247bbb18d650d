"""Local fakes of the messaging platforms (Telegram Bot API, Zalo OA API).

They live with the tests because only tests and local demos use them; run one
by hand with `python -m tests.fakes.telegram_api` or `python -m tests.fakes.zalo_api`.
"""
