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

from ..contract import LOGIN_PATH, WEIBO_LOGIN


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """CSS class: ``start``, ``call``, ``status``, ``error``, ``step`` or ``end``."""


_START = Node("app", "Weibo SDK on the device\naccess_token + uid", "start")
_LOGIN = Node("login", f"POST {LOGIN_PATH}", "call")
_ERROR = Node("error", "error\n{error_code, error_msg}", "error")

# The follow-ups, from the vendor's pages (docs/vendor-api.md §2–4). Each chain ends in "signed in".
_STEPS: tuple[Node, ...] = (
    Node("verify", "verify the id_token\nGET /api/v1/oauth2/keys (JWKS)", "step"),
    Node("signed_in", "signed in", "end"),
    Node("reg_code",
         "captcha, then a code by SMS or e-mail\n(REGISTER_SMS / REGISTER_EMS)", "step"),
    Node("reg_bind", "POST /api/v2/sdk/social/register-bind\nX-state-token", "call"),
    Node("bind_code",
         "captcha, then a code by SMS or e-mail\n(BIND_MOBILE_SMS / BIND_EMAIL_EMS)", "step"),
    Node("bind", "POST /api/v2/sdk/social/bind\nX-state-token", "call"),
    Node("mfa_mobile", "GET /api/v2/sdk/mobile-by-token\nX-state-token", "call"),
    Node("mfa_code", "captcha, then an SMS code\n(MFA_AUTH_SMS)", "step"),
    Node("mfa_sms", "POST /api/v2/sdk/mfa/sms\nX-state-token", "call"),
    Node("refresh", "POST /api/v2/sdk/sso/session-token/id-token\nsession-token", "call"),
    Node("ticket",
         "deprecated: app token → sso_ticket\n→ POST /api/v2/tenant/sso/sso-ticket/verify",
         "call"),
    Node("stop", "stop: show data to the user", "end"),
    Node("fix", "fix the request (400)\nor retry later (500)", "end"),
    Node("refused", "refused\n{error_code, error_msg}", "error"),
)

_EDGES: tuple[tuple[str, str, str], ...] = (
    ("app", "login", ""),
    *(("login", s.name, "200") for s in WEIBO_LOGIN.statuses),
    ("login", "error", "4xx / 5xx"),
    ("SUCCESS", "verify", ""),
    ("verify", "signed_in", ""),
    ("USER_REGISTER", "reg_code", ""),
    ("reg_code", "reg_bind", ""),
    ("reg_bind", "verify", "SUCCESS"),
    ("SOCIAL_BIND", "bind_code", ""),
    ("bind_code", "bind", ""),
    ("bind", "verify", "SUCCESS"),
    ("MFA_AUTH", "mfa_mobile", ""),
    ("mfa_mobile", "mfa_code", ""),
    ("mfa_code", "mfa_sms", ""),
    ("mfa_sms", "verify", "SUCCESS"),
    ("mfa_sms", "stop", "ACCESS_DENIED"),
    ("ACCESS_DENIED", "stop", ""),
    ("error", "fix", ""),
    ("signed_in", "refresh", "id_token expiring"),
    ("refresh", "verify", "new id_token"),
    ("signed_in", "ticket", "server side"),
)

