"""Vietnamese NLU components for Rasa. Loading them also applies bot.rasa_speedups
(the Rasa server imports this package when it loads the model)."""
from bot import rasa_speedups

rasa_speedups.apply()
