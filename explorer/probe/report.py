"""``ProbeReport``: the probe's table, shown in a terminal (Rich), a notebook, or an offline HTML
file.

The HTML report is one self-contained file (inline CSS, no script, nothing fetched, and a
Content-Security-Policy that lets nothing else happen) that also carries its data as JSON, so
``load_report`` reads it back and the docs build turns it into the "Your tenant" page. The exchanges
it keeps are already redacted. Every string in it came from the tenant or from the file, so each is
shown through ``untrusted.as_text``, in HTML and in Markdown alike: an ``error_msg`` of
``[x](javascript:…)`` or ``<script>`` is text on every page.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..catalogue import Msg
from ..contract import is_chinese
from ..untrusted import as_text, script_json
from .judge import Check

_DATA = re.compile(r'<script type="application/json" id="wx-probe-data">(.*?)</script>', re.S)
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35em .5em;
text-align:left;vertical-align:top}th{background:#f4f4f4}
.matches{color:#1b7f3b;font-weight:600}.differs{color:#b3261e;font-weight:600}
.untestable{color:#777}ol.requests{font-family:monospace;font-size:12px}
"""
VERDICTS = {"matches": Msg("matches"), "differs": Msg("differs"),
            "untestable": Msg("not testable without credentials")}
LABELS = {verdict: text("en") for verdict, text in VERDICTS.items()}
_POLICY = ('<meta http-equiv="Content-Security-Policy" '
           """content="default-src 'none'; style-src 'unsafe-inline'">""")
"""The offline report runs nothing and loads nothing: its one ``<script>`` is JSON data."""
_HEADINGS = (Msg("#"), Msg("Check"), Msg("Contract"),
             Msg("Tenant answered"), Msg("Verdict"), Msg("How"))
WORDS = {
    "summary": Msg("{url}: {matches} match, {differs} differ, {untestable} not testable without "
                   "credentials ({requests} requests, {at})"),
    "title": Msg("Probe of {url}"),
    "intro": Msg("Client id {client_id}. Compared with the contract of weibo-login-explorer (the "
                 "vendor's page with its errata)."),
    "requests": Msg("Requests sent"),
}


