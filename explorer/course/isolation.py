"""Running the learner's code apart from the grader: one child Python process per check.

``Learner(solution, timeout)`` starts ``python -I child.py`` in a session of its own, with a
minimal environment (no proxy, no ``WEIBO_*`` variable) and nothing of the grader in its memory:
it gets the learner's code and, per scenario, the public inputs; it gives back what the function
returned or raised, as JSON over a pipe. The grader judges that answer and the sandbox's request
log, which it reads itself. The whole check may spend ``timeout`` seconds in the learner's code;
past it, or when the child dies, its process group is killed and the check stops there.
"""

from __future__ import annotations

import json
import linecache
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..catalogue import Msg, Words, fill
from ..errors import NoFunction
from .loader import solution_source

CHILD = str(Path(__file__).with_name("child.py"))
DEFAULT_TIMEOUT = 30.0
"""Seconds a check may spend in the learner's code (``course check --timeout``)."""
ANSWER_CAP = 1_000_000
"""Bytes one answer of the learner's function may take on the pipe."""
OUTPUT_CAP = 4_000
"""Bytes of the learner's printed output kept (the tail) to show after the verdict."""
KEPT_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "SYSTEMROOT")

WORDS = {
    "timeout": Msg("Your code did not return within {seconds:g} s, so the check stopped it "
                   "(the limit is course check --timeout)."),
    "crash": Msg("Your code ended its own process ({how}) instead of returning an answer."),
    "too_big": Msg("Your function's answer is over {cap} bytes: return the parsed answer, "
                   "not a dump."),
    "grader_import": Msg("Your code tried to import the course's grader ({module}). The grader "
                         "runs in another process, so importing or patching it changes nothing; "
                         "this attempt counts as a fail."),
    "admin_write": Msg("Your code changed the sandbox through its admin API ({call}). A "
                       "solution may only read the user's drag (GET /sandbox/captcha/…) and "
                       "phone (GET /sandbox/outbox); the check grades what your app sends."),
    "unserialisable": Msg("returned a {type}, which is not JSON data: return the parsed answer"),
}


@dataclass(frozen=True)
class Problem:
    """Why a check stopped or cannot count: a hang, a crash, tampering. Always a fail."""

    kind: str
    """``timeout``, ``crash``, ``too_big``, ``grader_import`` or ``admin_write``."""
    message: Words


def problem(kind: str, **values: Any) -> Problem:
    return Problem(kind, fill(WORDS[kind], **values))


class LearnerError(Exception):
    """What the learner's function raised in the child, with its innermost frame of their code."""

    def __init__(self, kind: str, message: str, line: int | None = None,
                 function: str | None = None, code: str = "") -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind, self.message, self.line = kind, message, line
        self.function, self.code = function, code

    @classmethod
    def of(cls, data: dict[str, Any]) -> LearnerError:
        return cls(str(data.get("type", "Exception")), str(data.get("message", "")),
                   data.get("line") if isinstance(data.get("line"), int) else None,
                   data.get("function") if isinstance(data.get("function"), str) else None,
                   str(data.get("code") or ""))


@dataclass(frozen=True)
class Unserialisable:
    """Stands for a return value that was not JSON data (it equals no answer)."""

    type: str


@dataclass(frozen=True)
class Solution:
    """The learner's code to run: the file at ``filename``, or ``source`` (a notebook's solution
    cells, a notebook cell) shown as ``filename`` in tracebacks; ``folder`` goes on the child's
    import path, so a module beside the file imports."""

    function: str
    filename: str
    source: str | None = None
    folder: str | None = None

    @classmethod
    def file(cls, path: Path, function: str) -> Solution:
        path = Path(path).resolve()
        if not path.is_file():
            raise NoFunction(f"no file {path}")
        return cls(function, str(path), None, str(path.parent))

    @classmethod
    def notebook(cls, notebook: Path, function: str) -> Solution:
        notebook = Path(notebook).resolve()
        return cls(function, str(notebook), solution_source(notebook), str(notebook.parent))

    @classmethod
    def of(cls, function: Callable[..., Any]) -> Solution:
        """The code that defined ``function``: its file, or the notebook cell it came from (the
        kernel keeps each cell's text), run afresh in the child."""
        code = getattr(function, "__code__", None)
        name = getattr(function, "__name__", "")
        if code is None or not name.isidentifier():
            raise NoFunction("check() needs a function defined with def")
        filename = code.co_filename
        if Path(filename).is_file() and not filename.startswith(tempdir_prefixes()):
            return cls.file(Path(filename), name)
        lines = linecache.getlines(filename)
        if not lines:
            raise NoFunction(f"the source of {name}() is not available: define it in a cell "
                             "or a .py file")
        return cls(name, filename, "".join(lines), os.getcwd())

    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"function": self.function, "filename": self.filename,
                                "folder": self.folder}
        if self.source is None:
            spec["path"] = self.filename
        else:
            spec["source"] = self.source
        return spec


