"""Vietnamese chat-text normalisation that never loses track of the original text.

Residents type the same word many ways: composed or decomposed Unicode, old or
new tone placement ("hoà"/"hòa"), capitals, stretched letters ("đượccc"),
teencode ("ko", "dc", "ntn"). Everything downstream (word segmentation,
featurisation, entity offsets) works on normalised *pieces*, and each piece
remembers the exact span of the original message it came from, so entities
found on normalised text point at the right characters of what was typed.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import regex
import yaml

ABBREVIATIONS_FILE = Path(__file__).with_name("abbreviations.yml")

# A word: letters, marks and digits, optionally joined by . / : @ - inside
# (dates "15/12", times "8:00", addresses "vneid.gov.vn", "vn-eid").
# A symbol: one grapheme cluster starting with an emoji/symbol character.
_PIECE_PATTERN = regex.compile(
    r"(?P<word>[\p{L}\p{M}\p{N}_]+(?:[./:@\-][\p{L}\p{M}\p{N}_]+)*)"
    r"|(?P<symbol>(?=[\p{So}\p{Sk}\p{Co}])\X)"
)
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STRETCHED_LETTER = regex.compile(r"(\p{L})\1{2,}")
# Pairs whose tone sits on the first vowel in the traditional placement used
# by underthesea ("hòa", "khỏe", "thủy"); "quy" is excluded ("u" belongs to "qu").
_TRADITIONAL_PAIR = regex.compile(r"(?<![q])(o[ae]|uy)$")
_MAX_PHRASE_WORDS = 3


@dataclass(frozen=True)
class Piece:
    """A normalised word or symbol and the span of the original text it covers."""

    text: str
    start: int
    end: int
    is_symbol: bool = False


def fold(text: str) -> str:
    """Strips diacritics ("Đường" -> "duong") for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d"))


def is_unaccented(text: str) -> bool:
    """True when the text has no Vietnamese diacritics (and no "đ")."""
    return fold(text) == text.lower()


def place_tone(syllable: str) -> str:
    """Moves the tone of "oa", "oe", "uy" endings onto the first vowel ("hoà" -> "hòa")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return syllable
    toneless = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if c not in _TONE_MARKS)
    )
    match = _TRADITIONAL_PAIR.search(toneless)
    if not match:
        return syllable
    position = match.start()
    base = unicodedata.normalize("NFD", toneless[position])
    retoned = unicodedata.normalize("NFC", base + tones[0])
    return toneless[:position] + retoned + toneless[position + 1 :]


def normalize_word(word: str) -> str:
    """Canonical form of one typed word, before abbreviation expansion.

    Stretched letters shrink ("đượccc" -> "được"), but a word that is one
    letter over and over ("kkkk" laughter, "jjjj") stays as typed: shrunk,
    it would become teencode ("k" = không, "j" = gì) and change the meaning.
    """
    word = unicodedata.normalize("NFC", word).lower()
    if len(set(word)) > 1:
        word = _STRETCHED_LETTER.sub(r"\1", word)
    return place_tone(word)


AbbreviationTable = Dict[Tuple[str, ...], str]


def read_abbreviation_file() -> Dict[str, str]:
    """The repository's abbreviation table as written: typed form -> standard words."""
    raw = yaml.safe_load(ABBREVIATIONS_FILE.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in raw.items()}


def build_table(entries: Dict[str, str]) -> AbbreviationTable:
    """Keys the entries by the tuple of normalised words they replace."""
    return {tuple(normalize_word(w) for w in key.split()): value for key, value in entries.items()}


_active_table: Optional[AbbreviationTable] = None


def use_abbreviations(entries: Dict[str, str]) -> None:
    """Makes this process normalise with the given table.

    A trained model carries the table it was trained with (the tokenizer
    persists it and installs it on load), so a model moved to another server
    normalises exactly as it did in training, whatever file lies beside it.
    """
    global _active_table
    _active_table = build_table(entries)


def abbreviations() -> AbbreviationTable:
    """The table in use: the loaded model's, else the repository's file."""
    global _active_table
    if _active_table is None:
        _active_table = build_table(read_abbreviation_file())
    return _active_table


def _raw_pieces(text: str) -> Iterator[Piece]:
    for match in _PIECE_PATTERN.finditer(text):
        is_symbol = match.group("symbol") is not None
        value = match.group() if is_symbol else normalize_word(match.group())
        yield Piece(value, match.start(), match.end(), is_symbol)


def _expand(pieces: List[Piece]) -> List[Piece]:
    """Replaces abbreviations, longest phrase first, keeping original spans."""
    table = abbreviations()
    expanded: List[Piece] = []
    index = 0
    while index < len(pieces):
        for length in range(_MAX_PHRASE_WORDS, 0, -1):
            window = pieces[index : index + length]
            if len(window) < length or any(p.is_symbol for p in window):
                continue
            replacement = table.get(tuple(p.text for p in window))
            if replacement is not None:
                expanded.append(Piece(replacement, window[0].start, window[-1].end))
                index += length
                break
        else:
            expanded.append(pieces[index])
            index += 1
    return expanded


def normalize(text: str) -> List[Piece]:
    """Splits a message into normalised pieces (punctuation is dropped)."""
    if not text:
        return []
    return _expand(list(_raw_pieces(text)))


def normalized_text(text: str) -> str:
    """The normalised message as one string, for matching and featurising."""
    return " ".join(piece.text for piece in normalize(text))
