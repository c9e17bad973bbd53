"""The generated pages of the Chinese edition: reference, errata and state diagram, in Chinese.

Same data and anchors as ``explorer.docs.pages`` (so links between editions and from notebooks
hold); only the words around the data change. The contract's ``Text`` values are shown Chinese
first; the vendor's verbatim examples stay verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..contract import ERRORS, WEIBO_LOGIN, ErrorCode, Text
from . import diagram
from .pages import _fence, _table, anchor, diagram_links

ERRATA_ZH: dict[int, str] = {
    1: "成功示例 1 不是合法的 JSON：最后一个成员后面多了一个逗号。",
    2: "成功示例 3 写的是 \" SOCIAL_BIND\"（前面多一个空格），而且沿用了示例 2 的 state_token，"
       "该令牌的载荷写的是 USER_REGISTER。",
    3: "示例 4 和 5 写的是 \"HTTP 200 OK\"（没有 HTTP 版本），也没有 Content-Type。",
    4: "示例 1 的 id_token 有效期是 5 小时（exp - iat = 18000 秒）；正文却说默认 2 小时。",
    5: "示例中的 uid 是 32 位十六进制字符串；微博的 uid 是数字。",
    6: "state_token 用 HS256 签名，密钥客户端永远拿不到：客户端能读懂，但无法校验。",
    7: "错误表每个错误码的第二行仍是英文；中文提示缺失。",
}
"""``explorer.errata.ERRATA`` in Chinese (same numbers)."""

CAPTIONS_ZH = {
    "Request Example": "请求示例",
    "Success Example 1 (Successfully matched user returns session_token)":
        "成功示例 1（匹配到用户，返回 session_token）",
    "Success Example 2 (Returns automatic registration and binding flow)":
        "成功示例 2（返回自动注册并绑定流程）",
    "Success Example 3 (Returns binding flow)": "成功示例 3（返回绑定流程）",
    "Success Example 4 (Returns secondary authentication flow)": "成功示例 4（返回二次认证流程）",
    "Success Example 5 (Returns login denial flow)": "成功示例 5（返回拒绝登录流程）",
    "Error Example": "错误示例",
}

SOURCE_ZH = {"seed": "本接口文档", "family": "同系列接口文档", "sandbox": "沙箱的取舍"}


def _both(text: Text) -> str:
    return f'{text.zh}<br><span lang="en" class="wx-en">{text.en}</span>'


def _yes(required: bool) -> str:
    return "是" if required else "否"


def _error_link(code: str | None) -> str:
    return f"[`{code}`](#{anchor('error', code)})" if code else "—"


def _source(name: str) -> str:
    return (f'<span class="wx-src wx-src-{name}" title="{SOURCE_ZH.get(name, name)}">{name}</span>'
            f"<br>[{SOURCE_ZH.get(name, name)}](glossary.md#source)")


def _error_table(errors: Iterable[ErrorCode]) -> str:
    return _table(
        ("错误码", "HTTP", "提示信息", "处理建议", "来源", "原因字段"),
        ((f'<a id="{anchor("error", e.code)}"></a>`{e.code}`', str(e.http_status), _both(e.message),
          _both(e.action), _source(e.source),
          ", ".join(f"`{c.strip()}`" for c in e.cause.split(",")) if e.cause else "—")
         for e in errors),
    )


def reference_page() -> str:
    """The call, field by field, Chinese first, from ``explorer.contract``."""
    ep = WEIBO_LOGIN
    out = [
        f"# 接口参考：{ep.summary.zh} · {ep.summary.en}",
        "",
        f"`{ep.method} https://{{your_domain}}{ep.path}`",
        "",
        ep.description.zh,
        "",
        "构建站点时由 `explorer/contract.py` 生成。**来源**一栏说明每条信息出自哪里（详见"
        "[术语表](glossary.md#source)）：<span class=\"wx-src wx-src-seed\">seed</span> 厂商关于本接口"
        "的文档，<span class=\"wx-src wx-src-family\">family</span> 厂商关于前后相关接口的文档"
        "（api-family），<span class=\"wx-src wx-src-sandbox\">sandbox</span> 厂商没有说明、由本项目"
        "做出的取舍（附理由）。",
        "",
        "## 请求头",
        "",
        _table(
            ("请求头", "名称", "必填", "示例", "说明", "缺失时的错误"),
            ((f"`{h.name}`", _both(h.title), _yes(h.required), f"`{h.example}`", _both(h.help),
              _error_link(h.error_code)) for h in ep.headers),
        ),
        "",
        "## 请求体",
        "",
        "一个 JSON 对象，每个字段都是字符串。",
        "",
        _table(
            ("字段", "名称", "必填", "示例", "说明", "缺失时的错误"),
            ((f"`{f.name}`", _both(f.title), _yes(f.required), f"`{f.example}`", _both(f.help),
              _error_link(f.error_code)) for f in ep.body),
        ),
        "",
        "## 响应字段（HTTP 200）",
        "",
        _table(
            ("字段", "名称", "类型", "说明"),
            ((f"`{r.name}`", _both(r.title), r.type, _both(r.help)) for r in ep.response_fields),
        ),
        "",
        "## 状态",
        "",
        _table(
            ("状态", "含义", "携带字段", "`data` 内容", "下一步"),
            ((f'<a id="{anchor("status", s.name)}"></a>`{s.name}`', _both(s.meaning),
              ", ".join(f"`{f}`" for f in s.fields), s.data or "—", _both(s.next_step))
             for s in ep.statuses),
        ),
        "",
        '## 错误 { #errors }',
        "",
        "每个错误都是 `{\"error_code\": \"...\", \"error_msg\": \"...\"}`，HTTP 状态码见下表；"
        "`X-L: zh` 选择中文提示。各行按沙箱检查的顺序排列：第一个不通过的检查决定返回哪个错误。",
        "",
        _error_table(ERRORS[c] for c in ep.errors),
        "",
        "### 后续调用的错误 { #errors-of-the-follow-up-calls }",
        "",
        _error_table(e for c, e in ERRORS.items() if c not in ep.errors),
        "",
        "### 沙箱为什么增加错误码",
        "",
        "理由原文为英文：",
        "",
        *(f"- **`{e.code}`** — {e.reason}" for e in ERRORS.values() if e.reason),
        "",
    ]
    return "\n".join(out)


def diagram_page(status_pages: Mapping[str, str], errors_page: str | None,
                 flow_pages: Mapping[str, str] | None = None) -> str:
    """The state diagram with Chinese labels; same links as the English one."""
    links = diagram_links(status_pages, errors_page, flow_pages)
    return "\n".join([
        "---", "hide:", "  - navigation", "  - toc", "---", "",
        "# 状态图",
        "",
        "一次微博登录调用可能返回的结果，以及每个结果之后的调用。点击状态即可打开对应页面，"
        "点击红色虚线打开演示该错误的流程。构建站点时由 Graphviz 根据 `explorer/contract.py` 的"
        "状态和厂商文档中的后续调用绘制。整张图按窗口大小显示；点击**实际大小**可按原始尺寸查看，"
        "在框内滚动即可平移。",
        "",
        diagram.frame(links, language="zh"),
        "",
    ])


def errata_page() -> str:
    """``explorer.errata`` in Chinese: the vendor's examples verbatim beside the corrections."""
    from .. import errata

    out = [
        "# 厂商文档勘误",
        "",
        "厂商关于本接口的文档有错误或前后矛盾之处时，本文档会指出来，既不照抄错误，也不悄悄修正。"
        "每个示例都**原样**给出（与厂商页面一字不差），旁边是沙箱实际返回的**更正**版本；每处更正"
        "都说明理由（理由原文为英文）。标为 *noted* 的更正保留原值：改动它等于伪造签名。"
        "由 `explorer/errata.py` 生成。",
        "",
        "## 对不上的地方",
        "",
        *(f"{n}. {ERRATA_ZH.get(n, text)}" for n, text in sorted(errata.ERRATA.items())),
        "",
    ]
    for example in (errata.REQUEST, *errata.EXAMPLES):
        caption = example.caption.rstrip(":")
        out += [f"## {CAPTIONS_ZH.get(caption, caption)}", ""]
        out += ['=== "原样（厂商文档）"', "", _fence(example.raw, 4), "",
                '=== "更正后"', "", _fence(example.corrected_text(), 4), ""]
        out += [_corrections(example.corrections), ""]
    out += ["## 错误表", "", _corrections(errata.TABLE_CORRECTIONS), ""]
    return "\n".join(out)


def _corrections(corrections: Iterable[Any]) -> str:
    return _table(
        ("条目", "内容", "厂商文档", "本文档", "理由", ""),
        ((str(c.erratum) if c.erratum else "新增", c.subject, c.seed, c.corrected, c.reason,
          "已更正" if c.fixed else "*noted*") for c in corrections),
    )


__all__ = ["ERRATA_ZH", "diagram_page", "errata_page", "reference_page"]
