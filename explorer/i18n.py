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
from functools import partial
from typing import Protocol

from .contract import Text, is_chinese

LANGUAGES = ("en", "zh")
"""The two languages of this project: English first, Chinese (简体中文) second."""

ENV_VAR = "WEIBO_EXPLORER_LANG"
"""Set by ``weibo-explorer docs build`` to the edition's language for every notebook kernel."""


def normalize(value: str | None, default: str = "en") -> str:
    """``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"`` → ``"zh"``; ``"en..."`` → ``"en"``; else
    ``default``."""
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
    "sandbox_clock_note": Text("Talking to a sandbox: tokens {clock}, read from GET "
                               "/sandbox/clock, not this machine's clock.",
                               "对方是沙箱：令牌按沙箱时钟检查（{clock}），时间来自 GET "
                               "/sandbox/clock，而不是本机时钟。"),
    "transport_failed": Text("weibo-explorer login: {error}", "weibo-explorer login：{error}"),
    "hint_error": Text("Branch on error_code, never on error_msg (its language follows X-L).",
                       "请根据 error_code 判断，不要根据 error_msg（它的语言随 X-L 变化）。"),
    "meaning": Text("what it means", "含义"),
    "six_outcomes_title": Text("Weibo Login on the sandbox: {n} fixture(s) replayed",
                               "微博登录在沙箱上的结果：重放了 {n} 个场景"),
    "error_codes": Text("{n} documented error codes", "{n} 个文档中的错误码"),
    "error_row": Text("error code", "错误码"),
    "next_title": Text("Next:", "下一步："),
    "next_docs_start": Text("Read a page per outcome: weibo-explorer docs serve --build, then "
                            "open http://127.0.0.1:8000/",
                            "每个结果都有一页文档：运行 weibo-explorer docs serve "
                            "--build，然后打开 http://127.0.0.1:8000/"),
    "next_docs_live": Text("Read a page per outcome, with Try-it: open {url} (中文: {url}zh/)",
                           "每个结果都有一页文档，可以动手试：打开 {url}zh/（English: {url}）"),
    "next_login_start": Text("One outcome from your terminal: weibo-explorer sandbox, then in a "
                             "second terminal: weibo-explorer login --fixture social-bind "
                             "(it talks to {url})",
                             "在终端里看一个结果：先运行 weibo-explorer sandbox，"
                             "再在另一个终端运行 weibo-explorer login --fixture "
                             "social-bind（连接 {url}）"),
    "next_login_live": Text("One outcome from your terminal: weibo-explorer login --fixture "
                            "social-bind --base-url {url}",
                            "在终端里看一个结果：weibo-explorer login --fixture social-bind "
                            "--base-url {url}"),
    "next_course": Text("Learn to write the client yourself: weibo-explorer course start 1",
                        "自己动手写客户端：weibo-explorer course start 1"),
    "serving": Text("Serving {site} at {url}", "正在提供 {site}：{url}"),
    "serving_sandbox": Text("with a sandbox on the same origin.", "沙箱在同一来源上。"),
    "serving_no_sandbox": Text("(no sandbox: Try-it replays recorded answers).",
                               "（没有沙箱：动手试试回放记录下来的响应）。"),
    "ctrl_c": Text("Ctrl+C stops the server.", "按 Ctrl+C 停止服务器。"),
    "serve_port_taken": Text("weibo-explorer docs serve: {error}. Another server (perhaps an "
                             "earlier docs serve) holds that port: stop it, or choose another "
                             "with --port {port}.",
                             "weibo-explorer docs serve：{error}。另一个服务器（也许是之前的 docs "
                             "serve）占用了该端口：请先停止它，或用 --port {port} 换一个端口。"),
    "fixture_needs_sandbox": Text(
        "weibo-explorer login: --fixture needs a sandbox, and nothing at {url} answers GET "
        "/sandbox/clock. Start one: weibo-explorer sandbox (it listens on http://127.0.0.1:8600), "
        "or pass --base-url with the address of yours.",
        "weibo-explorer login：--fixture 需要沙箱，而 {url} 没有响应 GET /sandbox/clock。请先启动"
        "沙箱：weibo-explorer sandbox（监听 http://127.0.0.1:8600），或用 --base-url "
        "指向你的沙箱。"),
    "fixture_names": Text("The fixtures' names: weibo-explorer fixtures",
                          "场景名称列表：weibo-explorer fixtures"),
    "sandbox_port_taken": Text(
        "weibo-explorer sandbox: {host}:{port} is taken ({error}). If a sandbox already runs "
        "there, use it: weibo-explorer login --base-url {url}. Otherwise stop what holds the "
        "port, or choose another: weibo-explorer sandbox --port {next}.",
        "weibo-explorer sandbox：{host}:{port} 已被占用（{error}）。如果那里已经有沙箱在运行，直接"
        "使用它：weibo-explorer login --base-url {url}。否则请停止占用该端口的程序，或换一个端口："
        "weibo-explorer sandbox --port {next}。"),
    "curl_intro": Text("These curl commands talk to a sandbox at {url}: start one first with "
                       "weibo-explorer sandbox (Ctrl+C stops it). Each block resets the tenant, "
                       "arranges it, then logs in.",
                       "这些 curl 命令连接 {url} 上的沙箱：请先运行 weibo-explorer sandbox 启动它"
                       "（Ctrl+C 停止）。每一段都会先重置租户、布置场景，再登录。"),
    "hint_docs": Text("Every outcome has its page: weibo-explorer docs serve --build",
                      "每个结果都有对应页面：weibo-explorer docs serve --build"),
    # explorer.sandbox.tenant_admin.Arrangement, as the docs pages show it
    "arranged": Text("Arranged the sandbox{title}: {n} admin call(s) to <code>{url}</code>",
                     "已布置沙箱{title}：向 <code>{url}</code> 发出 {n} 次管理调用"),
    "arranged_for": Text(" for <code>{name}</code>", "（场景 <code>{name}</code>）"),
    "method": Text("method", "方法"),
    "path": Text("path", "路径"),
    "body": Text("body", "请求体"),
    "status": Text("status", "状态码"),
    # weibo-explorer probe: its bounds (explorer.probe.limits) and the rows a bound writes
    "probe_limits": Text(
        "Limits: each answer at most {answer} (counted after decompression), each request "
        "{request} s, the whole run {run} s, the report {report} — change them with "
        "--max-answer-bytes, --request-seconds, --run-seconds, --max-report-bytes.",
        "上限：每个应答最多读取 {answer}（按解压后的字节计），每个请求 {request} 秒，整次探测 "
        "{run} 秒，报告最大 {report}。可用 --max-answer-bytes、--request-seconds、"
        "--run-seconds、--max-report-bytes 调整。"),
    "probe_bytes": Text("{n} bytes", "{n} 字节"),
    "probe_bad_size": Text("{value} is not a size (e.g. 1048576, 512KiB, 2MiB)",
                           "{value} 不是一个大小（例如 1048576、512KiB、2MiB）"),
    "probe_bad_seconds": Text("--request-seconds and --run-seconds must be more than 0",
                              "--request-seconds 和 --run-seconds 必须大于 0"),
    "probe_bad_answer_cap": Text("--max-answer-bytes must be at least 1 byte",
                                 "--max-answer-bytes 至少为 1 字节"),
    "probe_bad_report_cap": Text("--max-report-bytes must be at least {smallest}: the report's "
                                 "own table needs that much",
                                 "--max-report-bytes 至少为 {smallest}：报告自身的表格就"
                                 "需要这么大"),
    "probe_no_answer": Text("no answer", "没有应答"),
    "probe_not_sent": Text("not sent", "未发送"),
    "probe_unfinished": Text("HTTP {status}, {received} read, unfinished",
                             "HTTP {status}，已读 {received}，应答未结束"),
    "probe_too_large": Text("HTTP {status}, more than {cap}", "HTTP {status}，超过 {cap}"),
    "probe_broken": Text("HTTP {status}, {coding} body broken",
                         "HTTP {status}，{coding} 编码的正文已损坏"),
    "probe_request_deadline": Text(
        "no complete answer within the request's deadline of {seconds} s (--request-seconds); "
        "the probe stopped waiting and judged nothing",
        "在单个请求的时限 {seconds} 秒内没有收到完整应答（--request-seconds）；探测不再等待，"
        "也未做判定"),
    "probe_run_deadline_cut": Text(
        "no complete answer before the run's deadline of {seconds} s (--run-seconds); the probe "
        "stopped waiting and judged nothing",
        "在整次探测的时限 {seconds} 秒之前没有收到完整应答（--run-seconds）；探测不再等待，"
        "也未做判定"),
    "probe_run_deadline_unsent": Text(
        "the run's deadline of {seconds} s (--run-seconds) had passed before this request",
        "发送这个请求之前，整次探测的时限 {seconds} 秒（--run-seconds）已经用完"),
    "probe_cap": Text(
        "the answer is larger than the probe reads: {cap} (--max-answer-bytes, counted after "
        "decompression); the probe stopped reading and judged nothing",
        "应答超过了探测读取的上限 {cap}（--max-answer-bytes，按解压后的字节计）；探测停止读取，"
        "也未做判定"),
    "probe_broken_how": Text("the {coding} encoding of the answer is broken: {error}",
                             "应答的 {coding} 编码已损坏：{error}"),
    "probe_unjudgeable": Text("the probe could not read this answer: {error}",
                              "探测无法读取这个应答：{error}"),
    "probe_report_fitted": Text(
        "The report keeps at most {cap} (--max-report-bytes): the answers it embeds were cut to "
        "fit.",
        "报告最大 {cap}（--max-report-bytes）：为了不超出这个大小，报告中嵌入的应答已被截短。"),
    "probe_not_kept": Text("[not kept: {size}, more than this report's share of {share} per "
                           "answer (--max-report-bytes)]",
                           "［未保留：{size}，超过了报告分给每个应答的 "
                           "{share}（--max-report-bytes）］"),
    "probe_cut_marker": Text("… [cut: {total} in all, the report keeps the first {kept}]",
                             "……［已截断：共 {total}，报告只保留前 {kept}］"),
    # the docs site's own words
    "example_as_code": Text("The example as code", "示例代码"),
    "example_as_code_intro": Text(
        "The request this page made when the docs were built, ready to copy.",
        "本页在构建文档时发出的请求，可直接复制。"),
    "try_it": Text("Try it", "动手试试"),
    # the Try-it panel (explorer/docs/tryit.py, and the words its script says)
    "tryit_title": Text("Send this example", "发送这个示例"),
    "tryit_what": Text("sends this page's request, expects {outcome}",
                       "发送本页的请求，预期 {outcome}"),
    "tryit_what_fixture": Text("sends this page's request (sandbox fixture {fixture}), expects "
                               "{outcome}", "发送本页的请求（沙箱场景 {fixture}），预期 {outcome}"),
    "tryit_send": Text("Send to the sandbox", "发送到沙箱"),
    "tryit_live": Text("Live answer from the sandbox at {origin}.",
                       "来自 {origin} 沙箱的实时响应。"),
    "tryit_replayed": Text(
        "Replayed: no sandbox answered at this origin ({reason}). This is the exchange recorded "
        "when these docs were built; run `weibo-explorer docs serve` to send it live.",
        "回放：这个来源上没有沙箱应答（{reason}）。下面是构建文档时录下的交互；运行 "
        "`weibo-explorer docs serve` 即可实时发送。"),
    "tryit_as_expected": Text("as this page expects", "与本页的预期一致"),
    "tryit_expects": Text("this page expects {outcome}", "本页预期 {outcome}"),
    "tryit_request_sent": Text("Request sent", "发送的请求"),
    "tryit_apart": Text(
        "Replayed: this page shows your tenant's recorded answers and is kept apart from the "
        "sandbox, so it sends nothing. This is the exchange as it was recorded.",
        "回放：本页展示的是你的租户录制下来的应答，与沙箱隔离，因此不发送任何请求。下面是录制时的交互。"),
    # weibo-explorer docs build: its progress and its report
    "progress_notebooks": Text("[{edition}] notebooks {done}/{total}",
                               "[{edition}] 笔记本 {done}/{total}"),
    "progress_pages": Text("[{edition}] pages: {done}/{total} editions built",
                           "[{edition}] 生成页面：已完成 {done}/{total} 个版本"),
    "progress_running": Text("running {names}", "正在运行 {names}"),
    "progress_cells": Text("{name} (cell {done}/{total})", "{name}（第 {done}/{total} 个单元格）"),
    "build_edition": Text("— {edition} edition —", "— {edition} 版 —"),
    "build_unchanged": Text(
        "nothing changed since {out} was built (key {digest}): nothing published, in {seconds} s",
        "自 {out} 上次构建以来输入没有变化（键 {digest}）：未发布任何内容，用时 {seconds} 秒"),
    "build_because": Text("building because of: {why}", "需要构建，原因：{why}"),
    "build_published": Text("published {where}: {seconds} s together",
                            "已发布 {where}：共用时 {seconds} 秒"),
    "build_failed": Text("build failed: {why}; nothing published",
                         "构建失败：{why}；未发布任何内容"),
    "build_built": Text("built {out}", "已构建 {out}"),
    "build_counts": Text("— {ran} ran, {cached} cached, {seconds} s total",
                         "— 运行 {ran} 个，缓存 {cached} 个，共用时 {seconds} 秒"),
    "reason_new": Text("new", "新增"),
    "reason_code_changed": Text("code changed", "代码有改动"),
    "reason_unchanged": Text("unchanged", "未改动"),
    "reason_markdown_re_rendered": Text("markdown re-rendered", "仅重新渲染了 Markdown"),
    "reason_kernel_changed": Text("kernel changed", "内核有变化"),
    "reason_no_site": Text("no site", "还没有站点"),
    "reason_no_recorded_key": Text("no recorded key", "站点没有记录构建键"),
    "reason_changed": Text("{file} changed", "{file} 有改动"),
    "reason_deleted": Text("{file} deleted", "{file} 已删除"),
    "reason_added": Text("{file} added", "{file} 是新增的"),
    "build_columns": Text("notebook|state|why|seconds", "笔记本|状态|原因|秒"),
    "build_states": Text("ran|cached|failed|skipped", "已运行|已缓存|失败|已跳过"),
    "next_pages": Text("Where to go next", "下一步去哪里"),
    "next_diagram": Text("the [state diagram]({href}): where this answer sits among all the others",
                         "[状态图]({href})：这个结果在所有结果中的位置"),
    "next_flow": Text("[{title}]({href}): the calls that follow, walked end to end",
                      "[{title}]({href})：接下来的调用，完整走一遍"),
    "next_reference": Text("the [reference]({href}) row of `{name}`",
                           "[接口参考]({href})中 `{name}` 这一行"),
    "next_glossary": Text("the [glossary]({href}) for any word this page does not explain",
                          "[术语表]({href})：本页没有解释的词"),
    "next_after_status": Text("[{title}]({href}): the answer this flow follows",
                              "[{title}]({href})：这个流程所接的登录结果"),
    "next_happy_flow": Text("[{title}]({href}): the same flow when every step succeeds",
                            "[{title}]({href})：每一步都成功时的同一流程"),
    "next_refused_flow": Text("[{title}]({href}): what this flow refuses, and why",
                              "[{title}]({href})：这个流程会拒绝什么，以及原因"),
    "next_in_section": Text("[{title}]({href}): the next page of this section",
                            "[{title}]({href})：本栏目的下一页"),
    "next_page_diagram": Text("[{title}]({href}): every answer and the calls that follow it",
                              "[{title}]({href})：所有结果及其后续调用"),
    "next_page_reference": Text("[{title}]({href}): the call field by field, every code",
                                "[{title}]({href})：逐个字段的接口说明和全部错误码"),
    "next_page_glossary": Text("[{title}]({href}): the words these pages use",
                               "[{title}]({href})：这些页面用到的术语"),
    "next_page_index": Text("[{title}]({href}): every status, error and flow",
                            "[{title}]({href})：所有状态、错误码和流程"),
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
    "building_docs": Text("Building these docs", "构建本文档"),
    "course": Text("Course", "课程"),
    "testing_page": Text("Use the sandbox in your tests", "在测试中使用沙箱"),
    "redaction_page": Text("Redaction and the publish gate", "脱敏与发布检查"),
    "performance_page": Text("Performance", "性能"),
    "diagram_fit": Text("Fit to window", "适应窗口"),
    "diagram_natural": Text("Actual size", "实际大小"),
    "vendor_api": Text("The vendor's pages", "厂商文档"),
    # the generated pages (explorer.docs.pages): reference, errata, state diagram
    "ref_title": Text("Reference: {summary}", "接口参考：{summary}"),
    "ref_sources": Text(
        "Generated from `explorer/contract.py` when the site was built. **Source** says where each "
        "fact comes from: {seed} the vendor's page for this call, {family} the vendor's pages for "
        "the calls around it, {sandbox} a choice this project made where the vendor is silent "
        "(with its reason). The [glossary](glossary.md#source) says more.",
        "构建站点时由 `explorer/contract.py` 生成。**来源**一栏说明每条信息出自哪里（详见"
        "[术语表](glossary.md#source)）：{seed} 厂商关于本接口的文档，{family} 厂商关于前后相关"
        "接口的文档（api-family），{sandbox} 厂商没有说明、由本项目做出的取舍（附理由）。"),
    "source_seed": Text("the vendor's page", "本接口文档"),
    "source_family": Text("the vendor's other pages", "同系列接口文档"),
    "source_sandbox": Text("the sandbox's choice", "沙箱的取舍"),
    "ref_headers": Text("Request headers", "请求头"),
    "ref_header_columns": Text("Header|Name|Required|Example|Notes|Error when missing",
                               "请求头|名称|必填|示例|说明|缺失时的错误"),
    "ref_body": Text("Request body", "请求体"),
    "ref_body_intro": Text("A JSON object; every field is a string.",
                           "一个 JSON 对象，每个字段都是字符串。"),
    "ref_body_columns": Text("Field|Name|Required|Example|Notes|Error when missing",
                             "字段|名称|必填|示例|说明|缺失时的错误"),
    "yes_no": Text("yes|no", "是|否"),
    "ref_response": Text("Response fields (HTTP 200)", "响应字段（HTTP 200）"),
    "ref_response_columns": Text("Field|Name|Type|Notes", "字段|名称|类型|说明"),
    "ref_statuses": Text("Statuses", "状态"),
    "ref_status_columns": Text("Status|Meaning|Carries|`data` holds|Next step",
                               "状态|含义|携带字段|`data` 内容|下一步"),
    "ref_errors": Text("Errors", "错误"),
    "ref_errors_intro": Text(
        "Every error is `{\"error_code\": \"...\", \"error_msg\": \"...\"}` with the HTTP status "
        "below; `X-L: zh` selects the Chinese message. The rows are in the order the sandbox "
        "checks them: the first failing check answers.",
        "每个错误都是 `{\"error_code\": \"...\", \"error_msg\": \"...\"}`，HTTP 状态码见下表；"
        "`X-L: zh` 选择中文提示。各行按沙箱检查的顺序排列：第一个不通过的检查决定返回哪个错误。"),
    "ref_error_columns": Text("Code|HTTP|Message|Action|Source|Cause",
                              "错误码|HTTP|提示信息|处理建议|来源|原因字段"),
    "ref_follow_up_errors": Text("Errors of the follow-up calls", "后续调用的错误"),
    "ref_why_codes": Text("Why the sandbox adds codes", "沙箱为什么增加错误码"),
    "ref_reasons_source": Text("The reasons, as `explorer/contract.py` gives them:",
                               "理由摘自 `explorer/contract.py`，原文为英文："),
    "errata_intro": Text(
        "Where the vendor's page for this call is wrong or does not add up, these docs say so "
        "instead of copying the mistake or fixing it silently. Each example is shown **verbatim**, "
        "exactly as the page prints it, beside the **corrected** version the sandbox answers; each "
        "correction says why. A correction marked *noted* keeps the value: changing it would fake "
        "a signature. Generated from `explorer/errata.py`.",
        "厂商关于本接口的文档有错误或前后矛盾之处时，本文档会指出来，既不照抄错误，也不悄悄修正。"
        "每个示例都**原样**给出（与厂商页面一字不差），旁边是沙箱实际返回的**更正**版本；每处更正"
        "都说明理由（理由原文为英文）。标为 *noted* 的更正保留原值：改动它等于伪造签名。"
        "由 `explorer/errata.py` 生成。"),
    "errata_items": Text("What does not add up", "对不上的地方"),
    "errata_verbatim": Text("Verbatim (vendor page)", "原样（厂商文档）"),
    "errata_corrected": Text("Corrected", "更正后"),
    "errata_table": Text("The error table", "错误表"),
    "errata_columns": Text("Item|What|The page shows|These docs show|Why|",
                           "条目|内容|厂商文档|本文档|理由|"),
    "errata_new": Text("new", "新增"),
    "errata_fixed": Text("fixed", "已更正"),
    "diagram_intro": Text(
        "What one call to the Weibo login can answer, and the calls that follow each answer. "
        "Click a status to open its page, a red dashed edge to open the flow that shows that "
        "error. Drawn by Graphviz when the site was built, from the statuses of "
        "`explorer/contract.py` and the follow-up calls of the vendor's pages. Shown whole, "
        "fitted to the window; **Actual size** shows it at full size, to pan by scrolling inside "
        "the frame.",
        "一次微博登录调用可能返回的结果，以及每个结果之后的调用。点击状态即可打开对应页面，"
        "点击红色虚线打开演示该错误的流程。构建站点时由 Graphviz 根据 `explorer/contract.py` 的"
        "状态和厂商文档中的后续调用绘制。整张图按窗口大小显示；点击**实际大小**可按原始尺寸查看，"
        "在框内滚动即可平移。"),
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


class Say(Protocol):
    """``word`` with its language bound: ``say(key, **values)``."""

    def __call__(self, key: str, /, **values: str) -> str: ...


def words_in(language: str) -> Say:
    """``word`` bound to ``language``, for a function that says many things in one language."""
    return partial(word, language=language)


__all__ = ["ENV_VAR", "LANGUAGES", "WORDS", "add_lang_option", "cli_language",
           "edition", "from_locale",
           "normalize", "word", "x_l"]
