"""Messaging-platform connectors (Telegram, Zalo OA) for the Rasa server.

credentials.yml names them by module path; see connectors/README.md.
"""
