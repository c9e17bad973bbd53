"""``LoginForm`` in a real JupyterLab on 127.0.0.1, driven by headless Debian chromium.

One JupyterLab server for the module, in a temporary root holding one notebook that shows
``LoginForm()`` with the success preset. The test runs the cell, clicks Send in the rendered widget,
waits for the rendered SUCCESS badge and keeps a screenshot per theme in
``artifacts/screenshots/widgets`` (gitignored). Missing JupyterLab or chromium fails the test:
it is never skipped.
"""

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
import pytest
from browser import launch

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots" / "widgets"
SOURCE = 'from explorer import LoginForm\n\nform = LoginForm()\nform.fill(preset="success")\nform'
FOLLOWUP = ('from explorer import LoginForm\n\nform = LoginForm()\nform.fill(preset="mfa-auth")\n'
            'form.submit()\nform')
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
QUIET = {  # no news, no update checks: nothing may leave the machine
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _notebook(source: str = SOURCE) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "form", "metadata": {},
                   "outputs": [], "source": source}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


class Lab:
    """A running JupyterLab: its URL, token and user-settings directory."""

    def __init__(self, url: str, token: str, settings: Path) -> None:
        self.url, self.token, self.settings = url, token, settings

    def set_theme(self, theme: str) -> None:
        path = self.settings / "@jupyterlab/apputils-extension/themes.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"theme": theme}), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Lab]:
    try:
        import jupyterlab  # noqa: F401
        import jupyterlab_widgets  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"{exc}: run `bash scripts/install.sh test`", pytrace=False)
    base = tmp_path_factory.mktemp("lab")
    root, settings, workspaces = base / "root", base / "settings", base / "workspaces"
    for folder in (root, settings, workspaces):
        folder.mkdir()
    (root / "form.ipynb").write_text(json.dumps(_notebook()), encoding="utf-8")
    (root / "followup.ipynb").write_text(json.dumps(_notebook(FOLLOWUP)), encoding="utf-8")
    for name, values in QUIET.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(workspaces), JUPYTER_RUNTIME_DIR=str(base / "run"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    log = (base / "lab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else []),
         "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(base / 'lab.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/api/status", headers=headers, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 60 s")
            time.sleep(0.25)
        yield Lab(url, token, settings)
    finally:
        try:  # the server's own shutdown stops its kernels too
            httpx.post(f"{url}/api/shutdown", headers=headers, timeout=10)
            process.wait(timeout=30)
        except (httpx.HTTPError, subprocess.TimeoutExpired):
            process.terminate()
            process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    with launch() as browser:
        yield browser


@pytest.mark.parametrize("theme", list(THEMES))
def test_send_in_jupyterlab_shows_the_rendered_success(lab, browser, theme):
    lab.set_theme(THEMES[theme])
    page = browser.new_page(viewport={"width": 1280, "height": 2600})
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url)
            if urlsplit(r.url).hostname not in ("127.0.0.1", None) else None)
    try:
        page.goto(f"{lab.url}/doc/tree/form.ipynb?token={lab.token}")
        page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click(timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               state="attached", timeout=60_000)
        page.keyboard.press("Shift+Enter")
        form = page.locator(".jp-OutputArea .wle-form")
        form.wait_for(timeout=90_000)
        assert form.locator(".wle-form-ok").count() == 1  # the success preset passes the checks
        form.locator("button.widget-button", has_text="Send").click()
        badge = form.locator(".wle-badge", has_text="SUCCESS").first
        badge.wait_for(timeout=30_000)
        assert form.locator(".wle-head .wle-badge").first.inner_text() == "SUCCESS"
        SHOTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if theme == "light" else "-" + theme
        form.screenshot(path=str(SHOTS / f"jupyterlab-success{suffix}.png"))
        shown = page.evaluate("document.body.dataset.jpThemeName")
        assert shown == THEMES[theme]
    finally:
        page.close()
    assert foreign == []


def test_follow_up_panel_keeps_case_and_shows_no_broken_captcha(lab, browser):
    """Issue 9, stumble 8: the MFA follow-up's path and X-state-token read as sent (no
    upper-casing by a heading's style), and no broken image before "1. Get captcha"."""
    page = browser.new_page(viewport={"width": 1280, "height": 2600})
    try:
        page.goto(f"{lab.url}/doc/tree/followup.ipynb?token={lab.token}")
        page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click(timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               state="attached", timeout=60_000)
        page.keyboard.press("Shift+Enter")
        step = page.locator(".jp-OutputArea .wle-form .wle-form-step").first
        step.wait_for(timeout=90_000)
        title = step.locator(".wle-form-step-title").first
        shown = title.inner_text()  # innerText applies text-transform, as the reader sees it
        assert "/api/v2/sdk/mfa/sms" in shown and "X-state-token: eyJ" in shown, shown
        puzzle = step.locator(".wle-form-puzzle")
        assert puzzle.is_hidden()
        broken = "[...document.querySelectorAll('.wle-form-step img')].filter(i => " \
                 "i.offsetParent !== null && !(i.complete && i.naturalWidth > 0)).length"
        assert page.evaluate(broken) == 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        step.screenshot(path=str(SHOTS / "form-followup.png"))
        step.locator("button.widget-button", has_text="1. Get captcha").click()
        puzzle.wait_for(state="visible", timeout=30_000)
        page.wait_for_function("[...document.querySelectorAll('.wle-form-puzzle img')]"
                               ".every(i => i.complete && i.naturalWidth > 0)", timeout=30_000)
        assert page.evaluate(broken) == 0
        step.screenshot(path=str(SHOTS / "form-followup-captcha.png"))
    finally:
        page.close()
