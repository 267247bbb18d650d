"""Custom actions served by the rasa_sdk action server (`--actions bot.actions`)."""
