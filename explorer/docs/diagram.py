"""The login and its follow-ups as a state diagram: Graphviz ``dot`` → inline SVG at build time.

No diagram library runs in the reader's browser: the SVG is computed once, inlined in the page,
styled by the site's CSS (so it follows the light/dark palette) and its status nodes are links to
the status pages. The statuses come from the contract; the follow-up calls from the vendor's pages
around this one (``docs/vendor-api.md`` §2–4).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..catalogue import Filled, Msg, Verbatim, Words, fill
from ..contract import LOGIN_PATH, WEIBO_LOGIN


@dataclass(frozen=True)
class Node:
    id: str
    lines: tuple[Words, ...]
    """The label, one ``Words`` per line: catalogue messages, and code said as it is."""
    kind: str
    """CSS class: ``start``, ``call``, ``status``, ``error``, ``step`` or ``end``."""

    def label(self, language: str) -> str:
        return "\n".join(line(language) for line in self.lines)


def _code(*lines: str) -> tuple[Words, ...]:
    """Label lines that are code (a method and path, a header, a JSON shape): the same in every
    language."""
    return tuple(Verbatim(line) for line in lines)


_ENVELOPE = Verbatim("{error_code, error_msg}")
_START = Node("app", (Msg("Weibo SDK on the device"),
                      fill(Msg("gives {token} + {uid}"),
                           token="access_token", uid="uid")), "start")
_LOGIN = Node("login", _code(f"POST {LOGIN_PATH}"), "call")
_ERROR = Node("error", (Msg("error"), _ENVELOPE), "error")

# The follow-ups, from the vendor's pages (docs/vendor-api.md §2–4). Each chain ends in "signed in".
_STEPS: tuple[Node, ...] = (
    Node("verify", (Msg("verify the id_token"),
                    Verbatim("GET /api/v1/oauth2/keys (JWKS)")), "step"),
    Node("signed_in", (Msg("signed in"),), "end"),
    Node("reg_code", (Msg("captcha, then a code by SMS or e-mail"),
                      Verbatim("(REGISTER_SMS / REGISTER_EMS)")), "step"),
    Node("reg_bind", _code("POST /api/v2/sdk/social/register-bind", "X-state-token"), "call"),
    Node("bind_code", (Msg("captcha, then a code by SMS or e-mail"),
                       Verbatim("(BIND_MOBILE_SMS / BIND_EMAIL_EMS)")), "step"),
    Node("bind", _code("POST /api/v2/sdk/social/bind", "X-state-token"), "call"),
    Node("mfa_mobile", _code("GET /api/v2/sdk/mobile-by-token", "X-state-token"), "call"),
    Node("mfa_code", (Msg("captcha, then an SMS code"),
                      Verbatim("(MFA_AUTH_SMS)")), "step"),
    Node("mfa_sms", _code("POST /api/v2/sdk/mfa/sms", "X-state-token"), "call"),
    Node("refresh", _code("POST /api/v2/sdk/sso/session-token/id-token", "session-token"),
         "call"),
    Node("ticket", (fill(Msg("deprecated: app token → {ticket}"),
                         ticket="sso_ticket"),
                    Verbatim("→ POST /api/v2/tenant/sso/sso-ticket/verify")), "call"),
    Node("stop", (fill(Msg("stop: show {data} to the user"),
                       data="data"),), "end"),
    Node("fix", (Msg("fix the request (400)"),
                 Msg("or retry later (500)")), "end"),
    Node("refused", (Msg("refused"), _ENVELOPE), "error"),
)

_EDGES: tuple[tuple[str, str, Words | None], ...] = (
    ("app", "login", None),
    *(("login", s.name, Verbatim("200")) for s in WEIBO_LOGIN.statuses),
    ("login", "error", Verbatim("4xx / 5xx")),
    ("SUCCESS", "verify", None),
    ("verify", "signed_in", None),
    ("USER_REGISTER", "reg_code", None),
    ("reg_code", "reg_bind", None),
    ("reg_bind", "verify", Verbatim("SUCCESS")),
    ("SOCIAL_BIND", "bind_code", None),
    ("bind_code", "bind", None),
    ("bind", "verify", Verbatim("SUCCESS")),
    ("MFA_AUTH", "mfa_mobile", None),
    ("mfa_mobile", "mfa_code", None),
    ("mfa_code", "mfa_sms", None),
    ("mfa_sms", "verify", Verbatim("SUCCESS")),
    ("mfa_sms", "stop", Verbatim("ACCESS_DENIED")),
    ("ACCESS_DENIED", "stop", None),
    ("error", "fix", None),
    ("signed_in", "refresh", fill(Msg("{token} expiring"), token="id_token")),
    ("refresh", "verify", fill(Msg("new {token}"), token="id_token")),
    ("signed_in", "ticket", Msg("server side")),
)

def _refusal(what: Words, code: str) -> Filled:
    """A forbidden edge's label: why the call is refused, and the code it answers."""
    return fill(what, code=code, token="state_token")


