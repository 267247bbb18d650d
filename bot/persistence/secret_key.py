"""Signing keys from the environment, or a random one kept on disk.

The console signs its session cookies and the web chat its conversation ids.
An operator should set the key (the same value on every machine that serves
the same users); a newcomer running `make run` should not have to, and must
still not get a well-known key. So when the variable is unset, a random key
is created once under var/ (mode 600) and reused, so signed values survive
a restart.
"""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Mapping, Optional

logger = logging.getLogger(__name__)

MIN_LENGTH = 32


def signing_key(variable: str, path: Path, env: Optional[Mapping[str, str]] = None) -> bytes:
    """The key in `variable` (at least 32 characters), else the one kept in `path`."""
    env = os.environ if env is None else env
    configured = env.get(variable, "")
    if configured:
        if len(configured) < MIN_LENGTH:
            raise ValueError(f"{variable} must be at least {MIN_LENGTH} characters")
        return configured.encode()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(48))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: two processes starting together keep one key
            logger.warning("%s is not set; created a random key in %s", variable, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes().strip()
