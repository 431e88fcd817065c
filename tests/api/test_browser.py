"""The review page in a real headless Chromium (Debian's), driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium, which `.ci/run`
installs. Where no Chromium exists the test skips and says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from service.api import create_app
from service.config import Settings
from service.testing.engines import FakeBackend, make_engine
from service.testing.http import serve_in_thread

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: apt-get install chromium (.ci/run does)",
)
# Headless as root in a sandbox with no network: no zygote sandbox, no background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = '\n<script>window.pwned = true</script><img src=x onerror="window.pwned = true">\n'


def test_clicking_a_claim_scrolls_to_and_highlights_its_spans(
    tmp_path: Path, sample_text: str
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    settings = Settings()
    text = sample_text + HOSTILE
    with serve_in_thread(
        create_app(settings, make_engine(settings, FakeBackend())), lifespan="on"
    ) as url:
        made = httpx.post(f"{url}/v1/summaries", json={"text": text}, timeout=30).json()
        claims = made["claims"]
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None,
            )
            page.goto(f"{url}/v1/summaries/{made['id']}/view")

            assert page.locator("mark").count() >= len(claims)
            assert page.locator("mark.active").count() == 0
            last = claims[-1]  # cites the document's end: far below the first screen
            page.click(f'button.claim[data-key="claim-{len(claims)}"]')

            active = page.locator("mark.active")
            assert active.count() >= 1
            keys = active.evaluate_all("els => els.map(e => e.dataset.marks.split(' '))")
            assert all(f"claim-{len(claims)}" in k for k in keys)
            highlighted = "".join(active.all_inner_texts())
            assert highlighted == "".join(e["quote"] for e in last["evidence"])
            assert page.locator(f'li.card.active[data-key="claim-{len(claims)}"]').count() == 1
            # Scrolled (smoothly) until the evidence is inside the document pane.
            page.wait_for_function(
                """() => {
                    const mark = document.querySelector("mark.active");
                    const pane = document.getElementById("document").getBoundingClientRect();
                    const box = mark.getBoundingClientRect();
                    return box.top >= pane.top && box.bottom <= pane.bottom;
                }""",
                timeout=5000,
            )
            page.screenshot(path=str(tmp_path / "review-claim.png"))

            # And the other way: clicking evidence in the document selects its claim.
            page.locator('mark[data-marks~="claim-1"]').first.click()
            assert page.locator('li.card.active[data-key="claim-1"]').count() == 1
            assert page.locator('button.claim[aria-pressed="true"]').count() == 1
            assert page.url.endswith("#claim-1")

            # The document's markup is shown as text and never runs.
            assert page.evaluate("window.pwned === undefined")
            assert "<script>window.pwned = true</script>" in page.inner_text("#doc-text")
            page.set_viewport_size({"width": 700, "height": 900})  # a narrow window stacks
            page.screenshot(path=str(tmp_path / "review-narrow.png"), full_page=True)
            browser.close()
    assert problems == []  # no script errors, no Content-Security-Policy violations