FORBIDDEN: tuple[tuple[str, tuple[Words, ...], str], ...] = (
    ("reg_code", (_refusal(Msg("wrong drop point: {code}"), "CAPTCHA.0002"),
                  _refusal(Msg("no captcha: {code}"), "CAPTCHA.0006")),
     "flow-wrong-captcha"),
    ("reg_bind", (_refusal(Msg("wrong code: {code}"), "SANDBOX.CODE.0001"),),
     "flow-wrong-code"),
    ("reg_bind", (_refusal(Msg("{token} replayed: {code}"),
                           "COMMON.1007"),), "flow-state-token-replayed"),
    ("bind", (_refusal(Msg("{token} of another flow: {code}"),
                       "COMMON.1007"),), "flow-state-token-wrong-flow"),
    ("mfa_sms", (_refusal(Msg("{token} expired: {code}"),
                          "COMMON.1007"),), "flow-state-token-expired"),
    ("refresh", (_refusal(Msg("session expired: {code}"), "PARAM.0023"),),
     "flow-session-expired"),
    ("ticket", (_refusal(Msg("ticket used twice: {code}"),
                         "SANDBOX.TICKET.0001"),), "flow-ticket-twice"),
)
"""The forbidden edges, dashed to "refused": (from node, label, the page that walks it)."""

FLOW_PAGES: dict[str, str] = {
    "reg_code": "flow-register-email", "reg_bind": "flow-register-phone", "bind": "flow-bind",
    "bind_code": "flow-bind", "mfa_mobile": "flow-mfa-sms", "mfa_code": "flow-mfa-sms",
    "mfa_sms": "flow-mfa-sms", "refresh": "flow-refresh-id-token", "ticket": "flow-ticket",
}
"""Follow-up nodes → the flow notebook (its stem) that walks them."""


def flow_links(href: Callable[[str], str | None]) -> dict[str, str]:
    """Links for the flow nodes and the forbidden edges (keys ``node`` or ``forbidden-i``);
    ``href(stem)`` gives the link to a flow page, None when the site has no such page."""
    links = {}
    for node, stem in FLOW_PAGES.items():
        if (target := href(stem)) is not None:
            links[node] = target
    for i, (_, _, stem) in enumerate(FORBIDDEN):
        if (target := href(stem)) is not None:
            links[f"forbidden-{i}"] = target
    return links


def nodes() -> tuple[Node, ...]:
    """Every node of the diagram: the call, its statuses (from the contract), errors, follow-ups."""
    statuses = tuple(Node(s.name, _code(s.name), "status") for s in WEIBO_LOGIN.statuses)
    return (_START, _LOGIN, *statuses, _ERROR, *_STEPS)


