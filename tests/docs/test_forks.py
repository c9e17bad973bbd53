"""Kernels forked from the docs build's fork server (``explorer.docs.forks``).

Real kernels through the build's own ``KernelPool`` and KernelManager: a forked kernel runs code,
starts fresh (no state, no ``explorer`` module), takes interrupts, dies with its launcher; the
build stops its server; a build through the server writes the same bytes as one without; a
kernel the server cannot fork starts the ordinary way and says so.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console

from explorer.docs import forks
from explorer.docs.build import build
from explorer.docs.execute import KernelPool

from .test_build import HERE, write_notebook

BASE_PORT = int(os.environ.get("WEIBO_EXPLORER_TEST_BASE_PORT", 18600)) + 420
TIMEOUT = 60


@pytest.fixture
def on(monkeypatch):
    monkeypatch.setenv(forks.ENV_VAR, "1")
    monkeypatch.delenv(forks.SOCKET_VAR, raising=False)


@contextmanager
def serving():
    """A running server, started in the test itself: pytest's ``PYTEST_CURRENT_TEST`` differs
    between a fixture's setup and the test, and a kernel whose environment differs from the
    server's is not forked."""
    with forks.ForkServer() as started:
        started.start()
        assert started.running
        yield started
    assert forks.SOCKET_VAR not in os.environ


@contextmanager
def kernel(cwd: Path):
    """A started kernel from the build's pool, with a ready client; shut down after."""
    km = KernelPool().take(str(cwd), prestart=False)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        km.cleanup_resources()


def run(kc, code: str) -> tuple[str, dict]:
    """``code``'s stdout and its execute reply's content."""
    out: list[str] = []

    def hook(msg) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, output_hook=hook, timeout=TIMEOUT)
    return "".join(out), reply["content"]


def gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_forked_kernel_runs_code_and_returns_its_output(on, tmp_path):
    with serving() as server, kernel(tmp_path) as (_km, kc):
        out, reply = run(kc, f"import os\nprint(6 * 7, os.getppid() == {server.pid}, os.getcwd())")
    assert reply["status"] == "ok"
    assert out.split() == ["42", "True", str(tmp_path)]  # a child of the server, in its cwd


def test_two_kernels_in_a_row_share_no_state(on, tmp_path):
    with serving() as server:
        server_pid = server.pid
        with kernel(tmp_path) as (_km, kc):
            first, _ = run(kc, "import os\nsecret = 'first'\nprint(os.getpid(), os.getppid())")
        with kernel(tmp_path) as (_km, kc):
            second, reply = run(kc, "import os\nprint(os.getpid(), os.getppid())\nprint(secret)")
    assert reply["status"] == "error" and reply["ename"] == "NameError"
    (pid1, parent1), (pid2, parent2) = first.split(), second.split()
    assert pid1 != pid2 and parent1 == parent2 == str(server_pid)


def test_a_fresh_forked_kernel_holds_no_explorer_module(on, tmp_path):
    with serving() as server, kernel(tmp_path) as (_km, kc):
        out, _ = run(kc, "import sys, os\nprint(sorted(n for n in sys.modules if n == 'explorer'"
                         " or n.startswith('explorer.')), 'httpx' in sys.modules, "
                         f"os.getppid() == {server.pid})")
    assert out.split() == ["[]", "True", "True"]  # warm with the libraries, not with ours


def test_an_interrupt_reaches_the_forked_kernel(on, tmp_path):
    with serving() as server, kernel(tmp_path) as (km, kc):
        msg_id = kc.execute("while True:\n    pass")
        while True:  # running: the busy status of that request
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if (msg["parent_header"].get("msg_id") == msg_id
                    and msg["content"].get("execution_state") == "busy"):
                break
        time.sleep(0.3)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:  # wait_for_ready's leftovers
            reply = kc.get_shell_msg(timeout=TIMEOUT)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        out, _ = run(kc, f"import os\nprint('alive', os.getppid() == {server.pid})")
        assert out.split() == ["alive", "True"]


