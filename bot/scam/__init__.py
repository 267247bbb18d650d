"""Scam red flags: checking a pasted message, and spotting scam situations in questions."""