def to_dot(links: Mapping[str, str], language: str = "en") -> str:
    """The diagram in the DOT language, its labels in ``language``; ``links`` maps a node id to
    the href its node opens."""
    tooltips = {s.name: (f"{s.name}：{s.meaning.zh}。下一步：{s.next_step.zh}" if language == "zh"
                         else f"{s.name}: {s.meaning.en}. Next: {s.next_step.en}")
                for s in WEIBO_LOGIN.statuses}
    lines = [
        "digraph login {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.25, ranksep=0.45, '
        'fontname="sans-serif", id="login-diagram"];',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11, '
        'margin="0.12,0.06", fillcolor="white", color="#546e7a"];',
        '  edge [fontname="sans-serif", fontsize=10, color="#78909c", arrowsize=0.7];',
    ]
    for node in nodes():
        label = node.label(language)
        attrs = {
            "label": label,
            "class": node.kind,
            "id": f"node-{node.id}",
            "tooltip": tooltips.get(node.id, label.replace("\n", " ")),
        }
        if node.id in links:
            attrs["URL"] = links[node.id]
            attrs["target"] = "_top"
        lines.append(f"  {_quote(node.id)} [{_attrs(attrs)}];")
    lines.append('  { rank=same; "SUCCESS"; "USER_REGISTER"; "SOCIAL_BIND"; "MFA_AUTH"; '
                 '"ACCESS_DENIED"; "error"; }')
    for tail, head, said in _EDGES:
        edge = f" [{_attrs({'label': said(language)})}]" if said else ""
        lines.append(f"  {_quote(tail)} -> {_quote(head)}{edge};")
    for i, (tail, refusals, _) in enumerate(FORBIDDEN):
        label = "\n".join(refusal(language) for refusal in refusals)
        attrs = {"label": label, "style": "dashed", "color": "#c62828", "fontcolor": "#c62828",
                 "class": "forbidden", "id": f"edge-forbidden-{i}", "tooltip": label}
        if f"forbidden-{i}" in links:
            attrs.update(URL=links[f"forbidden-{i}"], target="_top")
        lines.append(f"  {_quote(tail)} -> \"refused\" [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(links: Mapping[str, str], dot: str | None = None, language: str = "en") -> str:
    """The diagram as an inline ``<svg>`` element (no XML prolog, no generator comment), so that
    the same input gives the same bytes, at its natural size — 1 pt of Graphviz is 1 CSS pt, so
    edge labels are 13 px on any screen and the page scrolls (pans) a diagram wider than it.
    Raises RuntimeError when Graphviz is not installed."""
    exe = dot or shutil.which("dot")
    if not exe:
        raise RuntimeError("Graphviz 'dot' not found: install the Debian package 'graphviz' "
                           "(scripts/apt-packages.txt) to build the docs")
    out = subprocess.run([exe, "-Tsvg"], input=to_dot(links, language),
                         capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise RuntimeError(f"dot failed: {out.stderr.strip()}")
    svg = out.stdout[out.stdout.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    # Graphviz titles each node and edge with its DOT id (``app``, ``app->login``): ids, not
    # words; a node's tooltip is its label (``xlink:title``), said in the page's language
    svg = re.sub(r"<title>[^<]*</title>\n?", "", svg)
    label = _SVG_LABEL(language)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return svg


_SVG_LABEL = Msg("State diagram of the Weibo login and its follow-up calls")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(attrs: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())


def frame(links: Mapping[str, str], language: str = "en") -> str:
    """The diagram as the page shows it: fitted whole into the window (every branch in view),
    with a button that switches to its natural size, panned by scrolling, and back
    (``assets/diagram.js``; the button's two words are in ``data-`` attributes)."""
    from .. import i18n

    fit, natural = i18n.word("diagram_fit", language), i18n.word("diagram_natural", language)
    return (f'<p class="wx-diagram-tools"><button type="button" class="md-button wx-diagram-zoom" '
            f'data-fit="{fit}" data-natural="{natural}" '
            f'aria-pressed="false">{natural}</button></p>\n<div '
            f'class="wx-diagram">\n{to_svg(links, language=language)}</div>')
