"""Property-based: schemathesis generates requests from the OpenAPI schema; none may get a 5xx.

The other default checks run too: status codes, content types and bodies must match the
schema, and a request without the API key must be refused (the schema declares bearer auth).
Driven through hypothesis directly: schemathesis' pytest plugin does not run on this pytest.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from service.api import create_app
from service.config import Settings
from service.testing.engines import FakeBackend, make_engine

KEY = "k-schema-0123456789abcdef"
OURS = {
    ("POST", "/v1/summaries"),
    ("GET", "/v1/summaries/{summary_id}"),
    ("GET", "/v1/summaries/{summary_id}/view"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.schemas.BaseSchema:
    data = tmp_path_factory.mktemp("schema-data")
    config = Settings(
        api_keys=KEY,
        rate_limit="",
        max_document_chars=5_000,
        data_dir=data,
        # The chat routes mounted beside ours, set up so that they check signatures.
        slack_signing_secret="slack-signing-secret-for-tests",
        discord_public_key="11" * 32,
        slack_api_base_url="http://127.0.0.1:9/api",
        discord_api_base_url="http://127.0.0.1:9/api",
    )
    app = create_app(config, make_engine(config, FakeBackend()))
    # /openapi.json is behind the key on a keyed server, like /metrics and /docs.
    return schemathesis.openapi.from_asgi(
        "/openapi.json", app, headers={"Authorization": f"Bearer {KEY}"}
    )


def test_no_generated_request_breaks_the_api(api_schema: schemathesis.schemas.BaseSchema) -> None:
    """Every operation in the schema, ours and any router mounted beside them (the chat bots)."""
    seen = set()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        seen.add((operation.method.upper(), operation.path))

        @given(case=operation.as_strategy())
        @settings(
            max_examples=60,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case: schemathesis.Case) -> None:
            headers = {"Authorization": f"Bearer {KEY}"}
            if (case.method.upper(), case.path) in OURS:
                # Rules the schema cannot state (blank or binary-looking text, NUL, a document
                # over the configured limit) are refused with a 4xx problem, by design.
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
            else:  # another router's documentation is its own business; 5xx is everyone's
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

        check()
    assert seen >= OURS
