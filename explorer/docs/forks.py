"""Kernels forked from a warm process: the docs build's fork server and its kernel launcher.

A kernel's start is mostly Python importing ipykernel and the libraries every notebook imports.
A build starts one server (``ForkServer``) that imports them once (never an ``explorer`` module:
the cache key is the ``explorer`` modules a kernel imported itself) and forks a fresh child per
kernel, which becomes a new ``IPKernelApp``. The server never runs a cell.

jupyter_client runs the launcher (``launch``: this file, stdlib only) in place of ``python -m
ipykernel_launcher``: it hands the server its stdio, cwd, environment and command, forwards
signals (interrupts are signals) and exits as the kernel does. A dead launcher's kernel is
killed; the server stops when the build closes its stdin. Unreachable, or refused (another
environment), the launcher says why and execs the ordinary command.
``WEIBO_EXPLORER_KERNEL_FORKS=0`` turns the server off.

What it buys: 31 s of a cold build of both editions — ``benchmarks/docs_build.py --forks``,
146.6 s → 115.6 s (medians of 3 alternating rounds, 2026-12-07, 2 cores at a load of 7-11; each
round's pair 121 → 80, 147 → 116, 164 → 148 s): 58 kernels, each ready after about 0.1 s of CPU
instead of 0.8. A one-notebook code edit starts two kernels and shows no difference above the
noise (98.5 s → 83.6 s, ranges overlapping). One file in two roles (``serve``, ``launch``), run as
a script: the server must import no ``explorer`` module (the cache reads a kernel's own imports),
so the launcher and the server share their wire format here rather than through the package.
"""

from __future__ import annotations

import marshal
import os
import signal
import socket
import struct
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # not imported at run time: the launcher starts on every kernel's launch
    from collections.abc import Iterable
    from typing import Any, NoReturn

ENV_VAR = "WEIBO_EXPLORER_KERNEL_FORKS"
"""``0``: launch every kernel the ordinary way (``python -m ipykernel_launcher``)."""
SOCKET_VAR = "WEIBO_EXPLORER_FORK_SERVER"
"""The running server's socket, for the build's worker processes; kept out of kernels."""

PRELOAD = (
    # the kernel: what `python -m ipykernel_launcher` imports, then what IPKernelApp.initialize
    # imports lazily (the debugger pulls in debugpy and pydevd: a tenth of it)
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.completerlib", "tornado.platform.asyncio", "tornado.queues", "faulthandler",
    # the notebooks, measured (sys.modules after each ran): every one makes requests (httpx, and
    # httpcore, which it imports only when the first client is made: with h11, trio, attrs) and
    # reads tokens (PyJWT, cryptography); most render rich tables and ipywidgets forms
    "httpx", "httpcore", "jwt", "jwt.algorithms", "cryptography.hazmat.primitives.asymmetric.rsa",
    "cryptography.hazmat.primitives.asymmetric.ec", "cryptography.hazmat.primitives.serialization",
    "rich.console", "rich.table", "rich.text", "rich.panel", "rich.padding", "rich.progress",
    "ipywidgets", "IPython.display", "ctypes.util",
)
PER_KERNEL = ("JPY_PARENT_PID", "JPY_SESSION_NAME", "COLUMNS", "LINES")
"""Variables a kernel's environment may hold unlike the server's: jupyter_client's, read when the
kernel starts (ipykernel's ``parent_handle`` default, read at import, is passed to the app), and
the terminal's size, read when a console asks (GNU readline sets it in the C environment, which
processes spawned by multiprocessing inherit and ``os.environ`` does not show). ``WEIBO_EXPLORER_*``
may differ too: the server imports no ``explorer`` module. Any other difference, and the kernel
is not forked: a module the server imported may have read it."""
_HEADER = struct.Struct("!I")
_BOOT = ("import runpy, sys; del sys.path[0]; sys.argv = sys.argv[1:]; "
         "runpy.run_path(sys.argv[0], run_name='__main__')")
"""How the server starts: this file run as ``__main__``, with the interpreter flags and
``sys.path`` a kernel has once ``ipykernel_launcher`` drops the script's directory."""


