"""docs serve: the built site and a sandbox on one loopback origin."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from explorer.contract import LOGIN_PATH
from explorer.docs.serve import ServedSite
from explorer.sandbox import SandboxConfig


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("served")
    (site / "index.html").write_text("<h1>home</h1>")
    (site / "page").mkdir()
    (site / "page" / "index.html").write_text("<h1>page</h1>")
    return site


def test_site_and_sandbox_share_one_origin(site: Path) -> None:
    with ServedSite(site, sandbox=SandboxConfig(seed=3, clock="2026-01-01T00:00:00Z")) as served:
        with httpx.Client(base_url=served.base_url) as http:
            assert http.get("/page/").text == "<h1>page</h1>"
            fixtures = http.get("/sandbox/fixtures").json()
            ok = next(f for f in fixtures if f["name"] == "success")["request"]
            answer = http.post(LOGIN_PATH, headers=ok["headers"], json=ok["body"]).json()
            assert answer["status"] == "SUCCESS"
            assert http.get(LOGIN_PATH).json()["error_code"]  # wrong method: the envelope
            assert http.get("/no/such/page").status_code == 404


def test_without_a_sandbox_api_paths_are_not_found(site: Path) -> None:
    with ServedSite(site, sandbox=None) as served:
        assert httpx.get(served.base_url + "/sandbox/fixtures").status_code == 404


def test_refuses_to_listen_beyond_loopback_or_without_a_site(site: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="loopback"):
        ServedSite(site, host="0.0.0.0")
    with pytest.raises(FileNotFoundError, match="docs build"):
        with ServedSite(tmp_path):
            pass
