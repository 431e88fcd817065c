"""The JSON object in a model's answer, read leniently: code fences, prose around the object and
raw newlines inside strings are what small models write, and none of them is a reason to re-ask."""

from __future__ import annotations

import json


def json_object_in(content: str | None, invalid: type[Exception]) -> object:
    """The first JSON value starting at the answer's first "{"; `invalid(reason)` when there is
    none, the reason written for the re-ask."""
    if not content or not content.strip():
        raise invalid("the answer was empty")
    text = content.strip()
    start = text.find("{")
    if start < 0:
        raise invalid("the answer contains no JSON object")
    try:
        data, _ = json.JSONDecoder(strict=False).raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise invalid(f"the answer is not valid JSON: {exc.msg} at character {exc.pos}") from None
    return data
