"""Drafts of the sample document (examples/port-strike.txt), as a model might write them.

The model picks the reading's numbered statements (see `service.reading`); in the sample,
1 is the port authority's walkout figure, 2 the union's rejection of the offer, 6 the company's
denial, 12 the minister's "ready to help" and 14 the 2019 strike, which the document states itself.
"""

from __future__ import annotations

import copy
from typing import Any

GOOD_DRAFT: dict[str, Any] = {
    "headline": "Harwick dock workers strike after pay talks fail, union says",
    "summary": "About 2,400 dock workers at Harwick stopped work after pay talks broke down, "
    "the port authority said. The union said its members rejected a 4.5% offer.",
    "claims": [
        {
            "ids": [1],
            "text": "About 2,400 dock workers at the port of Harwick stopped work on Tuesday, "
            "the port authority said.",
        },
        {"ids": [2], "text": ""},
        {"ids": [14], "text": "The last strike at the port, in 2019, lasted nine days."},
    ],
}


def draft_with(**changes: Any) -> dict[str, Any]:
    draft = copy.deepcopy(GOOD_DRAFT)
    draft.update(changes)
    return draft


def draft_with_claim(claim: dict[str, Any]) -> dict[str, Any]:
    return draft_with(claims=[*GOOD_DRAFT["claims"], claim])
