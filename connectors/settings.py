"""Reads connector settings: secrets from the environment only, options from credentials.yml.

credentials.yml is committed, so a secret key found there is an error. A
channel whose secrets are all unset stays switched off (and says so in the
log), so `make run` works without any channel configured; a channel with only
some of them set refuses to start, naming the missing variables.
"""
from __future__ import annotations

import os
from typing import Any, Dict, Iterable, Mapping, Optional

from rasa.shared.exceptions import RasaException


class ConfigurationError(RasaException):
    """A channel is configured in a way that cannot work."""


def env(name: str) -> Optional[str]:
    """The variable's value with surrounding spaces removed, or None when unset or empty."""
    value = os.environ.get(name, "").strip()
    return value or None


def option(credentials: Optional[Mapping[str, Any]], key: str, default: Any = None, env_name: Optional[str] = None) -> Any:
    """An option: the environment variable if set, else credentials.yml, else the default."""
    if env_name and env(env_name) is not None:
        return env(env_name)
    value = (credentials or {}).get(key)
    return default if value is None or value == "" else value


def number(credentials: Optional[Mapping[str, Any]], key: str, default: float, env_name: Optional[str] = None) -> float:
    value = option(credentials, key, default, env_name)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"'{key}' must be a number, not {value!r}") from None


def secrets(channel: str, credentials: Optional[Mapping[str, Any]], names: Mapping[str, str]) -> Optional[Dict[str, str]]:
    """Reads `{setting: VARIABLE}`; None when none is set (channel off), error when some are missing."""
    leaked = [key for key in names if key in (credentials or {})]
    if leaked:
        raise ConfigurationError(
            f"{channel}: remove {', '.join(leaked)} from credentials.yml and set "
            f"{', '.join(names[k] for k in leaked)} in the environment instead (secrets are never committed)"
        )
    values = {key: env(variable) for key, variable in names.items()}
    if all(v is None for v in values.values()):
        return None
    missing = [names[k] for k, v in values.items() if v is None]
    if missing:
        raise ConfigurationError(f"{channel}: set {', '.join(missing)} as well (or unset them all to switch {channel} off)")
    return {k: v for k, v in values.items() if v is not None}


def mapping(credentials: Optional[Mapping[str, Any]], key: str, allowed: Iterable[str] = ()) -> Dict[str, str]:
    """A small string-to-string table from credentials.yml (address words, reply texts)."""
    value = (credentials or {}).get(key) or {}
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"'{key}' must be a mapping")
    allowed = set(allowed)
    unknown = sorted(set(value) - allowed) if allowed else []
    if unknown:
        raise ConfigurationError(f"'{key}' has unknown entries: {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
    return {str(k): str(v) for k, v in value.items()}
