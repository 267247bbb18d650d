"""The trained model, loaded on first use for the "try a question" box.

Loading models/assistant.tar.gz imports TensorFlow and takes about 10 s, so
it happens only when an official first tries a question, in a worker thread
(the console keeps serving other pages meanwhile), once per process. Parsing
goes through Rasa's own Agent, exactly as the assistant parses a message.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Dict, Optional, Protocol

from starlette.concurrency import run_in_threadpool

logger = logging.getLogger(__name__)


class ModelMissing(RuntimeError):
    """There is no trained model file to load."""


class ModelBroken(RuntimeError):
    """The model file exists but Rasa could not load or run it."""


class Parser(Protocol):
    """Anything that parses a message like Rasa's NLU (the tests use a stand-in)."""

    async def parse(self, text: str) -> Dict[str, Any]: ...


class ModelParser:
    """Parses with the trained model, loading it on the first call."""

    def __init__(self, model_path: Path) -> None:
        self.model_path = model_path
        self._agent: Optional[Any] = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._agent is not None

    def _load(self) -> Any:
        with self._lock:
            if self._agent is None:
                if not self.model_path.is_file():
                    raise ModelMissing(str(self.model_path))
                from rasa.core.agent import Agent  # heavy: TensorFlow comes with it

                logger.info("Loading %s for the try-a-question box", self.model_path)
                try:
                    self._agent = Agent.load(str(self.model_path))
                except Exception as error:  # Rasa raises many kinds for a bad or incompatible model
                    logger.exception("Could not load %s", self.model_path)
                    raise ModelBroken(str(self.model_path)) from error
            return self._agent

    async def parse(self, text: str) -> Dict[str, Any]:
        agent = self._agent or await run_in_threadpool(self._load)
        return await agent.parse_message(text)