def tempdir_prefixes() -> tuple[str, ...]:
    """Where IPython kernels write cell files (their text is in linecache, not on disk)."""
    import tempfile

    return (os.path.join(tempfile.gettempdir(), "ipykernel_"),)


@dataclass(frozen=True)
class Outcome:
    """One call of the learner's function: what it returned or raised, or why it stopped."""

    returned: Any = None
    raised: LearnerError | None = None
    problem: Problem | None = None
    grader_import: str | None = None


class Learner:
    """The learner's code in its child process; ``load()`` once, then ``call(kwargs)``."""

    def __init__(self, solution: Solution, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.solution = solution
        self.timeout = timeout
        self._left = timeout
        self._buffer = b""
        self._output = bytearray()
        read, write = os.pipe()
        env = {k: os.environ[k] for k in KEPT_ENV if k in os.environ}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", CHILD, str(write)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, pass_fds=(write,), env=env,
                start_new_session=True)
        finally:
            os.close(write)
        self._results = read
        assert self.process.stdout is not None
        self._drain = threading.Thread(target=self._keep_output, args=(self.process.stdout,),
                                       daemon=True)
        self._drain.start()

    def _keep_output(self, stream: IO[bytes]) -> None:
        for chunk in iter(lambda: os.read(stream.fileno(), 4096), b""):
            self._output += chunk
            del self._output[:-OUTPUT_CAP]

    @property
    def output(self) -> str:
        """The tail of what the learner's code printed."""
        return bytes(self._output).decode("utf-8", "replace")

    def _send(self, message: dict[str, Any]) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write((json.dumps(message, ensure_ascii=False) + "\n").encode())
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def _receive(self) -> dict[str, Any] | Problem:
        """The child's next answer, within what is left of the time limit."""
        while b"\n" not in self._buffer:
            started = time.monotonic()
            ready, _, _ = select.select([self._results], [], [], max(self._left, 0))
            self._left -= time.monotonic() - started
            if not ready:
                if self._left <= 0:
                    return problem("timeout", seconds=self.timeout)
                continue
            chunk = os.read(self._results, 65536)
            if not chunk:
                return self._crashed()
            self._buffer += chunk
            if len(self._buffer) > ANSWER_CAP:
                return problem("too_big", cap=ANSWER_CAP)
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            answer = json.loads(line)
        except (ValueError, RecursionError):  # not what child.py writes: the pipe was forged
            return self._crashed()
        return answer if isinstance(answer, dict) else self._crashed()

    def _crashed(self) -> Problem:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            how = "closed its pipe"
        elif code < 0:
            how = signal.Signals(-code).name
        else:
            how = f"exit code {code}"
        return problem("crash", how=how)

    def load(self) -> LearnerError | Problem | None:
        """Run the learner's file in the child; what went wrong, if anything."""
        if not self._send(self.solution.spec()):
            return self._crashed()
        answer = self._receive()
        if isinstance(answer, Problem):
            return answer
        if "load_error" in answer:
            error = LearnerError.of(answer["load_error"])
            if error.kind == "LookupError" and "defines no function" in error.message:
                raise NoFunction(error.message)
            return error
        return None

    def call(self, kwargs: dict[str, Any]) -> Outcome:
        if not self._send({"kwargs": kwargs}):
            return Outcome(problem=self._crashed())
        answer = self._receive()
        if isinstance(answer, Problem):
            return Outcome(problem=answer)
        grader_import = answer.get("grader_import")
        if "raised" in answer:
            return Outcome(raised=LearnerError.of(answer["raised"]), grader_import=grader_import)
        if "unserialisable" in answer:
            return Outcome(returned=Unserialisable(str(answer["unserialisable"])),
                           grader_import=grader_import)
        return Outcome(returned=answer.get("returned"), grader_import=grader_import)

    def close(self) -> None:
        """Stop the child and everything it started (its whole process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        self._drain.join(timeout=1)  # a grandchild that left the group may hold the pipe open
        streams = [self.process.stdin] + ([] if self._drain.is_alive() else [self.process.stdout])
        for stream in streams:
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        os.close(self._results)

    def __enter__(self) -> Learner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
