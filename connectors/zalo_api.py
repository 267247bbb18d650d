"""Calls the Zalo OA API: consultation messages and the token refresh.

`send` posts to /v3.0/oa/message/cs with the `access_token` header. When Zalo
answers -216 (access token expired) it refreshes the pair with the refresh
token, stores the new pair before using it (connectors/zalo_tokens.py) and
retries once. A request that times out or gets a 5xx is retried once. The
result says whether the message arrived and, if not, why.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Dict, Optional

import httpx

from connectors.zalo_tokens import STORAGE_ERRORS, TokenPair, TokenStore

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://openapi.zalo.me"
DEFAULT_OAUTH_BASE_URL = "https://oauth.zaloapp.com"
TOKEN_EXPIRED = -216
# Meanings of the error codes the connector acts on or that need a person to act.
ERROR_MEANINGS = {
    TOKEN_EXPIRED: "the access token is invalid or expired",
    -230: "the user has not interacted with the OA in the past 7 days (outside the reply window)",
}


@dataclass(frozen=True)
class SendResult:
    delivered: bool
    error: Optional[int] = None
    detail: str = ""

    def explain(self) -> str:
        meaning = ERROR_MEANINGS.get(self.error) if self.error is not None else None
        code = f"error {self.error}: " if self.error is not None else ""
        return f"{code}{meaning or self.detail or 'unknown failure'}" + (f" ({self.detail})" if meaning and self.detail else "")


class ZaloClient:
    """An OA's API client; one per server, sharing one httpx connection pool."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        store: TokenStore,
        app_id: str,
        app_secret: str,
        api_base_url: str = DEFAULT_API_BASE_URL,
        oauth_base_url: str = DEFAULT_OAUTH_BASE_URL,
    ) -> None:
        self._http = http
        self._store = store
        self._app_id = app_id
        self._app_secret = app_secret
        self._message_url = api_base_url.rstrip("/") + "/v3.0/oa/message/cs"
        self._token_url = oauth_base_url.rstrip("/") + "/v4/oa/access_token"
        self._pair: Optional[TokenPair] = None

    def tokens(self) -> TokenPair:
        if self._pair is None:
            self._pair = self._store.load()
            if self._pair is None:
                raise RuntimeError("No Zalo token pair: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN")
        return self._pair

    async def send(self, user_id: str, message: Dict[str, Any]) -> SendResult:
        """Sends one consultation message; refreshes the token once if Zalo says it expired."""
        pair = self.tokens()
        if pair.expiring(time.time()):
            pair = await self.refresh(pair.access_token) or pair
        result = await self._post_message(pair.access_token, user_id, message)
        if result.error == TOKEN_EXPIRED:
            fresh = await self.refresh(pair.access_token)
            if fresh is not None:
                result = await self._post_message(fresh.access_token, user_id, message)
        return result

    async def refresh(self, stale_access_token: str) -> Optional[TokenPair]:
        """A new pair, unless another task or process already got one (then that one)."""
        async with self._store.refreshing():
            current = self._store.load()
            if current is not None and current.access_token != stale_access_token:
                self._pair = current  # refreshed meanwhile by someone else: the old refresh token is spent
                return current
            refresh_token = (current or self.tokens()).refresh_token
            try:
                response = await self._http.post(
                    self._token_url,
                    headers={"secret_key": self._app_secret},
                    data={"app_id": self._app_id, "grant_type": "refresh_token", "refresh_token": refresh_token},
                )
                body = response.json()
            except (httpx.HTTPError, ValueError) as error:
                logger.error("Zalo: token refresh failed (%s); messages cannot be sent until it succeeds", error)
                return None
            if not isinstance(body, dict) or not body.get("access_token") or not body.get("refresh_token"):
                logger.error(
                    "Zalo: token refresh refused (%s). Re-authorise the OA and set ZALO_ACCESS_TOKEN and "
                    "ZALO_REFRESH_TOKEN; see connectors/README.md", _describe(body)
                )
                return None
            expires_in = _number(body.get("expires_in"))
            pair = TokenPair(body["access_token"], body["refresh_token"], time.time() + expires_in if expires_in else 0.0)
            self._pair = pair
            try:
                self._store.save(pair)  # before first use: the old refresh token no longer works
            except STORAGE_ERRORS as error:
                logger.critical(
                    "Zalo: the new token pair could not be written to %s (%s); it lives only in this process now. "
                    "Fix the storage before restarting, or re-authorise the OA afterwards", self._store.where, error
                )
            logger.info("Zalo: access token refreshed (valid for about %.0f h)", expires_in / 3600 if expires_in else 0)
            return pair

    async def _post_message(self, access_token: str, user_id: str, message: Dict[str, Any]) -> SendResult:
        payload = {"recipient": {"user_id": user_id}, "message": message}
        headers = {"access_token": access_token, "Content-Type": "application/json"}
        last = SendResult(False, detail="not attempted")
        for attempt in (1, 2):
            try:
                response = await self._http.post(self._message_url, json=payload, headers=headers)
            except httpx.TransportError as error:  # timeouts included; a timed-out message may arrive twice
                last = SendResult(False, detail=f"{type(error).__name__}: {error}".rstrip(": "))
                logger.warning("Zalo: sending to %s failed (attempt %d): %s", user_id, attempt, last.detail)
                continue
            if response.status_code >= 500:
                last = SendResult(False, detail=f"HTTP {response.status_code}")
                logger.warning("Zalo: sending to %s failed (attempt %d): HTTP %d", user_id, attempt, response.status_code)
                continue
            return _result(response)
        return last


def _result(response: httpx.Response) -> SendResult:
    try:
        body = response.json()
    except ValueError:
        return SendResult(False, detail=f"HTTP {response.status_code}, not JSON")
    if not isinstance(body, dict):
        return SendResult(False, detail=f"HTTP {response.status_code}, unexpected answer")
    error = body.get("error")
    if error == 0:
        return SendResult(True)
    return SendResult(False, error if isinstance(error, int) else None, str(body.get("message") or ""))


def _describe(body: Any) -> str:
    if isinstance(body, dict):
        fields = ("error", "error_name", "error_reason", "error_description", "message")
        return ", ".join(f"{k}={body[k]}" for k in fields if k in body) or "no token in the answer"
    return "unexpected answer"


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