def enabled() -> bool:
    """On unless turned off, where the server can watch its kernels (Linux's pidfds)."""
    return os.environ.get(ENV_VAR, "1") != "0" and hasattr(os, "pidfd_open")


QUIET = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
"""Set in every kernel's environment: ipykernel's debugger (pydevd) otherwise prints a warning
about frozen modules at each kernel's start, into the build's output. Nobody debugs a build's
kernels, so the check it would skip has nothing to find."""


def kernel_env(env: dict[str, str]) -> dict[str, str]:
    """A kernel's environment: without the server's address (a kernel never sees it), with
    ``QUIET``."""
    return {**{k: v for k, v in env.items() if k != SOCKET_VAR}, **QUIET}


def kernel_cmd(cmd: list[str]) -> list[str]:
    """``cmd`` (``python -m ipykernel_launcher -f FILE``) through the fork server when one serves
    this process tree; ``cmd`` unchanged otherwise."""
    path = os.environ.get(SOCKET_VAR)
    if not path or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return cmd
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), "launch", path, *cmd]


class ForkServer:
    """One fork server for a build, started on first ``start()``, stopped by ``stop()`` (or the
    end of a ``with`` block; also when this process ends, since its stdin then closes)."""

    def __init__(self) -> None:
        self._process: Any = None
        self._dir: str | None = None
        self._saved: str | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start serving unless already serving or turned off; workers spawned after this call
        launch their kernels through it."""
        if self._process is not None or not enabled():
            return
        import subprocess
        import tempfile

        self._dir = tempfile.mkdtemp(prefix="wle-forks-")  # 0700: only this user connects
        path = os.path.join(self._dir, "socket")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen(64)  # listening before the server runs: no launcher finds it absent
            self._process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, os.path.abspath(__file__), "serve",
                 str(listener.fileno())],
                stdin=subprocess.PIPE, pass_fds=(listener.fileno(),), start_new_session=True,
                env={**kernel_env(dict(os.environ)), "PYTHONHASHSEED": "0"})
        self._saved = os.environ.get(SOCKET_VAR)
        os.environ[SOCKET_VAR] = path

    def stop(self) -> None:
        """Close the server's stdin (it kills any kernel left and exits); wait for it."""
        if self._process is None:
            return
        import shutil
        import subprocess

        process, self._process = self._process, None
        if self._saved is None:
            os.environ.pop(SOCKET_VAR, None)
        else:
            os.environ[SOCKET_VAR] = self._saved
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else int(self._process.pid)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the server (``forks.py serve FD``, run by ``_BOOT``) ----------------------------------------

def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as exc:  # an optional library missing: its notebooks import it late
            print(f"weibo-explorer fork server: not preloaded: {name}: {exc}", file=sys.stderr)


def _shared_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items()
            if k not in PER_KERNEL and not k.startswith("WEIBO_EXPLORER_")}


def _refusal(request: dict[str, Any], env: dict[str, str]) -> str | None:
    """Why a kernel cannot be forked from this server, started in ``env`` (None: it can)."""
    cmd = request["cmd"]
    if cmd[:3] != [sys.executable, "-m", "ipykernel_launcher"]:
        return f"not this server's kernel command: {cmd[:3]}"
    mine, theirs = _shared_env(env), _shared_env(request["env"])
    if mine != theirs:  # names only: values may be secrets
        names = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
        where = ", ".join(k + (" (the kernel's only)" if k not in mine else " (the server's only)"
                               if k not in theirs else "") for k in names)
        return f"the kernel's environment differs from the server's: {where}"
    if os.path.isdir("/proc/self/task") and len(os.listdir("/proc/self/task")) > 1:
        return "the server has started a thread (a fork would copy a process in mid-state)"
    return None


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    if len(data) < _HEADER.size:
        raise ConnectionError("short request")
    (size,) = _HEADER.unpack_from(data)
    data = data[_HEADER.size:]
    while len(data) < size:
        more = conn.recv(size - len(data))
        if not more:
            raise ConnectionError("request cut short")
        data += more
    return marshal.loads(data), list(fds)