FORBIDDEN: tuple[tuple[str, str, str], ...] = (
    ("reg_code", "wrong drop point: CAPTCHA.0002\nno captcha: CAPTCHA.0006", "flow-wrong-captcha"),
    ("reg_bind", "wrong code: SANDBOX.CODE.0001", "flow-wrong-code"),
    ("reg_bind", "state_token replayed: COMMON.1007", "flow-state-token-replayed"),
    ("bind", "state_token of another flow: COMMON.1007", "flow-state-token-wrong-flow"),
    ("mfa_sms", "state_token expired: COMMON.1007", "flow-state-token-expired"),
    ("refresh", "session expired: PARAM.0023", "flow-session-expired"),
    ("ticket", "ticket used twice: SANDBOX.TICKET.0001", "flow-ticket-twice"),
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


LABELS_ZH: dict[str, str] = {
    "app": "设备上的微博 SDK\naccess_token + uid",
    "error": "错误\n{error_code, error_msg}",
    "verify": "校验 id_token\nGET /api/v1/oauth2/keys (JWKS)",
    "signed_in": "登录完成",
    "reg_code": "图形验证码，再发短信或邮件验证码\n(REGISTER_SMS / REGISTER_EMS)",
    "reg_bind": "POST /api/v2/sdk/social/register-bind\nX-state-token",
    "bind_code": "图形验证码，再发短信或邮件验证码\n(BIND_MOBILE_SMS / BIND_EMAIL_EMS)",
    "bind": "POST /api/v2/sdk/social/bind\nX-state-token",
    "mfa_mobile": "GET /api/v2/sdk/mobile-by-token\nX-state-token",
    "mfa_code": "图形验证码，再发短信验证码\n(MFA_AUTH_SMS)",
    "mfa_sms": "POST /api/v2/sdk/mfa/sms\nX-state-token",
    "refresh": "POST /api/v2/sdk/sso/session-token/id-token\nsession-token",
    "ticket": "已弃用：应用令牌 → sso_ticket\n→ POST /api/v2/tenant/sso/sso-ticket/verify",
    "stop": "停止：把 data 展示给用户",
    "fix": "修正请求 (400)\n或稍后重试 (500)",
    "refused": "被拒绝\n{error_code, error_msg}",
}
"""The nodes' labels in the Chinese edition (statuses and the call keep their API names)."""

EDGE_LABELS_ZH: dict[str, str] = {
    "id_token expiring": "id_token 将过期", "new id_token": "新的 id_token",
    "server side": "服务端",
    "wrong drop point: CAPTCHA.0002\nno captcha: CAPTCHA.0006":
        "滑块位置错误：CAPTCHA.0002\n未做图形验证：CAPTCHA.0006",
    "wrong code: SANDBOX.CODE.0001": "验证码错误：SANDBOX.CODE.0001",
    "state_token replayed: COMMON.1007": "state_token 重复使用：COMMON.1007",
    "state_token of another flow: COMMON.1007": "其他流程的 state_token：COMMON.1007",
    "state_token expired: COMMON.1007": "state_token 已过期：COMMON.1007",
    "session expired: PARAM.0023": "会话已过期：PARAM.0023",
    "ticket used twice: SANDBOX.TICKET.0001": "ticket 使用了两次：SANDBOX.TICKET.0001",
}
"""The edges' labels in the Chinese edition (codes and HTTP statuses stay as they are)."""


def nodes(language: str = "en") -> tuple[Node, ...]:
    """Every node of the diagram: the call, its statuses (from the contract), errors, follow-ups."""
    statuses = tuple(Node(s.name, s.name, "status") for s in WEIBO_LOGIN.statuses)
    every = (_START, _LOGIN, *statuses, _ERROR, *_STEPS)
    if language != "zh":
        return every
    return tuple(Node(n.id, LABELS_ZH.get(n.id, n.label), n.kind) for n in every)


def _edge_label(label: str, language: str) -> str:
    return EDGE_LABELS_ZH.get(label, label) if language == "zh" else label


def to_dot(links: Mapping[str, str], language: str = "en") -> str:
    """The diagram in the DOT language; ``links`` maps a node id to the href its node opens;
    ``language`` ``"zh"`` gives the Chinese edition's labels."""
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
    for node in nodes(language):
        attrs = {
            "label": node.label,
            "class": node.kind,
            "id": f"node-{node.id}",
            "tooltip": tooltips.get(node.id, node.label.replace("\n", " ")),
        }
        if node.id in links:
            attrs["URL"] = links[node.id]
            attrs["target"] = "_top"
        lines.append(f"  {_quote(node.id)} [{_attrs(attrs)}];")
    lines.append('  { rank=same; "SUCCESS"; "USER_REGISTER"; "SOCIAL_BIND"; "MFA_AUTH"; '
                 '"ACCESS_DENIED"; "error"; }')
    for tail, head, label in _EDGES:
        edge = f" [{_attrs({'label': _edge_label(label, language)})}]" if label else ""
        lines.append(f"  {_quote(tail)} -> {_quote(head)}{edge};")
    for i, (tail, label, _) in enumerate(FORBIDDEN):
        label = _edge_label(label, language)
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
    label = ("微博登录及其后续调用的状态图" if language == "zh"
             else "State diagram of the Weibo login and its follow-up calls")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return svg


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
