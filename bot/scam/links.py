"""Finds the links in a message and says what is wrong with each, without ever opening one.

Domains are split with tldextract's bundled copy of the Public Suffix List
(no download: `suffix_list_urls=()`), so "congan.daklak.gov.vn" is under the
official suffix gov.vn while "agribank-xacthuc.info" is a look-alike.
"""
from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass
from typing import List, Optional

import regex
import tldextract

from bot.scam.rules import Rules

# host[:port][/path], with or without a scheme; an IPv4 address counts as a host
_LINK = regex.compile(
    r"(?<![@\w.-])(?:(?:https?|hxxps?)://)?"
    r"(?P<host>\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62})"
    r"(?::\d{2,5})?(?P<path>/[^\s<>\"']*)?",
    regex.IGNORECASE,
)

LOOKALIKE, IP_ADDRESS, SHORTENER, UNUSUAL_SUFFIX, UNOFFICIAL = (
    "lookalike", "ip_address", "shortener", "unusual_suffix", "unofficial",
)
STRONG_LINK_PROBLEMS = frozenset({LOOKALIKE, IP_ADDRESS})


@dataclass(frozen=True)
class Link:
    """A link found in a message and what is wrong with it (None: an official site)."""

    host: str
    start: int
    end: int
    problem: Optional[str]
    brand: str = ""


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _judge(host: str, rules: Rules) -> Optional[Link]:
    """What is wrong with a host, or None when it is not a web address at all."""
    host = host.lower().rstrip(".")
    if _is_ip(host):
        return Link(host, 0, 0, IP_ADDRESS)
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None  # "TP.HCM", "v.v": not a web address
    registered = f"{parts.domain}.{parts.suffix}"
    if parts.suffix in rules.official_suffixes or registered in rules.official_domains:
        return Link(host, 0, 0, None)
    if registered in rules.shorteners or host in rules.shorteners:
        return Link(host, 0, 0, SHORTENER)
    unusual = parts.suffix.rsplit(".", 1)[-1] in rules.unusual_suffixes
    letters = (parts.subdomain + parts.domain).replace("-", "").replace(".", "")
    key, brand = next(((k, name) for k, name in rules.brands.items() if k in letters), ("", ""))
    # "agribank-xacthuc.info" borrows a name; "vietcombank.com.vn" may be the
    # bank's own site, which the fact sheet does not list: only unofficial
    if brand and (parts.domain != key or parts.subdomain or unusual):
        return Link(host, 0, 0, LOOKALIKE, brand)
    if unusual:
        return Link(host, 0, 0, UNUSUAL_SUFFIX)
    return Link(host, 0, 0, UNOFFICIAL)


def find_links(text: str, rules: Rules) -> List[Link]:
    """Every web address in the text, with its span and its problem."""
    links = []
    for match in _LINK.finditer(text):
        judged = _judge(match.group("host"), rules)
        if judged is not None:
            links.append(Link(judged.host, match.start(), match.end(), judged.problem, judged.brand))
    return links


def reason_for(link: Link, rules: Rules) -> str:
    """The plain-words reason for a link's problem."""
    return rules.link_reasons[link.problem].format(host=link.host, brand=link.brand)
