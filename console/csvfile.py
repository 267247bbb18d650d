"""CSV downloads that open correctly in Excel and cannot run formulas.

UTF-8 with a byte-order mark (Excel otherwise garbles Vietnamese), CRLF line
ends, and cells starting with = + - @ prefixed with an apostrophe, the same
rule as bot/schedules/export.py uses for the registration lists.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from fastapi.responses import Response

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet shows as text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text (without the byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    return buffer.getvalue()


def csv_response(filename: str, text: str) -> Response:
    """A download of CSV text, named `filename` (ASCII-safe, with the UTF-8 name too)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content="\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
