"""The levels a resident may have with a smartphone (no database import: rendering reads them)."""

BEGINNER = "beginner"    # step mode by default, with plain words for each term
CONFIDENT = "confident"  # the short answer, every step at once
SKIPPED = "skipped"      # asked, and no level chosen (yet): the standard answers
LEVELS = (BEGINNER, CONFIDENT, SKIPPED)
