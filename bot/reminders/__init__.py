"""Class reminders: the day before and an hour before a class, through the resident's own channel.

A resident who registered for a class and accepted the offer gets one message
per configured time (`reminders.yml`), with the place, the time, what to bring
and a button to cancel the registration. Reminders are rows of the assistant's
database (`models.py`), scheduled when the offer is accepted and moved when an
import moves the class (`scheduling.py`); a worker process (`worker.py`,
`python -m bot.reminders`) claims each due row atomically and has Rasa say it in
the resident's conversation (`delivery.py`), so Telegram and Zalo receive it
through their connectors and the web chat shows it when the page is next opened.
"""
