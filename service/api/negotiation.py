"""Content negotiation for the one resource that has two faces: JSON, or a page for people."""

from __future__ import annotations


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(ranges: list[tuple[str, float]], media: str) -> float:
    """q of the most specific range that matches `media` (exact, then type/*, then */*)."""
    kind = media.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for candidate, q in ranges:
        if candidate == media:
            specificity = 2
        elif candidate == f"{kind}/*":
            specificity = 1
        elif candidate == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, q)
    return best[1]


def prefers_html(accept: str | None) -> bool:
    """Whether the client ranks text/html above JSON (a browser does; curl does not)."""
    if not accept:
        return False
    ranges = _ranges(accept)
    return _quality(ranges, "text/html") > _quality(ranges, "application/json")
