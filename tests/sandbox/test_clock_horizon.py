"""The sandbox clock stops short of its horizon: an advance that would reach it is refused in the
envelope (``SANDBOX.ADMIN.0007``, 400) and the clock, the users and the login keep answering."""

from __future__ import annotations

import httpx
import pytest

from explorer.contract import LOGIN_PATH
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.config import HORIZON, SandboxConfig

from .flows import headers
from .helpers import ok

TEN_YEARS = 10 * 365 * 86400
"""The largest advance the admin schema allows."""


def test_advances_stop_before_the_horizon_and_everything_keeps_answering():
    with EmbeddedSandbox(seed=2, clock="2024-05-01T08:00:00Z") as server, \
            httpx.Client(base_url=server.base_url, timeout=10) as http:
        ok(http.post("/sandbox/reset", json={}))
        refused = None
        for _ in range(120):  # 2024 + 120 × 10 years is past the horizon; year 9999 is not
            answer = http.post("/sandbox/clock", json={"advance": TEN_YEARS}, headers={"X-L": "zh"})
            if answer.status_code != 200:
                refused = answer
                break
        assert refused is not None, "the clock never refused an advance"
        assert refused.status_code == 400, refused.text
        assert refused.json()["error_code"] == "SANDBOX.ADMIN.0007"
        assert refused.json()["error_msg"].startswith("时钟将超出其上限")
        clock = ok(http.get("/sandbox/clock"))
        assert clock["timestamp"] + TEN_YEARS >= HORIZON.timestamp() > clock["timestamp"]
        assert ok(http.get("/sandbox/users"))
        assert ok(http.post("/sandbox/clock", json={"advance": 1}))["timestamp"] == \
            clock["timestamp"] + 1
        late = http.post(LOGIN_PATH, headers=headers(), json={"access_token": "t", "uid": "1"})
        assert late.status_code == 400 and set(late.json()) == {"error_code", "error_msg"}
        ok(http.post("/sandbox/reset", json={}))
        assert ok(http.get("/sandbox/clock"))["now"] == "2024-05-01T08:00:00Z"


def test_a_start_past_the_horizon_is_refused():
    with pytest.raises(ValueError, match="horizon"):
        SandboxConfig(clock="9999-12-31T00:00:00Z")
