"""The command line: exit codes and one clear line on stderr, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main
from service.testing.drafts import GOOD_DRAFT
from service.testing.openai_server import FakeOpenAI, draft_reply, error_reply


@pytest.fixture
def endpoint(fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    monkeypatch.setenv("SOURCED_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("SOURCED_MODEL", "fake-model")
    monkeypatch.setenv("SOURCED_BACKOFF_INITIAL_S", "0.01")
    monkeypatch.setenv("SOURCED_BACKOFF_MAX_S", "0.02")
    return fake_openai


def test_summarize_prints_json(endpoint: FakeOpenAI, capsys, sample_text: str) -> None:
    endpoint.enqueue(draft_reply(GOOD_DRAFT))
    code = main(["summarize", "examples/port-strike.txt", "--format", "json", "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["provenance"]["backend"] == "openai"
    for claim in out["claims"]:
        for ev in claim["evidence"]:
            assert sample_text[ev["start"] : ev["end"]] == ev["quote"]


def test_summarize_prints_readable_text(endpoint: FakeOpenAI, capsys) -> None:
    endpoint.enqueue(draft_reply(GOOD_DRAFT))
    code = main(["summarize", "examples/port-strike.txt", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Harwick dock workers strike" in out
    assert "✓ About 2,400 dock workers" in out
    assert "the port authority (said)" in out


def test_stdin(endpoint: FakeOpenAI, capsys, monkeypatch, sample_text: str) -> None:
    import io
    import sys

    endpoint.enqueue(draft_reply(GOOD_DRAFT))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(sample_text.encode())))
    assert main(["summarize", "-", "--quiet", "--format", "json"]) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_bad_documents_exit_2(tmp_path: Path, capsys, content: bytes, message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    assert (
        main(["summarize", str(path), "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]) == 2
    )
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_file_exits_2(capsys) -> None:
    assert main(["summarize", "no/such/file.txt"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_too_long_exits_2(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SOURCED_MAX_DOCUMENT_CHARS", "50")
    path = tmp_path / "long.txt"
    path.write_text("word " * 100)
    assert (
        main(["summarize", str(path), "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]) == 2
    )
    assert "limit is 50" in capsys.readouterr().err


def test_bad_flag_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["summarize", "x.txt", "--format", "yaml"])
    assert caught.value.code == 2


def test_upstream_failure_exits_3_with_attempts(endpoint: FakeOpenAI, capsys, monkeypatch):
    monkeypatch.setenv("SOURCED_MAX_ATTEMPTS", "3")
    endpoint.enqueue(*[error_reply(500)] * 3)
    assert main(["summarize", "examples/port-strike.txt", "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "HTTP 500" in err and "after 3 attempts" in err and "Traceback" not in err


def test_serve_takes_a_root_path_from_the_flag_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from service.api.server import uvicorn_config
    from service.cli import build_parser, settings_from

    args = build_parser().parse_args(["serve", "--root-path", "/sourced/"])
    settings = settings_from(args)
    assert settings.root_path == "/sourced"
    assert uvicorn_config(settings).root_path == "/sourced"
    monkeypatch.setenv("SOURCED_ROOT_PATH", "/from-env")
    assert settings_from(build_parser().parse_args(["serve"])).root_path == "/from-env"
    monkeypatch.setenv("SOURCED_ROOT_PATH", "no-slash")
    assert main(["serve"]) == 2  # a setting error: one line, exit 2
