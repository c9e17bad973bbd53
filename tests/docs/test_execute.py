"""``execute_notebook``: one fresh kernel per notebook, and nothing of it left running after."""

from __future__ import annotations

import json

import pytest

from explorer.docs import forks
from explorer.docs.execute import execute_notebook

from .test_build import write_notebook
from .test_forks import gone

SPAWN = ("import os, subprocess\n"
         "child = subprocess.Popen(['sleep', '300'])\n"
         "print(os.getpid(), child.pid)")


@pytest.mark.parametrize("forked", ["0", "1"], ids=["ordinary kernel", "forked kernel"])
def test_the_kernel_and_what_it_started_are_gone_when_the_notebook_ends(
        forked, monkeypatch, tmp_path):
    monkeypatch.setenv(forks.ENV_VAR, forked)
    path = tmp_path / "spawns.ipynb"
    write_notebook(path, SPAWN)
    with forks.ForkServer() as server:
        server.start()
        nb_json, _ = execute_notebook(path, "http://127.0.0.1:9")
    output = "".join(json.loads(nb_json)["cells"][1]["outputs"][0]["text"])
    kernel, child = map(int, output.split())
    assert gone(kernel) and gone(child)
