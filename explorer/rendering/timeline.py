"""The request log as a timeline card: what an app sent, in order, with what the sandbox answered.

``Timeline(entries)`` shows ``client.peek.requests(...)`` entries as static HTML (Jupyter), plain
text and Rich (terminal). One row per call: sandbox time, kind, method and path, status, the
headers a reader looks for (device and client id, state_token) and the first bytes of body and
answer. Never a network call; the log is already masked by the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any, Sequence

from ..sandbox.peek import LoggedRequest

SHOWN_HEADERS = ("x-client-id", "x-device-fingerprint", "x-agent", "x-operating-sys-version",
                 "x-device-ip", "x-l", "x-state-token", "session-token", "content-type")
PREVIEW = 160

_STYLE = """
div.wle-tl{font:13px/1.4 system-ui,sans-serif;border:1px solid #ccd;border-radius:6px;
padding:8px 10px;max-width:100%;overflow-x:auto}
div.wle-tl table{border-collapse:collapse;width:100%}
div.wle-tl td,div.wle-tl th{border-top:1px solid #eee;padding:3px 6px;vertical-align:top;
text-align:left}
div.wle-tl code,div.wle-tl pre{font:12px/1.3 ui-monospace,monospace;white-space:pre-wrap;
word-break:break-all;margin:0}
div.wle-tl .ok{color:#17692b}div.wle-tl .bad{color:#a0001b}div.wle-tl .admin{color:#777}
div.wle-tl .kind{font-size:11px;border-radius:3px;padding:0 4px;background:#eef}
"""


def _short(text: str, limit: int = PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _time(entry: LoggedRequest) -> str:
    return entry.sandbox_time[11:23]


def _headers(entry: LoggedRequest) -> list[tuple[str, str]]:
    return [(name, _short(entry.headers[name], 48)) for name in SHOWN_HEADERS
            if name in entry.headers]


@dataclass(frozen=True)
class Timeline:
    """A request log to display; ``admin=False`` hides the ``/sandbox/*`` calls."""

    entries: Sequence[LoggedRequest]
    title: str = "Request log"
    admin: bool = True

    @property
    def shown(self) -> list[LoggedRequest]:
        return [e for e in self.entries if self.admin or not e.admin]

    def _repr_html_(self) -> str:
        rows = []
        for e in self.shown:
            tone = "admin" if e.admin else ("ok" if e.status < 400 else "bad")
            headers = "<br>".join(f"<code>{escape(n)}: {escape(v)}</code>" for n, v in _headers(e))
            rows.append(
                f'<tr class="{tone}"><td>{e.id}</td><td><code>{escape(_time(e))}</code></td>'
                f'<td><span class="kind">{escape(e.kind)}</span></td>'
                f"<td><code>{escape(e.method)} {escape(e.path)}</code><br>{headers}</td>"
                f"<td><pre>{escape(_short(e.body))}</pre></td>"
                f'<td class="{tone}">{e.status}</td>'
                f"<td><pre>{escape(_short(e.answer))}</pre></td></tr>")
        body = "".join(rows) or '<tr><td colspan="7">no calls</td></tr>'
        return (f'<div class="wle-tl"><style>{_STYLE}</style><strong>{escape(self.title)}</strong>'
                f" · {len(self.shown)} call(s)<table><thead><tr><th>#</th><th>sandbox time</th>"
                "<th>kind</th><th>call</th><th>body</th><th>status</th><th>answer</th></tr>"
                f"</thead><tbody>{body}</tbody></table></div>")

    def __str__(self) -> str:
        lines = [f"{self.title} · {len(self.shown)} call(s)"]
        for e in self.shown:
            lines.append(f"{e.id:>4} {_time(e)} {e.kind:<5} {e.method} {e.path} -> {e.status}")
            for name, value in _headers(e):
                lines.append(f"{'':>11}{name}: {value}")
            if e.body:
                lines.append(f"{'':>11}body:   {_short(e.body, 100)}")
            if e.answer:
                lines.append(f"{'':>11}answer: {_short(e.answer, 100)}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": str(self)}

    def __rich__(self) -> Any:
        from rich.table import Table

        table = Table(title=f"{self.title} · {len(self.shown)} call(s)")
        for column in ("#", "sandbox time", "kind", "call", "status", "answer"):
            table.add_column(column, overflow="fold")
        for e in self.shown:
            style = "dim" if e.admin else ("green" if e.status < 400 else "red")
            table.add_row(str(e.id), _time(e), e.kind, f"{e.method} {e.path}", str(e.status),
                          _short(e.answer, 80), style=style)
        return table


def timeline(entries: Sequence[LoggedRequest], title: str = "Request log",
             admin: bool = True) -> Timeline:
    """``entries`` (from ``explorer.sandbox.peek.requests``) as a displayable timeline card."""
    return Timeline(tuple(entries), title, admin)
