"""Which language to speak, and the few words the CLI and the docs site say themselves.

The API's own words (statuses, error messages, actions) live in ``explorer.contract`` as ``Text``;
this module only decides *which* of the two a reader gets and holds the words around them:

* ``edition()`` — the language of the docs edition being built: ``weibo-explorer docs build`` sets
  ``WEIBO_EXPLORER_LANG`` for each edition's kernels, so a notebook's client asks the sandbox in
  that language (``X-L: zh``) and its outputs are Chinese live, not translated by hand.
* ``from_locale()`` — the language of a terminal: ``LC_ALL``, ``LC_MESSAGES`` then ``LANG``
  (``zh_CN.UTF-8`` → ``zh``), what ``weibo-explorer demo|login`` follow without ``--lang``.
* ``word(key, language)`` — the CLI's and the site's own words in both languages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .contract import Text, is_chinese

LANGUAGES = ("en", "zh")
"""The two languages of this project: English first, Chinese (简体中文) second."""

ENV_VAR = "WEIBO_EXPLORER_LANG"
"""Set by ``weibo-explorer docs build`` to the edition's language for every notebook kernel."""


def normalize(value: str | None, default: str = "en") -> str:
    """``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"`` → ``"zh"``; ``"en..."`` → ``"en"``; else ``default``."""
    if value and is_chinese(value):
        return "zh"
    if value and value.strip().lower().startswith("en"):
        return "en"
    return default


def edition(environ: Mapping[str, str] | None = None) -> str:
    """The docs edition being built (``WEIBO_EXPLORER_LANG``), English when none is set."""
    env = os.environ if environ is None else environ
    return normalize(env.get(ENV_VAR))


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The terminal's language from the POSIX locale variables, English when none says Chinese."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return normalize(env[name])
    return "en"


def cli_language(flag: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of a CLI command: ``--lang`` when given, else the locale (``LANG``)."""
    return normalize(flag) if flag else from_locale(environ)


def add_lang_option(parser: object) -> None:
    """``--lang en|zh`` on an argparse parser: the output's language and the request's X-L."""
    parser.add_argument(  # type: ignore[attr-defined]
        "--lang", choices=LANGUAGES, default=None,
        help="language of the output and of the API's messages (X-L: zh); "
             "default: from LANG/LC_ALL (zh_CN.UTF-8 → zh), else en")


def x_l(language: str) -> str | None:
    """The ``X-L`` header a client sends for ``language``: none for English (the API's default,
    as the vendor's example sends it), ``zh`` for Chinese."""
    return "zh" if language == "zh" else None


WORDS: dict[str, Text] = {
    # weibo-explorer demo / login
    "fixture": Text("fixture", "场景"),
    "expected": Text("expected", "预期"),
    "got": Text("got", "实际"),
    "summary_title": Text("Weibo Login on {host}", "微博登录（{host}）"),
    "outcomes_title": Text("Weibo Login on a sandbox at {host}: {n} outcomes",
                           "微博登录（沙箱 {host}）：{n} 种结果"),
    "outcome": Text("outcome", "结果"),
    "what_happens": Text("what happens", "发生了什么"),
    "as_expected": Text("as expected", "符合预期"),
    "demo_caption": Text("one alone: weibo-explorer demo --only NAME · against your own sandbox: "
                         "weibo-explorer login --fixture NAME",
                         "单独看一个：weibo-explorer demo --only NAME · 在你自己的沙箱上："
                         "weibo-explorer login --fixture NAME"),
    "all_as_expected": Text("every outcome as its fixture expects",
                            "每个结果都与场景的预期一致"),
    "differs": Text("{n} outcome(s) differ from their fixture", "{n} 个结果与场景的预期不同"),
    "sandbox_clock_note": Text("Talking to a sandbox: tokens {clock}, read from GET /sandbox/clock, "
                               "not this machine's clock.",
                               "对方是沙箱：令牌按沙箱时钟检查（{clock}），时间来自 GET /sandbox/clock，"
                               "而不是本机时钟。"),
    "transport_failed": Text("weibo-explorer login: {error}", "weibo-explorer login：{error}"),
    "hint_error": Text("Branch on error_code, never on error_msg (its language follows X-L).",
                       "请根据 error_code 判断，不要根据 error_msg（它的语言随 X-L 变化）。"),
    "hint_docs": Text("Every outcome has its page: weibo-explorer docs serve --build",
                      "每个结果都有对应页面：weibo-explorer docs serve --build"),
    # explorer.sandbox.admin_client.Arrangement, as the docs pages show it
    "arranged": Text("Arranged the sandbox{title}: {n} admin call(s) to <code>{url}</code>",
                     "已布置沙箱{title}：向 <code>{url}</code> 发出 {n} 次管理调用"),
    "arranged_for": Text(" for <code>{name}</code>", "（场景 <code>{name}</code>）"),
    "method": Text("method", "方法"),
    "path": Text("path", "路径"),
    "body": Text("body", "请求体"),
    "status": Text("status", "状态码"),
    # the docs site's own words
    "example_as_code": Text("The example as code", "示例代码"),
    "example_as_code_intro": Text(
        "The request this page made when the docs were built, ready to copy.",
        "本页在构建文档时发出的请求，可直接复制。"),
    "try_it": Text("Try it", "动手试试"),
    "next_pages": Text("Where to go next", "下一步去哪里"),
    "next_diagram": Text("the [state diagram]({href}): where this answer sits among all the others",
                         "[状态图]({href})：这个结果在所有结果中的位置"),
    "next_flow": Text("[{title}]({href}): the calls that follow, walked end to end",
                      "[{title}]({href})：接下来的调用，完整走一遍"),
    "next_reference": Text("the [reference]({href}) row of `{name}`",
                           "[接口参考]({href})中 `{name}` 这一行"),
    "next_glossary": Text("the [glossary]({href}) for any word this page does not explain",
                          "[术语表]({href})：本页没有解释的词"),
    "home": Text("Home", "首页"),
    "guides": Text("Guides", "入门"),
    "by_status": Text("By status", "按状态"),
    "by_error": Text("By error", "按错误码"),
    "flows": Text("Flows", "后续流程"),
    "reference": Text("Reference", "参考"),
    "reference_page": Text("Reference", "接口参考"),
    "diagram": Text("State diagram", "状态图"),
    "errata": Text("Errata of the vendor page", "厂商文档勘误"),
    "sandbox_choices": Text("Sandbox choices", "沙箱的取舍"),
    "glossary": Text("Glossary", "术语表"),
    "vendor_api": Text("The vendor's pages", "厂商文档"),
    # explorer/__init__.py: a public name used without its extra
    "needs_extra": Text("{name} needs the [{extra}] extra ({missing} is not installed): "
                        "pip install 'weibo-login-explorer[{extra}]'",
                        "{name} 需要安装可选依赖 [{extra}]（未安装 {missing}）："
                        "pip install 'weibo-login-explorer[{extra}]'"),
}


def word(key: str, language: str, **values: str) -> str:
    """``WORDS[key]`` in ``language``, with ``{name}`` placeholders filled from ``values``."""
    text = WORDS[key](language)
    return text.format(**values) if values else text


__all__ = ["ENV_VAR", "LANGUAGES", "WORDS", "add_lang_option", "cli_language", "edition", "from_locale",
           "normalize", "word", "x_l"]