def test_killing_the_launcher_leaves_no_kernel(on, tmp_path):
    with serving() as server, kernel(tmp_path) as (km, kc):
        out, _ = run(kc, "import os\nprint(os.getpid(), os.getppid())")
        pid, parent = map(int, out.split())
        assert parent == server.pid
        launcher = km.provisioner.process
        assert launcher.pid != pid
        os.kill(launcher.pid, signal.SIGKILL)
        launcher.wait(timeout=TIMEOUT)
        assert gone(pid), f"kernel {pid} outlived its launcher"


def test_the_build_stops_its_server(monkeypatch, tmp_path):
    """The notebook records its kernel's parent (the server); after the build neither is left."""
    monkeypatch.setenv(forks.ENV_VAR, "1")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "who.ipynb",
                   "import os\nparent = os.getppid()\n"
                   "print(os.getpid(), parent, b'forks.py' in open(f'/proc/{parent}/cmdline',"
                   " 'rb').read())")
    report = _build(tmp_path)
    assert report.ok, report.failure
    kernel_pid, server_pid, forked = _stdout(tmp_path, "who").split()
    assert forked == "True"
    assert gone(int(server_pid)) and gone(int(kernel_pid))
    assert forks.SOCKET_VAR not in os.environ


def test_a_build_through_the_server_writes_the_same_bytes(monkeypatch, tmp_path):
    """The pipeline notebooks (real clients, a real sandbox, rich output) built with the server
    and without: the same executed notebooks and the same cache keys (the explorer modules each
    kernel imported)."""
    built = {}
    for mode in ("0", "1"):
        monkeypatch.setenv(forks.ENV_VAR, mode)
        root = tmp_path / f"forks-{mode}"
        shutil.copytree(HERE / "notebooks" / "pipeline", root / "notebooks")
        report = _build(root)
        assert report.ok, report.failure
        built[mode] = {p.relative_to(root).as_posix(): p.read_bytes()
                       for p in sorted((root / ".cache").rglob("*")) if p.is_file()}
    assert built["0"].keys() == built["1"].keys() and len(built["0"]) >= 4
    for name in built["0"]:
        assert built["0"][name] == built["1"][name], name


def test_a_kernel_the_server_cannot_reach_starts_the_ordinary_way(monkeypatch, tmp_path, capfd):
    monkeypatch.setenv(forks.SOCKET_VAR, str(tmp_path / "no-server"))
    with kernel(tmp_path) as (km, kc):
        out, reply = run(kc, "import os\nprint(os.getpid())")
        assert reply["status"] == "ok"
        assert int(out) == km.provisioner.process.pid  # the launcher became the kernel
    assert "starting the kernel the ordinary way" in capfd.readouterr().err


def test_a_kernel_whose_environment_differs_is_not_forked(on, monkeypatch, tmp_path, capfd):
    with serving() as server:
        monkeypatch.setenv("FORKS_TEST_ONLY_IN_THE_KERNEL", "1")
        with kernel(tmp_path) as (_km, kc):
            out, _ = run(kc, f"import os\nprint(os.getppid() == {server.pid})")
    assert out.split() == ["False"]
    err = capfd.readouterr().err
    assert "differs from the server's: FORKS_TEST_ONLY_IN_THE_KERNEL" in err


def test_the_server_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(forks.ENV_VAR, "0")
    monkeypatch.delenv(forks.SOCKET_VAR, raising=False)
    with forks.ForkServer() as off:
        off.start()
        assert not off.running and forks.SOCKET_VAR not in os.environ
    cmd = ["python", "-m", "ipykernel_launcher", "-f", "k.json"]
    assert forks.kernel_cmd(cmd) == cmd


def _build(root: Path):
    out = root / "site"

    def no_site(executed, out_dir, strict=True, **kwargs) -> None:
        Path(out_dir).mkdir(parents=True)

    return build(root / "notebooks", out, cache_dir=root / ".cache" / "docs",
                 work_dir=root / "build" / "docs", base_port=BASE_PORT, jobs=2,
                 required=(), site_builder=no_site,
                 console=Console(file=io.StringIO(), width=200))


def _stdout(root: Path, name: str) -> str:
    nb = json.loads((root / "build" / "docs" / "executed" / f"{name}.ipynb").read_text())
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c["outputs"] if o.get("name") == "stdout")