@dataclass(frozen=True)
class ProbeReport:
    """What the probe sent and how each answer compares with the contract."""

    base_url: str
    client_id: str
    language: str
    probed_at: str
    checks: tuple[Check, ...]
    requests: tuple[str, ...]
    exchanges: tuple[dict[str, Any], ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing testable differs."""
        return not self.differs

    @property
    def differs(self) -> list[Check]:
        return [c for c in self.checks if c.verdict == "differs"]

    def counts(self) -> dict[str, int]:
        out = {"matches": 0, "differs": 0, "untestable": 0}
        for c in self.checks:
            out[c.verdict] += 1
        return out

    @property
    def words(self) -> str:
        """The language the report speaks: the one its requests asked for (``X-L``)."""
        return "zh" if is_chinese(self.language) else "en"

    def summary(self) -> str:
        n = self.counts()
        return WORDS["summary"](self.words).format(
            url=self.base_url, matches=n["matches"], differs=n["differs"],
            untestable=n["untestable"], requests=len(self.requests), at=self.probed_at)

    # ------------------------------------------------------------------------------ data
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = "weibo-explorer-probe"
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProbeReport:
        """The report in ``data`` (ValueError when a field is missing or of the wrong kind)."""
        try:
            checks = tuple(_check(c) for c in data["checks"])
            return cls(base_url=_str(data["base_url"]), client_id=_str(data["client_id"]),
                       language=_str(data.get("language", "")),
                       probed_at=_str(data["probed_at"]), checks=checks,
                       requests=tuple(_str(r) for r in data.get("requests", ())),
                       exchanges=tuple(data.get("exchanges", ())))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a probe report: {type(exc).__name__} {exc}") from None

    # --------------------------------------------------------------------------- display
    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(subject, expected, observed, verdict label, how) per check."""
        return [(c.subject, c.expected, c.observed, LABELS[c.verdict], "; ".join(c.how))
                for c in self.checks]

    def table_html(self) -> str:
        head = "".join(f"<th>{h(self.words)}</th>" for h in _HEADINGS)
        body = []
        for c in self.checks:
            body.append(
                "<tr>" + "".join(f"<td>{as_text(v)}</td>" for v in _told(c)[:4])
                + f'<td class="{c.verdict}">{VERDICTS[c.verdict](self.words)}</td>'
                + f"<td>{as_text(_told(c)[4])}</td></tr>")
        return f'<table class="wx-probe"><tr>{head}</tr>{"".join(body)}</table>'

    def _repr_html_(self) -> str:
        return f"<p>{as_text(self.summary())}</p>{self.table_html()}"

    def to_html(self) -> str:
        """A complete offline HTML page with the data embedded."""
        requests = "".join(f"<li>{as_text(r.split('. ', 1)[-1])}</li>" for r in self.requests)
        title = WORDS["title"](self.words).format(url=as_text(self.base_url))
        intro = WORDS["intro"](self.words).format(
            client_id=f"<code>{as_text(self.client_id)}</code>")
        html_lang = "zh-CN" if self.words == "zh" else "en"
        return "\n".join([
            "<!doctype html>", f'<html lang="{html_lang}"><head><meta charset="utf-8">', _POLICY,
            f"<title>{title}</title><style>{_STYLE}</style></head>",
            "<body>", f"<h1>{title}</h1>",
            f"<p>{as_text(self.summary())}{'。' if self.words == 'zh' else '. '}{intro}</p>",
            self.table_html(), f"<h2>{WORDS['requests'](self.words)}</h2>",
            f'<ol class="requests">{requests}</ol>',
            '<script type="application/json" id="wx-probe-data">'
            f"{script_json(self.to_dict())}</script>", "</body></html>", ""])

    def to_markdown(self, language: str = "en") -> str:
        """The table as Markdown (the docs' "Your tenant" page), its headings and verdicts in
        ``language``; each cell from the report is ``as_text``, so none holds Markdown or HTML."""
        lines = ["| " + " | ".join(h(language) for h in _HEADINGS) + " |",
                 "|---|---|---|---|---|---|"]
        for c in self.checks:
            told = [as_text(v) for v in _told(c)]
            verdict = f'<span class="wx-probe-{c.verdict}">{VERDICTS[c.verdict](language)}</span>'
            lines.append("| " + " | ".join([*told[:4], verdict, told[4]]) + " |")
        return "\n".join(lines)

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text as RichText

        table = Table(title=WORDS["title"](self.words).format(url=self.base_url),
                      show_lines=False)
        for column in _HEADINGS:
            table.add_column(column(self.words).lower(), overflow="fold")
        style = {"matches": "green", "differs": "bold red", "untestable": "dim"}
        for c in self.checks:
            table.add_row(str(c.request or ""), c.subject, c.expected, c.observed,
                          RichText(VERDICTS[c.verdict](self.words), style=style[c.verdict]),
                          "; ".join(c.how))
        return Group(table, RichText(self.summary(), style="bold green" if self.ok else "bold red"))

    def __str__(self) -> str:
        return "\n".join(" | ".join(r) for r in self.rows()) + "\n" + self.summary()


def _told(c: Check) -> tuple[str, str, str, str, str]:
    """The strings of a row that came from the tenant or the file: #, check, contract, tenant
    answered, how."""
    return ("" if c.request is None else str(c.request), c.subject, c.expected, c.observed,
            "; ".join(c.how))


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a string")
    return value


def _check(data: Any) -> Check:
    verdict = data["verdict"]
    if verdict not in LABELS:
        raise TypeError(f"verdict {str(verdict)[:40]!r} is not one of {sorted(LABELS)}")
    request = data.get("request")
    if request is not None and (not isinstance(request, int) or isinstance(request, bool)):
        raise TypeError(f"request {str(request)[:40]!r} is not a number")
    return Check(subject=_str(data["subject"]), expected=_str(data["expected"]),
                 observed=_str(data["observed"]), verdict=verdict,
                 how=tuple(_str(h) for h in data.get("how", ())), request=request)


def load_report(path: str | Path) -> ProbeReport:
    """A report saved by ``probe --report`` (HTML with embedded data, or JSON)."""
    text = Path(path).read_text(encoding="utf-8")
    found = _DATA.search(text)
    data = json.loads(found.group(1).replace("<\\/", "</") if found else text)
    if not isinstance(data, dict) or data.get("kind") != "weibo-explorer-probe":
        raise ValueError(f"{path} is not a probe report")
    return ProbeReport.from_dict(data)


__all__ = ["LABELS", "VERDICTS", "ProbeReport", "load_report"]
