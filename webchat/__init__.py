"""Web chat for the assistant: a page, an embed script and a narrow proxy to Rasa.

Run it with `python -m webchat` (scripts/run.sh does); settings come from
environment variables, see webchat/settings.py and webchat/README.md.
"""
