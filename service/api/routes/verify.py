"""POST /v1/verify: any summary checked against its document, claim by claim."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from service.api.deps import Caller, EngineDep, get_settings
from service.api.problems import Problem, documented
from service.config import Settings
from service.schemas import VerificationReport, VerifyRequest

router = APIRouter(prefix="/v1", tags=["verification"])

EXAMPLE = {
    "text": (
        "The port of Halden closed on Monday after 300 dockworkers walked out. "
        'Union leader Ann Berg said the strike would last "until wages rise".'
    ),
    "summary": "The port closed after 300 dockworkers walked out. The union said it will end soon.",
}


def _check_strings(body: VerifyRequest) -> None:
    """Refuse strings that JSON allows but no response can carry."""
    values = [("text", body.text)]
    if isinstance(body.summary, str):
        values.append(("summary", body.summary))
    else:
        values.extend((f"summary.{i}", claim) for i, claim in enumerate(body.summary))
    for name, value in values:
        message = None
        if "\x00" in value:
            message = "contains NUL characters; send plain text"
        else:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                message = f"contains an unpaired surrogate escape at character {exc.start}"
        if message:
            raise Problem(
                422,
                f"The request is invalid: body.{name}: {message}.",
                title="Invalid request",
                slug="invalid-request",
                errors=[{"field": f"body.{name}", "message": message, "type": "value_error"}],
            )


@router.post(
    "/verify",
    response_model=VerificationReport,
    summary="Check a summary from any system against its document",
    description=(
        "Each sentence of `summary` (or each item, when it is a list of claims) is judged "
        "`supported`, `contradicted` or `unsupported` against `text`, with the evidence spans "
        "(`text[start:end] == quote`), the numbers, names and words the evidence lacks, and "
        "whether the claim names the speaker the document names. No model is called unless the "
        "server runs the model judge (SOURCED_JUDGE=model): then one call rates every claim, "
        "the rules keep their veto, `judge` is `model` and each claim has a `model_judge` "
        "check; a failed judgement leaves the rules' verdicts, with a warning."
    ),
    responses={
        200: {"description": "The verification report"},
        **documented(400, 401, 403, 413, 415, 422, 429),
    },
)
async def verify_summary(
    body: Annotated[VerifyRequest, Body(openapi_examples={"news": {"value": EXAMPLE}})],
    settings: Annotated[Settings, Depends(get_settings)],
    engine: EngineDep,
    _caller: Caller,
) -> VerificationReport:
    _check_strings(body)
    return await engine.verify(body.text, body.summary, settings)
