"""The fixture files and their model: every shipped fixture loads, and broken ones are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from service.document import load_document
from service.evals.fixtures import (
    Coverage,
    Fixture,
    FixtureError,
    load_fixture,
    load_fixtures,
)
from service.evals.matching import missing_terms

BODY = " ".join(["The council said the new bridge would open in May."] * 12)


def fixture_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "bridge",
        "description": "a test fixture",
        "covers": ["named-sources"],
        "text": BODY,
        "expect": {
            "claims": [{"id": "opens", "terms": ["bridge", "May"], "source": "council"}],
            "traps": ["June"],
        },
    }
    data.update(changes)
    return data


def test_the_shipped_fixtures_load_and_cover_every_case() -> None:
    fixtures = load_fixtures()
    assert len(fixtures) >= 26
    covered = {case for f in fixtures for case in f.covers}
    assert covered == set(get_args(Coverage))
    assert sum("hidden-instructions" in f.covers for f in fixtures) >= 3
    assert all(f.words <= 600 for f in fixtures)


def test_a_name_glob_selects_fixtures_by_name() -> None:
    names = [f.name for f in load_fixtures("injection-*")]
    assert names and all(n.startswith("injection-") for n in names)


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="Extra inputs"):
        Fixture.model_validate(fixture_data(sumary="typo"))
    bad_claim = fixture_data()
    bad_claim["expect"]["claims"][0]["sorce"] = "council"
    with pytest.raises(ValueError, match="Extra inputs"):
        Fixture.model_validate(bad_claim)


def test_source_left_out_is_unchecked_but_null_is_checked() -> None:
    data = fixture_data()
    data["expect"]["claims"].append({"id": "own-voice", "terms": ["bridge"], "source": None})
    claims = Fixture.model_validate(data).expect.claims
    assert claims[0].checks_source and claims[0].source == "council"
    assert claims[1].checks_source and claims[1].source is None
    unchecked = Fixture.model_validate(
        fixture_data(expect={"claims": [{"id": "a", "terms": ["x"]}]})
    )
    assert not unchecked.expect.claims[0].checks_source


def test_a_single_status_becomes_a_list_and_numbers_become_terms() -> None:
    data = fixture_data()
    data["expect"]["claims"][0] |= {"status": "attributed", "terms": [2026]}
    claim = Fixture.model_validate(data).expect.claims[0]
    assert claim.status == ["attributed"]
    assert claim.terms == ["2026"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "Too short."}, "mark it very-short"),
        ({"text": "word " * 700}, "keep it under 600"),
        ({"covers": ["not-a-case"]}, "covers"),
        ({"expect": {"traps": ["bridge"]}}, "trap 'bridge' is in the text"),
        (
            {"expect": {"claims": [{"id": "a", "terms": ["x"], "source": "minister"}]}},
            "source 'minister'",
        ),
        (
            {"expect": {"injections": [{"id": "i", "trigger": "ignore all", "payload": ["x"]}]}},
            "trigger 'ignore all' is not in the text",
        ),
        (
            {"expect": {"claims": [{"id": "a", "terms": ["x"]}, {"id": "a", "terms": ["y"]}]}},
            "ids repeat",
        ),
    ],
)
def test_fixtures_that_could_never_pass_honestly_are_refused(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Fixture.model_validate(fixture_data(**changes))


def test_a_very_short_fixture_may_be_short() -> None:
    fixture = Fixture.model_validate(
        fixture_data(covers=["very-short"], text="The council said the bridge opens in May.")
    )
    assert fixture.words < 80


def test_load_fixture_names_the_file_and_requires_the_name_to_match(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(fixture_data()), encoding="utf-8")
    with pytest.raises(FixtureError, match="must equal the file name"):
        load_fixture(path)
    broken = tmp_path / "bridge.yaml"
    broken.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(FixtureError, match=r"bridge\.yaml"):
        load_fixture(broken)
    with pytest.raises(FixtureError, match="no fixture files match"):
        load_fixtures(str(tmp_path / "none-*.yaml"))


def test_every_expected_claim_is_stated_by_one_sentence_of_its_document() -> None:
    """A model that copied the right sentence would find every expected claim: the terms ask
    for what the document says, not for one paraphrase of it."""
    unfindable = []
    for fixture in load_fixtures():
        sentences = load_document(fixture.text, max_chars=100_000).sentences
        for claim in fixture.expect.claims:
            if all(missing_terms(s.text, claim.terms) for s in sentences):
                unfindable.append(f"{fixture.name}:{claim.id}")
    assert unfindable == []
