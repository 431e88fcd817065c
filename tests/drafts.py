"""Drafts of the sample document (examples/port-strike.txt), as a model might write them."""

from __future__ import annotations

import copy
from typing import Any

GOOD_DRAFT: dict[str, Any] = {
    "headline": "Harwick dock workers strike after pay talks fail, union says",
    "summary": "About 2,400 dock workers at Harwick stopped work after pay talks broke down. "
    "The union rejected a 4.5% offer; the operator called it fair.",
    "key_points": ["About 2,400 workers walked out", "The union rejected a 4.5% pay offer"],
    "claims": [
        {
            "text": "About 2,400 dock workers at the port of Harwick stopped work on Tuesday.",
            "sentences": [2],
            "source": "the port authority",
            "cue": "said",
        },
        {
            "text": "Union members rejected a final offer of a 4.5% pay rise over two years.",
            "sentences": [3],
            "source": "The Harwick Dockers' Union",
            "cue": "said",
        },
        {
            "text": "The last strike at the port, in 2019, lasted nine days.",
            "sentences": [16],
            "source": None,
            "cue": None,
        },
    ],
}


def draft_with(**changes: Any) -> dict[str, Any]:
    draft = copy.deepcopy(GOOD_DRAFT)
    draft.update(changes)
    return draft


def draft_with_claim(claim: dict[str, Any]) -> dict[str, Any]:
    return draft_with(claims=[*GOOD_DRAFT["claims"], claim])
