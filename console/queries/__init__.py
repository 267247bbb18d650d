"""The data behind each page: one module per page, plus the tracker-store reader they share."""
