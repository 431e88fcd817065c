"""Hedge preservation: the overview must not state as fact what the document only attributes."""

from __future__ import annotations

from service.document import load_document
from service.verify.attribution import analyze
from service.verify.hedges import HedgeReport, check_hedges, hedge_unit

ARTICLE = (
    "Rebels seized an army base in Idlib on Tuesday. "
    "The Syrian Observatory for Human Rights said 50 soldiers were killed in the assault. "
    "The army denied the report. "
    "Activists said the rebels executed prisoners."
)


def hedges(
    text: str, headline: str, summary: str = "", key_points: tuple[str, ...] = ()
) -> HedgeReport:
    doc = load_document(text, max_chars=10_000)
    return check_hedges(
        doc, analyze(doc), headline=headline, summary=summary, key_points=list(key_points)
    )


def test_headline_drafted_as_bare_fact_from_an_attributed_claim_is_caught() -> None:
    report = hedges(ARTICLE, "50 soldiers killed in Idlib base assault")
    (violation,) = report.violations
    assert violation.name == "hedge:headline" and not violation.passed
    assert "the Syrian Observatory for Human Rights" in violation.reason
    assert "50" in violation.reason
    assert report.headline == (
        "50 soldiers killed in Idlib base assault, the Syrian Observatory for Human Rights says"
    )
    headline_check = next(c for c in report.checks if c.name == "hedge:headline")
    assert headline_check.reason.startswith("repaired: ")


def test_plural_unnamed_source_says_say() -> None:
    report = hedges(ARTICLE, "Rebels executed prisoners")
    assert report.headline == "Rebels executed prisoners, activists say"


def test_hedged_headline_passes() -> None:
    for headline in (
        "50 soldiers killed in Idlib, monitor says",
        "Observatory reports 50 soldiers killed",
        "Rebels allegedly executed prisoners",
    ):
        report = hedges(ARTICLE, headline)
        assert report.violations == [], headline
        assert report.headline == headline


def test_own_voice_fact_needs_no_hedge() -> None:
    report = hedges(ARTICLE, "Rebels seize army base in Idlib")
    assert report.violations == []
    assert report.checks[0].passed


def test_summary_sentence_and_key_point_get_according_to() -> None:
    report = hedges(
        ARTICLE,
        "Rebels seize army base in Idlib",
        summary="Rebels seized an army base in Idlib. Fifty soldiers were killed in the assault.",
        key_points=("Rebels executed prisoners", "Rebels seized a base in Idlib"),
    )
    assert report.summary == (
        "Rebels seized an army base in Idlib. According to the Syrian Observatory for Human "
        "Rights, fifty soldiers were killed in the assault."
    )
    assert report.key_points == [
        "According to activists, rebels executed prisoners",
        "Rebels seized a base in Idlib",
    ]
    assert [c.name for c in report.violations] == ["hedge:summary", "hedge:key_points[0]"]
    assert [c.passed for c in report.checks] == [True, False, False, True]


def test_a_name_keeps_its_capital_after_according_to() -> None:
    text = "Rebels entered Idlib. Activists said Idlib fell after 50 soldiers surrendered."
    report = hedges(text, "", key_points=("Idlib fell after 50 soldiers surrendered",))
    assert report.key_points == ["According to activists, Idlib fell after 50 soldiers surrendered"]


def test_caption_restating_the_body_is_not_the_documents_own_voice() -> None:
    text = (
        "Activists said rebels killed 50 soldiers at the army base in Idlib.\n"
        "Rebels killed 50 soldiers at the Idlib army base\n"
    )
    report = hedges(text, "Rebels killed 50 soldiers at Idlib army base")
    assert [c.name for c in report.violations] == ["hedge:headline"]
    assert report.headline.endswith(", activists say")


def test_a_fact_the_document_states_itself_is_not_flagged_even_if_also_attributed() -> None:
    text = (
        "Fifty soldiers were killed in the assault on the Idlib base. "
        "Activists said 50 soldiers were killed in the assault."
    )
    report = hedges(text, "50 soldiers killed in Idlib base assault")
    assert report.violations == []


def test_a_hedge_is_written_in_the_documents_language() -> None:
    german = load_document(
        "Die Stadtwerke Kiel erhöhen den Preis. Ein Haushalt zahle damit 96 Euro mehr, teilte "
        "das Unternehmen mit. Das ist für die Kunden nicht gut.",
        max_chars=10_000,
    )
    assert hedge_unit(
        german, "Ein Haushalt zahlt 96 Euro mehr.", "das Unternehmen", headline=False
    ) == ("Ein Haushalt zahlt 96 Euro mehr, so das Unternehmen.")
    spanish = load_document(
        "El Gobierno subirá el salario mínimo. La patronal dijo que es un error para las empresas.",
        max_chars=10_000,
    )
    assert hedge_unit(spanish, "La subida es un error.", "la patronal", headline=False) == (
        "Según la patronal, la subida es un error."
    )
    assert hedge_unit(spanish, "La subida es un error", "la patronal", headline=True) == (
        "La subida es un error, según la patronal"
    )
    french = load_document(
        "Le trafic sera très perturbé jeudi sur le réseau, selon la direction. Les syndicats "
        "réclament une hausse des salaires de 6 % pour les conducteurs.",
        max_chars=10_000,
    )
    assert hedge_unit(french, "Le trafic sera perturbé", "la direction", headline=True) == (
        "Le trafic sera perturbé, selon la direction"
    )  # it was "según la direction"
    assert hedge_unit(french, "Le trafic sera perturbé.", "la direction", headline=False) == (
        "Selon la direction, le trafic sera perturbé."
    )
