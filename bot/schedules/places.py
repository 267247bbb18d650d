"""Villages, residential groups, communes and venues named in a question.

The names come from the database (classes and help contacts), so a village
added by an import is understood at once. A name is matched on folded words,
with the everyday short forms residents use: "thon dong" for "Thôn Đông",
"tổ 3" / "tdp 3" / "tổ dân phố số 3" for "Tổ dân phố 3", "phú xuân" for
"Thôn Phú Xuân", "ở đông" for "Thôn Đông", "bưu điện" for "Bưu điện xã Hòa An".
A kind word followed by a name that is not in the database ("thôn Nam") is
reported as unknown, so the assistant can say so instead of listing everything.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import AbstractSet, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.schedules.matcher import PhraseIndex
from bot.schedules.models import ClassSession, Contact
from bot.schedules.text import Analysed, analyse, fold_phrase

# Kinds of village-level units, folded, each with the short forms people type.
# The first form is the canonical one. This is grammar, not place names.
VILLAGE_KINDS: Dict[str, Tuple[str, ...]] = {
    "to dan pho": ("to dan pho", "tdp", "to"),
    "khu pho": ("khu pho", "kp", "khu"),
    "thon": ("thon",),
    "xom": ("xom",),
    "lang": ("lang",),
    "ban": ("ban",),
    "ap": ("ap",),
    "buon": ("buon",),
    "soc": ("soc",),
    "khom": ("khom",),
    "khoi": ("khoi",),
    "doi": ("doi",),
    "cum": ("cum",),
    "phum": ("phum",),
    "plei": ("plei",),
}
COMMUNE_KINDS: Tuple[str, ...] = ("thi tran", "phuong", "xa", "dac khu")
# Kind words that are ordinary words without their marks ("ban" is also "bạn",
# "bán"): in free text they mark a place only as typed with marks, or before a number.
_MARKED_KINDS = {
    "ban": "bản", "lang": "làng", "ap": "ấp", "buon": "buôn", "soc": "sóc",
    "khom": "khóm", "khoi": "khối", "doi": "đội", "cum": "cụm", "xa": "xã",
    "phuong": "phường",
}
_NUMBER_ONLY_KINDS = {"to", "khu", "doi", "khoi", "cum"}
# Words after which a bare one-word name is a place: "ở đông", "tại tây".
_PLACE_PREPOSITIONS = {"o", "tai", "ben", "thuoc"}
# Words that end the name of an unknown place ("thôn Nam có lớp không").
_NAME_STOPWORDS = frozenset(
    """co khong lop hoc ngay hom nay mai tuan thang thu chu sang chieu toi trua buoi luc
    gio h khi nao dau gi o tai vao cua cho ve va hay hoac voi a ha nhe nha vay the chua
    nua day do kia ay minh em chau bac ong ba anh chi duoc dang ky muon can hoi xin oi
    ah u di den bao may la thi con cac nhung moi mot so ben thuoc
    """.split()
)
# The same words as typed with their marks: "chợ" (market) is a name, "cho" (for) is not.
_NAME_STOPWORDS_MARKED = frozenset(
    """có không lớp học ngày hôm nay này mai tuần tháng thứ chủ sáng chiều tối trưa buổi lúc
    giờ khi nào đâu gì ở tại vào của cho về và hay hoặc với à hả nhé nha vậy thế chưa nữa
    đây đó kia ấy mình em cháu bác ông bà anh chị được đăng ký muốn cần hỏi xin ơi đi đến
    bao mấy là thì còn các những mọi một số bên thuộc ạ
    """.split()
)
# Preference when one phrase names several places: exact name first.
RANK_EXACT, RANK_OTHER_KIND, RANK_PARTIAL, RANK_CORE = 0, 1, 2, 3

VillageKey = Tuple[str, str]  # folded (commune, village)
VenueKey = Tuple[str, str]  # folded (commune, venue)


@dataclass(frozen=True)
class PlaceEntry:
    """What a phrase names: a village, a commune or a venue, and how exactly."""

    kind: str  # "village" | "commune" | "venue"
    key: Tuple[str, str]
    rank: int


@dataclass
class PlaceNames:
    """The spellings of one place found in the data, and the one to show."""

    spellings: Counter = field(default_factory=Counter)

    @property
    def display(self) -> str:
        """The richest spelling: marks and capitals beat a hurried "thon dong"."""
        return max(
            self.spellings,
            key=lambda s: (sum(ord(c) > 127 for c in s), s[:1].isupper(), self.spellings[s], s),
        )


@dataclass(frozen=True)
class PlaceFinding:
    """Places named in a question, the unknown ones as typed, and the tokens used."""

    villages: Tuple[VillageKey, ...] = ()
    communes: Tuple[str, ...] = ()
    venues: Tuple[VenueKey, ...] = ()
    unknown: Tuple[str, ...] = ()
    positions: FrozenSet[int] = frozenset()

    @property
    def found(self) -> bool:
        return bool(self.villages or self.communes or self.venues)


def split_kind(words: Sequence[str], kinds: Iterable[Tuple[str, Tuple[str, ...]]]) -> Tuple[Optional[str], Tuple[str, ...]]:
    """Splits "thon dong" into kind "thon" and core ("dong",); "so" after a kind is skipped."""
    best: Tuple[Optional[str], int] = (None, 0)
    for canonical, forms in kinds:
        for form in forms:
            form_words = tuple(form.split())
            n = len(form_words)
            if n > best[1] and tuple(words[:n]) == form_words and len(words) > n:
                best = (canonical, n)
    kind, n = best
    core = tuple(words[n:])
    if kind and len(core) > 1 and core[0] == "so" and core[1].isdigit():
        core = core[1:]
    return kind, core


def _village_kind(words: Sequence[str]) -> Tuple[Optional[str], Tuple[str, ...]]:
    return split_kind(words, VILLAGE_KINDS.items())


def _commune_kind(words: Sequence[str]) -> Tuple[Optional[str], Tuple[str, ...]]:
    return split_kind(words, ((k, (k,)) for k in COMMUNE_KINDS))


def in_sentence(name: str) -> str:
    """ "Thôn Đông" -> "thôn Đông" inside a sentence; proper names stay as they are."""
    words = fold_phrase(name).split()
    kind, _ = _village_kind(words)
    if kind is None:
        kind, _ = _commune_kind(words)
    if kind and name[:1].isupper():
        return name[:1].lower() + name[1:]
    return name


class Gazetteer:
    """Every place of the timetable and contacts, ready to be found in a question."""

    def __init__(
        self,
        villages: Iterable[Tuple[str, str]],
        venues: Iterable[Tuple[str, str]] = (),
    ) -> None:
        self.villages: Dict[VillageKey, PlaceNames] = defaultdict(PlaceNames)
        self.village_communes: Dict[VillageKey, PlaceNames] = defaultdict(PlaceNames)
        self.communes: Dict[str, PlaceNames] = defaultdict(PlaceNames)
        self.venues: Dict[VenueKey, PlaceNames] = defaultdict(PlaceNames)
        for commune, village in villages:
            commune_key = fold_phrase(commune)
            self.communes[commune_key].spellings[commune] += 1
            if village.strip():
                key = (commune_key, fold_phrase(village))
                self.villages[key].spellings[village] += 1
                self.village_communes[key].spellings[commune] += 1
        for commune, venue in venues:
            key = (fold_phrase(commune), fold_phrase(venue))
            self.venues[key].spellings[venue] += 1
        self._index: PhraseIndex[PlaceEntry] = PhraseIndex()
        self._weak: PhraseIndex[PlaceEntry] = PhraseIndex()
        self._build()

    @classmethod
    def from_session(cls, session: Session) -> "Gazetteer":
        """Places of the imported classes and contacts."""
        villages = list(session.execute(select(ClassSession.commune, ClassSession.village).distinct()))
        villages += list(session.execute(select(Contact.commune, Contact.village).distinct()))
        venues = session.execute(select(ClassSession.commune, ClassSession.venue).distinct())
        return cls([tuple(v) for v in villages], [tuple(v) for v in venues])

    # -- building -------------------------------------------------------------
    def _build(self) -> None:
        for key in self.villages:
            self._add_village(key)
        for commune in self.communes:
            words = commune.split()
            self._index.add(words, PlaceEntry("commune", (commune, ""), RANK_EXACT))
            kind, core = _commune_kind(words)
            if kind and len(core) > 1:
                self._index.add(core, PlaceEntry("commune", (commune, ""), RANK_CORE))
        for key in self.venues:
            words = key[1].split()
            self._index.add(words, PlaceEntry("venue", key, RANK_EXACT))
            for n in range(2, len(words)):
                self._index.add(words[:n], PlaceEntry("venue", key, RANK_PARTIAL))

    def _add_village(self, key: VillageKey) -> None:
        words = key[1].split()
        kind, core = _village_kind(words)
        add = self._index.add
        add(words, PlaceEntry("village", key, RANK_EXACT))
        if kind is None:
            core = tuple(words)
        numeric = len(core) == 1 and core[0].isdigit()
        for canonical, forms in VILLAGE_KINDS.items():
            same = canonical == kind
            if not same and (numeric or kind is None):
                continue  # "thôn 3" is not "tổ dân phố 3"
            for form in forms:
                if not same and form in _NUMBER_ONLY_KINDS:
                    continue
                rank = RANK_EXACT if same else RANK_OTHER_KIND
                add(form.split() + list(core), PlaceEntry("village", key, rank))
                if numeric:
                    add(form.split() + ["so"] + list(core), PlaceEntry("village", key, rank))
                elif same:
                    for n in range(1, len(core)):
                        add(form.split() + list(core[:n]), PlaceEntry("village", key, RANK_PARTIAL))
        if not numeric:
            target = self._index if len(core) > 1 else self._weak
            target.add(core, PlaceEntry("village", key, RANK_CORE))

    # -- finding ----------------------------------------------------------------
    def find(self, message: Analysed, blocked: AbstractSet[int] = frozenset(), weak: bool = True) -> PlaceFinding:
        """Places in a message; `blocked` token positions are already taken."""
        words = [t.text for t in message.tokens]
        entries: List[PlaceEntry] = []
        positions: Set[int] = set()
        for hit in self._index.find(words, blocked, fuzzy=True):
            best = min(e.rank for e in hit.values)
            entries += [e for e in hit.values if e.rank == best]
            positions.update(range(hit.start, hit.end))
        if weak:
            taken = set(blocked) | positions
            for hit in self._weak.find(words, taken):
                if _weak_name_is_meant(message, hit.start, hit.end):
                    entries += list(hit.values)
                    positions.update(range(hit.start, hit.end))
        unknown = self._unknown(message, set(blocked) | positions)
        return PlaceFinding(
            villages=_unique(e.key for e in entries if e.kind == "village"),
            communes=_unique(e.key[0] for e in entries if e.kind == "commune"),
            venues=_unique(e.key for e in entries if e.kind == "venue"),
            unknown=tuple(u for u, _ in unknown),
            positions=frozenset(positions | {p for _, span in unknown for p in span}),
        )

    def _unknown(self, message: Analysed, taken: Set[int]) -> List[Tuple[str, Set[int]]]:
        tokens = message.tokens
        words = [t.text for t in tokens]
        found: List[Tuple[str, Set[int]]] = []
        i = 0
        while i < len(words):
            kind_len = self._kind_at(message, i, taken)
            if not kind_len:
                i += 1
                continue
            j = i + kind_len
            name: List[int] = []
            kind_words = " ".join(words[i:j])
            if kind_words in _NUMBER_ONLY_KINDS or kind_words in ("tdp", "to dan pho", "khu pho", "kp"):
                if j < len(words) and words[j] == "so":
                    j += 1
                if j < len(words) and words[j].isdigit() and j not in taken:
                    name = [j]
            if not name and kind_words not in _NUMBER_ONLY_KINDS:
                while j < len(words) and len(name) < 3 and j not in taken:
                    if _is_stopword(message, j) or not words[j].isalpha():
                        break
                    name.append(j)
                    j += 1
            if name:
                span = set(range(i, name[-1] + 1))
                found.append((_as_typed(message, i, i + kind_len, name[-1] + 1), span))
                i = name[-1] + 1
            else:
                i += kind_len
        return found

    def _kind_at(self, message: Analysed, i: int, taken: Set[int]) -> int:
        """Length of a place-kind word starting at token i (0 if none)."""
        words = [t.text for t in message.tokens]
        if i in taken:
            return 0
        forms = [f for fs in VILLAGE_KINDS.values() for f in fs] + list(COMMUNE_KINDS)
        for form in sorted(forms, key=lambda f: -len(f.split())):
            form_words = form.split()
            n = len(form_words)
            if words[i : i + n] != form_words or taken.intersection(range(i, i + n)):
                continue
            if n == 1 and form in _MARKED_KINDS:
                typed = message.original[message.tokens[i].start : message.tokens[i].end]
                after = words[i + 1] if i + 1 < len(words) else ""
                if typed.lower() != _MARKED_KINDS[form] and not (
                    form in _NUMBER_ONLY_KINDS and after.isdigit()
                ):
                    continue
            return n
        return 0

    # -- naming -------------------------------------------------------------------
    def village_name(self, key: VillageKey) -> str:
        return self.villages[key].display if key in self.villages else key[1]

    def commune_name(self, key: str) -> str:
        return self.communes[key].display if key in self.communes else key

    def venue_name(self, key: VenueKey) -> str:
        return self.venues[key].display if key in self.venues else key[1]

    def village_spellings(self, key: VillageKey) -> Tuple[List[str], List[str]]:
        """Raw (communes, villages) spellings of a village, for SQL filters."""
        return (
            list(self.village_communes[key].spellings),
            list(self.villages[key].spellings),
        )

    def commune_spellings(self, key: str) -> List[str]:
        return list(self.communes[key].spellings) if key in self.communes else []

    def venue_spellings(self, key: VenueKey) -> Tuple[List[str], List[str]]:
        return self.commune_spellings(key[0]), list(self.venues[key].spellings)

    def resolve_village(self, text: Optional[str]) -> Tuple[VillageKey, ...]:
        """Villages named by a free text such as a slot value ("thon dong")."""
        if not text:
            return ()
        return self.find(analyse(text)).villages


def _weak_name_is_meant(message: Analysed, start: int, end: int) -> bool:
    """A one-word name ("Đông") is a place after "ở/tại", alone, capitalised
    inside a sentence, or before "có lớp/học": not in "đông người"."""
    words = [t.text for t in message.tokens]
    if start > 0 and words[start - 1] in _PLACE_PREPOSITIONS:
        return True
    if len(words) <= 2:
        return True
    typed = message.original[message.tokens[start].start : message.tokens[start].end]
    if start > 0 and typed[:1].isupper():
        return True
    return words[end : end + 2] in (["co", "lop"], ["co", "hoc"], ["co", "buoi"])


def _is_stopword(message: Analysed, index: int) -> bool:
    token = message.tokens[index]
    typed = message.original[token.start : token.end].lower()
    if typed != token.text and fold_phrase(typed) == token.text:
        return typed in _NAME_STOPWORDS_MARKED  # typed with marks: trust them
    return token.text in _NAME_STOPWORDS


def _as_typed(message: Analysed, kind_start: int, kind_end: int, name_end: int) -> str:
    """ "thôn nam" -> "thôn Nam": the place as typed, its name capitalised."""
    tokens = message.tokens
    kind = message.original[tokens[kind_start].start : tokens[kind_end - 1].end]
    name = message.original[tokens[kind_end].start : tokens[name_end - 1].end]
    name = " ".join(w[:1].upper() + w[1:] for w in name.split())
    return f"{kind.lower()} {name}".strip()


def _unique(items: Iterable) -> tuple:
    return tuple(dict.fromkeys(items))

