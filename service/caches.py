"""Every memo the service keeps in-process (functools caches), found and cleared in one call.

Benchmarks call `clear_all` so that "cold" means cold: a per-text cache left warm once made
`bench/pipeline.py` read about 25% fast. It walks the loaded `service` modules (and their
classes), so a cache added later is cleared without anyone remembering to list it: functools
caches and `service.memo`'s per-text memos alike.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Iterator
from typing import Any

import service
from service.memo import KeyedMemo, TextMemo

_MEMO_TYPES = (functools._lru_cache_wrapper, TextMemo, KeyedMemo)


def import_all() -> None:
    """Import every service module, so none of their caches is missed."""
    for module in pkgutil.walk_packages(service.__path__, "service."):
        if ".migrations" in module.name:
            continue  # alembic's scripts run only inside a migration
        importlib.import_module(module.name)


def _caches() -> Iterator[Any]:
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "service" or name.startswith("service.")):
            continue
        owners: list[Any] = [module]
        owners += [v for _, v in inspect.getmembers(module, inspect.isclass)]
        for owner in owners:
            for value in vars(owner).values():
                target = value.__func__ if isinstance(value, staticmethod | classmethod) else value
                # By type: an object that answers every attribute (sqlalchemy's `func`) is none.
                if isinstance(target, _MEMO_TYPES) and id(target) not in seen:
                    seen.add(id(target))
                    yield target


def clear_all() -> int:
    """Clear every functools cache of the loaded service modules; how many there were."""
    caches = list(_caches())
    for cached in caches:
        cached.cache_clear()
    return len(caches)


def entries() -> int:
    """Entries held by all those caches now (0 right after `clear_all`)."""
    return sum(c.cache_info().currsize for c in _caches())
