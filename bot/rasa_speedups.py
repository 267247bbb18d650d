"""One measured fix to Rasa's own per-message work, applied when our tokenizer loads.

Profiling the assistant under load (10 users, py-spy, 2026-12-05) showed the
Rasa server spending 23 of its 62 ms of CPU per message in
`RemoteAction._validate_action_result`: Rasa 3.6 calls `jsonschema.validate`,
which checks the *schema* against the JSON-Schema meta-schema and builds a new
validator for every action-server reply. The schema never changes, so it is
checked and compiled once here; each reply is still validated against it and
an invalid reply raises the same `ValidationError` with Rasa's own message.

Profiled again on 2026-12-06, the check itself was still 5% of the server's
time: each event of a reply is tried against all 23 event kinds of the
schema's `oneOf`. Every kind names itself with a distinct `event` constant, so
an event can only ever match the kind it names; a valid reply is now checked
against that one kind. The full check still decides, and words the error,
whenever the short one does not pass.
"""
from __future__ import annotations

import copy
import functools
import json
from typing import Any, Dict, Optional, Text, Tuple

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def _reply_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@functools.lru_cache(maxsize=1)
def _per_kind_validators() -> Optional[Tuple[Any, Dict[str, Any]]]:
    """The schema without the events' `oneOf`, and one validator per event kind; None if the schema is not of that shape."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    items = schema.get("properties", {}).get("events", {}).get("items", {})
    kinds = items.pop("oneOf", None)
    if not kinds or "$ref" in json.dumps(schema) + json.dumps(kinds):
        return None
    names = [kind.get("properties", {}).get("event", {}).get("const") for kind in kinds]
    if None in names or len(set(names)) != len(names):
        return None  # an event could match more than one kind: only the full check is exact
    cls = validator_for(schema)
    return cls(schema), {name: cls(kind) for name, kind in zip(names, kinds)}


def _passes_per_kind(result: Dict[Text, Any]) -> bool:
    """True only if the full check would pass too: the reply's shape, and each event against the kind it names."""
    validators = _per_kind_validators()
    if validators is None:
        return False
    outer, by_kind = validators
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or []:
        kind = by_kind.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Rasa's check of an action-server reply, with the schema compiled once."""
    if _passes_per_kind(result):
        return True
    error = best_match(_reply_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply() -> None:
    """Installs the compiled check on Rasa's RemoteAction (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result

