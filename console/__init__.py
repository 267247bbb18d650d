"""The officials' console: FAQ coverage, unanswered questions, indicators, classes.

A small FastAPI application with server-rendered Vietnamese pages. It reads
the assistant's database (with its answer log) directly (nothing is
copied by hand) and shares the project's virtual environment; see README.md.
"""
