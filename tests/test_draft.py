"""The draft's JSON schema: made from one shared copy of the model's schema, never changing it."""

from service.draft import SCHEMAS_KEPT, draft_json_schema


def test_each_statement_set_gets_its_own_schema_and_the_shared_one_is_left_alone():
    first = draft_json_schema(8, (1, 2, 3))
    second = draft_json_schema(3, (7,))
    without_claims = draft_json_schema(8, (1, 2, 3), claims=False)
    again = draft_json_schema(5, (4, 5))

    def ids(schema: dict) -> list[int]:
        return schema["$defs"]["DraftClaim"]["properties"]["ids"]["items"]["enum"]

    assert ids(first) == [1, 2, 3] and first["properties"]["claims"]["maxItems"] == 8
    assert ids(second) == [7] and second["properties"]["claims"]["maxItems"] == 3
    assert "claims" not in without_claims["properties"] and "$defs" not in without_claims
    # Made after a schema without claims deleted its own copy's: the shared one still has them.
    assert ids(again) == [4, 5] and again["required"] == ["headline", "summary", "claims"]
    assert draft_json_schema(8, ())["properties"]["claims"]["minItems"] == 0


def test_schemas_for_many_documents_are_kept_bounded():
    """Each document's statements make a schema: a caller sending new documents for ever must
    not grow the cache for ever (it was an unbounded functools.cache)."""
    draft_json_schema.cache_clear()
    for n in range(SCHEMAS_KEPT + 50):
        draft_json_schema(8, tuple(range(1, n + 2)))
    assert draft_json_schema.cache_info().currsize == SCHEMAS_KEPT
    latest = tuple(range(1, SCHEMAS_KEPT + 51))
    assert draft_json_schema(8, latest) is draft_json_schema(8, latest)  # still remembered
