"""A stand-in for a running Rasa's HTTP API, enough for "try a question": `POST /model/parse`.

Served on a real local port (tests.fakes.server.ThreadedServer), so the
console's HTTP client, its token and its error handling run for real.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

TOKEN = "rasa-token-for-the-tests"


def fake_rasa_api(parse: Dict[str, Any], token: Optional[str] = TOKEN, status: int = 200) -> FastAPI:
    """An app answering `parse` (with the question as its text); `app.state.received` lists the questions."""
    app = FastAPI()
    app.state.received: List[Dict[str, Any]] = []

    @app.post("/model/parse")
    async def model_parse(request: Request):
        if token is not None and request.query_params.get("token") != token:
            return JSONResponse({"status": "failure", "reason": "NotAuthenticated"}, status_code=401)
        body = await request.json()
        app.state.received.append(body)
        if status != 200:
            return PlainTextResponse("model not ready", status_code=status)
        return {**parse, "text": body["text"]}

    return app
