"""The data behind each page: one module per page, plus the answer-log reader they share."""
