"""Done-when: exercise 1's check cell, run in a real JupyterLab (loopback) driven by headless
chromium, shows the verdict card — PASSED with the reference solution in the solution cell.

The lab's root is a course workspace made by ``course start 1``; the port comes from
``WEIBO_EXPLORER_TEST_LAB_PORT`` (else any free one)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import nbformat
import pytest
from browser import launch
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explorer.course.exercises import EXERCISES
from explorer.course.workspace import start

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots" / "course"
QUIET = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}


def _port() -> int:
    wanted = os.environ.get("WEIBO_EXPLORER_TEST_LAB_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    base = tmp_path_factory.mktemp("course-lab")
    workspace, settings = base / "weibo-course", base / "settings"
    path, _ = start(workspace, EXERCISES[1])
    book = nbformat.read(str(path), as_version=4)
    solution = next(c for c in book.cells if "solution" in c.metadata.get("tags", []))
    solution.source = (Path(__file__).parent / "solutions" / "ex01.py").read_text()
    nbformat.write(book, str(path))
    for name, values in QUIET.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    port, token = _port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(base / "run"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    log = (base / "lab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workspace}",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else []),
         "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workspace)
    url, headers = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(base / 'lab.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/api/status", headers=headers, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 90 s")
            time.sleep(0.25)
        yield url, token, workspace
    finally:
        try:
            httpx.post(f"{url}/api/shutdown", headers=headers, timeout=10)
            process.wait(timeout=30)
        except (httpx.HTTPError, subprocess.TimeoutExpired):
            process.terminate()
            process.wait(timeout=30)
        log.close()


def test_the_check_cell_shows_the_verdict_card_in_jupyterlab(lab) -> None:
    url, token, workspace = lab
    with launch() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        foreign: list[str] = []
        page.on("request", lambda r: foreign.append(r.url)
                if urlsplit(r.url).hostname not in ("127.0.0.1", None) else None)
        page.goto(f"{url}/doc/tree/01-first-call.ipynb?token={token}")
        solution, check = (page.locator(".jp-Notebook .jp-CodeCell").nth(i) for i in (0, 1))
        solution.locator(".jp-InputArea-editor").click(timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               state="attached", timeout=90_000)
        # Each cell is run from its own editor and the next waits for the first to have run: a
        # key pressed while a loaded machine still sets the notebook up is not lost on the way.
        page.keyboard.press("Shift+Enter")
        solution.locator(".jp-InputPrompt", has_text="[1]").wait_for(timeout=90_000)
        check.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        card = page.locator(".jp-OutputArea .wle-verdict")
        try:
            card.wait_for(timeout=120_000)
        except PlaywrightTimeout:  # say what the notebook shows instead: the next run's clue
            prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
            shown = page.locator(".jp-OutputArea").all_inner_texts()
            pytest.fail(f"no verdict card after 120 s; prompts {prompts}, outputs {shown}")
        assert "pass" in (card.get_attribute("class") or "")
        assert "PASSED" in card.inner_text() and "X-client-id" in card.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        card.screenshot(path=str(SHOTS / "jupyterlab-check.png"))
        page.close()
    assert foreign == []
    progress = json.loads((workspace / "progress.json").read_text())
    assert progress["exercises"]["1"]["done"] is True
