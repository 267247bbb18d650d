"""What the assistant remembers about a resident across conversations: their
level with a smartphone and how they want to be addressed.

"The same user" is the same Rasa sender id: one Telegram chat, one Zalo
follower, one web-chat browser (which keeps the signed id it was given), one
REST sender. Each channel's ids carry its own prefix ("web-", the connectors'
prefixes), so a key never names two channels; a Telegram account and a Zalo
account of the same person are not linked, because no id links them. The
database keeps only a keyed hash of the sender id (see `store`).
"""
