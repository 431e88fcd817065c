"""`sourced summarize --batch` and `sourced jobs`: one result line per document, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main
from service.testing.openai_server import FakeOpenAI, citing_draft
from tests.jobs.test_api import DOC_A, DOC_B


@pytest.fixture
def endpoint(fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    monkeypatch.setenv("SOURCED_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("SOURCED_MODEL", "fake-model")
    monkeypatch.setenv("SOURCED_JOB_HEARTBEAT_S", "0.05")
    fake_openai.responder = citing_draft
    return fake_openai


def result_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_a_jsonl_batch_prints_one_line_per_document(endpoint: FakeOpenAI, tmp_path: Path, capsys):
    batch = tmp_path / "feed.jsonl"
    lines = [{"id": "a", "text": DOC_A, "title": "Budget"}, DOC_B, {"text": ""}]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")

    code = main(["summarize", "--batch", str(batch), "--quiet"])

    captured = capsys.readouterr()
    results = sorted(result_lines(captured.out), key=lambda r: r["index"])
    assert code == 2  # one document was empty
    assert [r["name"] for r in results] == ["a", "feed.jsonl:2", "feed.jsonl:3"]
    assert [r["state"] for r in results] == ["done", "done", "failed"]
    assert results[0]["summary"]["document"]["title"] == "Budget"
    for result, text in ((results[0], DOC_A), (results[1], DOC_B)):
        for claim in result["summary"]["claims"]:
            for evidence in claim["evidence"]:
                assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert results[2]["problem"]["status"] == 422
    assert "2 done, 1 failed" in captured.err

    job_id = captured.err.split("job ", 1)[1].split(":", 1)[0]
    assert main(["jobs", "list"]) == 0
    assert job_id in capsys.readouterr().out
    assert main(["jobs", "show", job_id, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == job_id and shown["progress"]["done"] == 2


def test_a_folder_batch_fails_a_binary_file_alone(endpoint: FakeOpenAI, tmp_path: Path, capsys):
    (tmp_path / "a.txt").write_text(DOC_A)
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code = main(["summarize", "--batch", str(tmp_path), "--quiet"])
    captured = capsys.readouterr()
    results = {r["name"]: r for r in result_lines(captured.out)}
    assert code == 2, captured
    assert results["a.txt"]["state"] == "done"
    assert results["b.txt"]["state"] == "failed"
    assert "binary" in results["b.txt"]["problem"]["detail"]


def test_bad_batch_input_is_one_line_and_exit_2(endpoint: FakeOpenAI, tmp_path: Path, capsys):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "fine"}\nnot json\n')
    assert main(["summarize", "--batch", str(broken)]) == 2
    assert "broken.jsonl:2: not JSON" in capsys.readouterr().err
    assert main(["summarize", "--batch", str(tmp_path / "missing")]) == 2
    assert main(["jobs", "show", "nosuchjob"]) == 2
    assert "no job with id nosuchjob" in capsys.readouterr().err
