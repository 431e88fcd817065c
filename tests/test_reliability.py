"""The fast part of `make reliability` (bench/reliability.py): every probe must hold."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import ROOT


def _suite():
    spec = importlib.util.spec_from_file_location("reliability", ROOT / "bench" / "reliability.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["reliability"] = module
    spec.loader.exec_module(module)
    return module


SUITE = _suite()


@pytest.mark.parametrize("probe", sorted(SUITE.FAST))
def test_probe_holds(probe: str):
    results = SUITE.FAST[probe]()
    assert results
    missed = [r for r in results if not r.ok]
    assert not missed, "\n".join(
        f"{r.probe}: expected {r.expected}, observed {r.observed}" for r in missed
    )
