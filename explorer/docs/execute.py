"""Execute one notebook against its own deterministic sandbox, in its own kernel.

Runs in a worker process of the docs build. The notebook gets an embedded sandbox with the docs
seed and clock on a port fixed by its place among all notebooks (so its URL, which appears in
tokens' ``iss`` and in curl commands, is the same whatever ``--only`` and ``--jobs`` say), and a
new kernel (forked from the build's server when one runs: ``forks``) that finds it through
``WEIBO_EXPLORER_SANDBOX_URL``. After the last cell a probe, not kept in the notebook, reads which
``explorer`` modules the kernel imported, for the cache key.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..import_costs import skip_unused_format_checkers
from ..notebook import CLOCK, ENV_VAR, SEED
from . import forks

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

CELL_TIMEOUT = 120
_PROBE = (
    "import sys as _s, json as _j\n"
    "print(_j.dumps(sorted({getattr(m, '__file__', None) or '' for n, m in list(_s.modules.items())"
    " if n == 'explorer' or n.startswith('explorer.')} - {''})))"
)


def _ipc_kernel_manager() -> type[KernelManager]:
    """A KernelManager that reaches its kernel over Unix sockets in the temp directory: no TCP
    port listens for the kernel (ipykernel warns that such a port is unencrypted), and
    jupyter_client removes the socket files when it shuts the kernel down. While the build's fork
    server runs, it launches ``forks``' launcher in place of ``python -m ipykernel_launcher``."""
    from jupyter_client.manager import KernelManager
    from traitlets import default

    class IpcKernelManager(KernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return os.path.join(tempfile.gettempdir(), f"wle-kernel-{uuid.uuid4().hex[:12]}")

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            return forks.kernel_cmd(super().format_kernel_cmd(extra_arguments))

    return IpcKernelManager


class KernelPool:
    """The next notebook's kernel, started while the current notebook runs.

    Each worker keeps one spare: a fresh kernel launched (not yet waited for) as soon as the
    previous spare is taken, so its start-up overlaps the notebook running now. During a build
    the launch is a fork of the build's server (``forks``), which has imported ipykernel and the
    notebooks' libraries already: a kernel is ready for about 0.1 s of CPU instead of 0.8.
    Outside a build, or with ``WEIBO_EXPLORER_KERNEL_FORKS=0``, it is the ordinary
    ``python -m ipykernel_launcher``. Either way every notebook gets its own new kernel process,
    used once and shut down after: no state passes from one page to the next. The sandbox's URL
    is not known when the spare starts, so it is set in the kernel by a silent first request
    (``_ENV_CELL``), before any cell runs.
    """

    def __init__(self) -> None:
        self._spare: Any = None
        self._spare_cwd: str | None = None

    @staticmethod
    def _launch(cwd: str) -> Any:
        km = _ipc_kernel_manager()(kernel_name="python3")
        km.start_kernel(cwd=cwd, env=forks.kernel_env({**os.environ, "PYTHONHASHSEED": "0"}))
        return km

    def take(self, cwd: str, *, prestart: bool) -> Any:
        """A started kernel manager for a notebook in ``cwd``; with ``prestart`` the next one
        starts now."""
        km = self._spare if self._spare is not None and self._spare_cwd == cwd else None
        if km is None:
            self.close()
            km = self._launch(cwd)
        self._spare = self._spare_cwd = None
        if prestart:
            self._spare, self._spare_cwd = self._launch(cwd), cwd
        return km

    def close(self) -> None:
        if self._spare is not None:
            _shutdown(self._spare)
        self._spare = self._spare_cwd = None


def _shutdown(km: Any) -> None:
    """Kill the kernel and free what jupyter_client holds for it.

    ``shutdown_kernel(now=True)`` kills the kernel's process group, then polls every 0.1 s until
    the process is gone, so it always sleeps once: 0.1 s of every notebook. The same kill is
    sent here first and the process reaped with a blocking wait, so the poll finds it gone."""
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    pgid = getattr(provisioner, "pgid", None)
    if process is not None and process.poll() is None:
        try:
            if pgid:
                os.killpg(pgid, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass  # jupyter_client tries again below
    try:
        km.shutdown_kernel(now=True)
    except Exception:  # already gone: nothing to stop
        pass
    try:
        km.cleanup_resources()
    except Exception:
        pass


def _at_exit(callback: Callable[[], None]) -> None:
    """Run ``callback`` when this process ends, as a build worker (multiprocessing's finalizers)
    or as any other process (atexit)."""
    import atexit
    from multiprocessing import util

    util.Finalize(callback, callback, exitpriority=10)
    atexit.register(callback)


_POOL: KernelPool | None = None


def _pool() -> KernelPool:
    """This worker process's pool, shut down with the process."""
    global _POOL
    if _POOL is None:
        _POOL = KernelPool()
        _at_exit(_POOL.close)
    return _POOL


_STOPPING: list[Any] = []
"""This worker's last sandbox, asked to stop without waiting
(``EmbeddedSandbox.stop(wait=False)``)."""


def _stop_later(box: Any) -> None:
    """Let the notebook's sandbox wind down while the worker takes its next notebook (each has
    its own port). The one before it, long done by now, is joined here; the last one when the
    worker exits."""
    if not _STOPPING:
        _at_exit(_stop_all)  # this worker's first sandbox: the last one is stopped at exit
    _stop_all()
    box.stop(wait=False)
    _STOPPING.append(box)


def _stop_all() -> None:
    while _STOPPING:
        _STOPPING.pop().stop()


_ENV_CELL = "import os as _o\n_o.environ[{name!r}] = {value!r}\ndel _o"


@dataclass(frozen=True)
class Job:
    """One notebook to run: where it is, the port its sandbox gets, and whether the worker should
    start a kernel for the notebook after it (none is wasted when no notebook is left)."""

    path: Path
    port: int
    prestart: bool = True


@dataclass
class Executed:
    """What a run produced: the executed notebook (JSON) or the error that stopped it."""

    name: str
    seconds: float
    notebook_json: str | None = None
    imported: list[str] = field(default_factory=list)
    error: str | None = None
    """``cell N: Name: message`` when a cell failed or the run could not start."""
    traceback: str | None = None


class _PortTaken(RuntimeError):
    """A notebook's fixed port is taken: its job fails with this message, the build goes on
    (an internal of the build, which reports it as the notebook's error, never raises it)."""


def check_port(port: int, name: str) -> None:
    """Fail clearly when the notebook's fixed port is taken (its URL must not move)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise _PortTaken(
                f"port {port} for {name} is taken ({exc.strerror}); each notebook's sandbox has a "
                "fixed port so that its outputs stay the same: free it, or pass --base-port"
            ) from None


def run(job: Job, events: Any = None) -> Executed:
    """Execute ``job`` and return what came out. Never raises for a notebook's own failure."""
    started = time.perf_counter()
    name = job.path.stem

    def emit(*event: Any) -> None:
        if events is not None:
            events.put((name, *event))

    skip_unused_format_checkers()  # a build worker is our process (explorer/import_costs.py)
    try:
        check_port(job.port, job.path.name)
        from ..sandbox import EmbeddedSandbox

        box = EmbeddedSandbox(db=":memory:", fixtures="docs", seed=SEED, clock=CLOCK,
                              port=job.port).start()
        try:
            nb_json, imported = execute_notebook(job.path, box.base_url, emit,
                                                 prestart=job.prestart)
        finally:
            _stop_later(box)
    except _CellFailed as failed:
        return Executed(name, time.perf_counter() - started, error=failed.summary,
                        traceback=failed.traceback)
    except Exception as exc:  # the run could not start or the kernel died: report, don't crash
        return Executed(name, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
    return Executed(name, time.perf_counter() - started, nb_json, imported)


class _CellFailed(Exception):
    def __init__(self, summary: str, traceback: str):
        super().__init__(summary)
        self.summary, self.traceback = summary, traceback


def execute_notebook(
    path: Path, base_url: str, emit: Callable[..., None] = lambda *a: None, *,
    prestart: bool = False,
) -> tuple[str, list[str]]:
    """Run every cell of ``path`` with the sandbox at ``base_url`` in a fresh kernel (from this
    process's ``KernelPool``); return the executed notebook as JSON and the explorer module files
    its kernel imported."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    cwd = str(path.parent.resolve())
    km = _pool().take(cwd, prestart=prestart)
    client = NotebookClient(
        nb, km=km, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
        allow_errors=False, resources={"metadata": {"path": cwd}},
    )
    emit("start", code_cells)
    try:
        with client.setup_kernel():
            _set_env(client, ENV_VAR, base_url)
            return _run_cells(client, nb, emit, code_cells)
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        _shutdown(km)


def _set_env(client: Any, name: str, value: str) -> None:
    """Set an environment variable in the kernel before the first cell (silent: no output, no
    execution count)."""
    msg_id = client.kc.execute(_ENV_CELL.format(name=name, value=value), silent=True,
                               store_history=False)
    reply = client.wait_for_reply(msg_id)
    if reply is None or reply["content"].get("status") != "ok":
        raise RuntimeError(f"could not set {name} in the kernel")


def _run_cells(client: Any, nb: Any, emit: Callable[..., None],
               code_cells: int) -> tuple[str, list[str]]:
    import nbformat
    from nbclient.exceptions import CellExecutionError

    info = client.wait_for_reply(client.kc.kernel_info())
    if info is not None and "language_info" in info["content"]:
        nb.metadata["language_info"] = info["content"]["language_info"]
    done = 0
    for index, cell in enumerate(nb.cells):
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellExecutionError as exc:
            first = (cell.source.strip().splitlines() or [""])[0][:60]
            raise _CellFailed(
                f"cell {index} ({first!r}): {exc.ename}: {exc.evalue}", str(exc)
            ) from None
        if cell.cell_type == "code" and cell.source.strip():
            done += 1
            emit("cell", done, code_cells)
    probe = nbformat.v4.new_code_cell(_PROBE)
    nb.cells.append(probe)  # nbclient writes the cell back by index; removed right after
    try:
        client.execute_cell(probe, len(nb.cells) - 1, store_history=False)
    finally:
        nb.cells.pop()
    client.set_widgets_metadata()
    imported = json.loads("".join(o.get("text", "") for o in probe.outputs
                                  if o.get("name") == "stdout"))
    return stable_widget_ids(nbformat.writes(nb)), imported


_MODEL_ID = re.compile(r"[0-9a-f]{32}")


def stable_widget_ids(nb_json: str) -> str:
    """Replace ipywidgets' random model ids with ids numbered in a fixed order — the widgets the
    outputs show, in cell order, then the models each refers to, depth first — so that the same
    notebook executed twice gives the same bytes (the state is written again, ordered by them)."""
    nb = json.loads(nb_json)
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    if not state:
        return nb_json
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)
            for ref in _MODEL_ID.findall(json.dumps(state[model_id], sort_keys=True)):
                visit(ref)

    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            for ref in _MODEL_ID.findall(json.dumps(output, sort_keys=True)):
                visit(ref)
    canon: dict[str, str] = {}

    def content(model_id: str, path: tuple[str, ...] = ()) -> str:
        """The model with every reference replaced by the referred model's content."""
        if model_id not in canon:
            text = json.dumps(state[model_id], sort_keys=True)
            canon[model_id] = _MODEL_ID.sub(
                lambda m: content(m.group(), (*path, model_id))
                if m.group() in state and m.group() not in (*path, model_id) else "", text)
        return canon[model_id]

    rest = [i for i in state if i not in order]  # models no output shows
    referred = {ref for i in rest for ref in _MODEL_ID.findall(json.dumps(state[i])) if ref != i}
    roots = [i for i in rest if i not in referred]
    for model_id in sorted(roots, key=content) + sorted(rest, key=content):
        visit(model_id)  # parents before children, ordered by what they hold
    mapping = {old: f"{n + 1:032x}" for n, old in enumerate(order)}
    renamed = _MODEL_ID.sub(lambda m: mapping.get(m.group(), m.group()), nb_json)
    import nbformat

    text: str = nbformat.writes(nbformat.reads(renamed, as_version=4))
    return text
