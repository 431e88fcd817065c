"""`pip install .` (not editable) gives a `sourced` that can summarize and serve: the prompt
files, the review template and the migrations are in the wheel."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
from pathlib import Path

import httpx

from service.testing.drafts import GOOD_DRAFT
from service.testing.openai_server import FakeOpenAI, draft_reply
from tests.conftest import ROOT


def test_every_package_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "service").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml's packages: {sorted(found - listed)}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_wheel_installed_elsewhere_summarizes_and_serves(tmp_path: Path, fake_openai: FakeOpenAI):
    fake_openai.default = draft_reply(GOOD_DRAFT)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    (wheel,) = wheels.glob("sourced-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # Its dependencies come from this venv's site-packages (offline); `service` from the wheel.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SOURCED_BASE_URL": fake_openai.base_url,
        "SOURCED_MODEL": "fake-model",
        "SOURCED_DATA_DIR": str(tmp_path / "data"),
    }
    where = subprocess.run(
        [str(python), "-c", "import service.prompts as p; print(p.PROMPTS_DIR)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    assert str(site) in where  # the wheel's copy, not the checkout's prompts/
    templates = subprocess.run(
        [
            str(python),
            "-c",
            "import service.evals.report as r; print(sorted(p.name for p in "
            "r.TEMPLATES_DIR.glob('*.j2')), r.TEMPLATES_DIR)",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    assert "report.md.j2" in templates and str(site) in templates  # the eval report's templates

    sourced = venv / "bin" / "sourced"
    done = subprocess.run(
        [
            str(sourced),
            "summarize",
            str(ROOT / "examples" / "port-strike.txt"),
            "--format",
            "json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"claims"' in done.stdout

    port = _free_port()
    server = subprocess.Popen(
        [str(sourced), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)
        made = httpx.post(
            f"{url}/v1/summaries",
            json={"text": (ROOT / "examples" / "port-strike.txt").read_text()},
            timeout=60,
        )
        assert made.status_code == 200, made.text
        page = httpx.get(f"{url}/v1/summaries/{made.json()['id']}/view")
        assert page.status_code == 200 and "<mark" in page.text
    finally:
        server.terminate()
        server.wait(10)