def serve(listen_fd: int) -> None:
    """Preload, then fork a kernel per request until stdin closes (or SIGTERM)."""
    import gc

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    started = dict(os.environ)
    _preload()  # which may set variables (debugpy does): a kernel gets them as if it imported
    gc.collect()
    gc.freeze()  # the preloaded objects stay out of the children's collections: fewer copied pages
    _Server(socket.socket(fileno=listen_fd), started).run()


class _Server:
    """The poll loop: the build's pipe (stdin), the listening socket, each launcher's connection
    (closed: the launcher is gone, kill its kernel) and each kernel's pidfd (it ended: reap it,
    tell the launcher its status)."""

    def __init__(self, listener: socket.socket, env: dict[str, str]) -> None:
        import select

        self.env = env  # as the server started: what a kernel's environment is compared with
        # what preloading changed in the environment (debugpy sets variables): each kernel gets
        # the same changes, as if it had imported the modules itself
        self.preload_set = {k: v for k, v in os.environ.items() if env.get(k) != v}
        self.preload_unset = env.keys() - os.environ.keys()
        self.listener = listener
        self.poller = select.poll()
        self.poller.register(0, select.POLLIN)
        self.poller.register(listener, select.POLLIN)
        self.conns: dict[int, tuple[socket.socket, int]] = {}  # conn fd -> (conn, kernel pid)
        self.pidfds: dict[int, tuple[int, socket.socket | None]] = {}  # pidfd -> (pid, conn)
        self.pid = os.getpid()

    def run(self) -> None:
        try:
            while True:
                for fd, _event in self.poller.poll():
                    if fd == 0:
                        if not os.read(0, 1 << 12):
                            return  # the build closed our stdin, or ended
                    elif fd == self.listener.fileno():
                        self.accept()
                    elif fd in self.conns:
                        self.launcher_gone(fd)
                    elif fd in self.pidfds:
                        self.reap(fd)
        finally:
            for pid, _conn in self.pidfds.values():
                _kill(pid)
                os.waitpid(pid, 0)

    def launcher_gone(self, fd: int) -> None:
        """The launcher closed its end or died: its kernel goes too."""
        conn, pid = self.conns.pop(fd)
        self.poller.unregister(fd)
        conn.close()
        _kill(pid)
        for pidfd, (other, _conn) in self.pidfds.items():
            if other == pid:
                self.pidfds[pidfd] = (pid, None)

    def reap(self, pidfd: int) -> None:
        pid, conn = self.pidfds.pop(pidfd)
        self.poller.unregister(pidfd)
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        if conn is not None:
            self.conns.pop(conn.fileno(), None)
            self.poller.unregister(conn)
            try:
                conn.sendall(b"exit %d\n" % status)
            except OSError:
                pass
            conn.close()

    def accept(self) -> None:
        conn, _ = self.listener.accept()
        fds: list[int] = []
        try:
            conn.settimeout(10)  # the launcher sends everything as soon as it connects
            request, fds = _receive(conn)
            if len(fds) != 3:
                raise ConnectionError(f"{len(fds)} file descriptors instead of 3")
            refused = _refusal(request, self.env)
            if refused:
                conn.sendall(b"refused " + refused.encode() + b"\n")
                conn.close()
                return
            self.fork(conn, request, fds)
        except Exception as exc:
            print(f"weibo-explorer fork server: a launch failed: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            conn.close()  # the launcher, answered nothing, starts the kernel the ordinary way
        finally:
            for fd in fds:
                os.close(fd)

    def fork(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        import select

        inherited = [self.listener.fileno(), conn.fileno(), *self.conns, *self.pidfds]
        env = {k: v for k, v in request["env"].items() if k not in self.preload_unset}
        request = {**request, "env": {**env, **self.preload_set}}
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        pid = os.fork()
        if pid == 0:
            _child(request, fds, inherited, mask, self.pid)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:  # no kernel without a way to reap it
            _kill(pid)
            os.waitpid(pid, 0)
            raise
        self.conns[conn.fileno()] = (conn, pid)
        self.pidfds[pidfd] = (pid, conn)
        self.poller.register(conn, select.POLLIN)
        self.poller.register(pidfd, select.POLLIN)
        try:
            conn.sendall(b"pid %d\n" % pid)
        except OSError:  # the launcher is already gone
            self.launcher_gone(conn.fileno())


def _signal(pid: int, signum: int) -> None:
    """Signal the kernel's process group (it leads its own session: the kernel and what it
    started), or the kernel alone in the instant before its ``setsid``."""
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def _kill(pid: int) -> None:
    _signal(pid, signal.SIGKILL)


def _child(request: dict[str, Any], fds: list[int], inherited: list[int],
           mask: Iterable[int], server: int) -> NoReturn:
    """Become the kernel: own session, the launcher's stdio, cwd, environment and argv; then
    ``IPKernelApp`` as ``ipykernel_launcher`` runs it. Never returns into the server."""
    code = 1
    try:
        # like jupyter_client's own launch: interrupts and kills reach the kernel's group
        os.setsid()
        _die_with(server)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for fd in inherited:
            os.close(fd)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        code = _run_kernel(request["cmd"][3:])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def _die_with(parent: int) -> None:
    """SIGKILL this process when the server dies (Linux), so no kernel outlives it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def _run_kernel(argv: list[str]) -> int:
    """What ``python -m ipykernel_launcher ARGV`` does, in this already warm process."""
    import atexit
    import importlib.util
    import types

    spec = importlib.util.find_spec("ipykernel_launcher")
    main = types.ModuleType("__main__")  # until IPython puts the user's namespace there
    main.__file__ = spec.origin if spec else None
    main.__spec__, main.__package__ = spec, ""
    sys.modules["__main__"] = main
    sys.argv = [main.__file__ or "ipykernel_launcher", *argv]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0))
    app.initialize(argv)
    if "ipywidgets" in sys.modules:  # preloaded before there was a kernel to register with
        sys.modules["ipywidgets"].register_comm_target()
    app.start()
    atexit._run_exitfuncs()  # what the interpreter's exit would run (IPython saves its history)
    return 0


# --- the launcher (``python -I -S forks.py launch SOCKET CMD...``) --------------------------------

def launch(path: str, cmd: list[str]) -> NoReturn:
    """Run ``cmd``'s kernel as a child of the fork server; exit as it exits."""
    pid: int | None = None
    pending: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        if pid is None:
            pending.append(signum)
        else:
            _signal(pid, signum)

    forwarded = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
                 signal.SIGUSR2)
    for signum in forwarded:
        signal.signal(signum, forward)
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
        payload = marshal.dumps({"cmd": cmd, "cwd": os.getcwd(), "env": dict(os.environ)})
        socket.send_fds(conn, [_HEADER.pack(len(payload)) + payload], [0, 1, 2])
        reply = _line(conn)
    except OSError as exc:
        _ordinary(cmd, f"cannot reach the fork server at {path}: {exc}")
    if not reply.startswith(b"pid "):
        _ordinary(cmd, f"the fork server answered {reply.decode(errors='replace').strip()!r}")
    pid = int(reply[4:])
    for early in pending:
        forward(early, None)
    try:
        done = _line(conn)
    except OSError:
        done = b""
    if not done.startswith(b"exit "):  # the server is gone: so must the kernel be
        forward(signal.SIGKILL, None)
        print("weibo-explorer kernel launcher: the fork server went away", file=sys.stderr)
        os._exit(1)
    code = os.waitstatus_to_exitcode(int(done[5:]))
    if code < 0:  # killed by a signal: so is this process, as if it were the kernel
        if -code not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code & 0xFF)


def _line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        more = conn.recv(256)
        if not more:
            return data
        data += more
    return data


def _ordinary(cmd: list[str], why: str) -> NoReturn:
    print(f"weibo-explorer kernel launcher: {why}; starting the kernel the ordinary way",
          file=sys.stderr)
    os.execv(cmd[0], cmd)  # exec resets the forwarding handlers


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    elif sys.argv[1] == "launch":
        launch(sys.argv[2], sys.argv[3:])
