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

from .catalogue import PSEUDO, Msg, PMsg, Words, code_of, translate
from .contract import is_chinese

LANGUAGES = ("en", "zh")
"""The two languages of this project: English first, Chinese (简体中文) second."""

LANG_CHOICES = (*LANGUAGES, PSEUDO)
"""What ``--lang`` accepts: the languages, and the tests' pseudo-locale."""

LANG_METAVAR = "{" + ",".join(LANGUAGES) + "}"
"""What ``--help`` shows ``--lang`` accepts: the pseudo-locale is for tests, not listed."""

ENV_VAR = "WEIBO_EXPLORER_LANG"
"""Set by ``weibo-explorer docs build`` to the edition's language for every notebook kernel."""


def normalize(value: str | None, default: str = "en") -> str:
    """``"zh"``, ``"zh-CN"``, ``"zh_CN.UTF-8"`` → ``"zh"``; ``"en..."`` → ``"en"``; another of
    ``LANGUAGES`` or the pseudo-locale (``"qps"``, for tests) → itself; else ``default``."""
    if value and is_chinese(value):
        return "zh"
    code = code_of(value)
    if code == PSEUDO or (code != "en" and code in LANGUAGES):
        return code
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


def add_lang_option(parser: object, said: str = "en") -> None:
    """``--lang en|zh`` on an argparse parser: the output's language and the request's X-L;
    its help said in ``said``."""
    parser.add_argument(  # type: ignore[attr-defined]
        "--lang", choices=LANG_CHOICES, metavar=LANG_METAVAR, default=None,
        help=Msg("language of the output and of the API's messages (X-L: zh); "
                 "default: from LANG/LC_ALL (zh_CN.UTF-8 → zh), else en")(said))


def x_l(language: str) -> str | None:
    """The ``X-L`` header a client sends for ``language``: none for English (the API's default,
    as the vendor's example sends it), ``zh`` for Chinese."""
    return "zh" if language == "zh" else None


WORDS: dict[str, Words] = {
    # weibo-explorer demo / login
    "fixture": Msg("fixture"),
    "expected": Msg("expected"),
    "got": Msg("got"),
    "summary_title": Msg("Weibo Login on {host}"),
    "outcomes_title": Msg("Weibo Login on a sandbox at {host}: {n} outcomes"),
    "outcome": Msg("outcome"),
    "what_happens": Msg("what happens"),
    "as_expected": Msg("as expected"),
    "demo_caption": Msg("one alone: weibo-explorer demo --only NAME · against your own sandbox: "
                        "weibo-explorer login --fixture NAME"),
    "all_as_expected": Msg("every outcome as its fixture expects"),
    "differs": Msg("{n} outcome(s) differ from their fixture"),
    "sandbox_clock_note": Msg("Talking to a sandbox: tokens {clock}, read from GET "
                              "/sandbox/clock, not this machine's clock."),
    "transport_failed": Msg("weibo-explorer login: {error}"),
    "hint_error": Msg("Branch on error_code, never on error_msg (its language follows X-L)."),
    "meaning": Msg("what it means"),
    "six_outcomes_title": Msg("Weibo Login on the sandbox: {n} fixture(s) replayed"),
    "error_codes": Msg("{n} documented error codes"),
    "error_row": Msg("error code"),
    "next_title": Msg("Next:"),
    "next_docs_start": Msg("Read a page per outcome: weibo-explorer docs serve --build, then "
                           "open http://127.0.0.1:8000/"),
    "next_docs_live": Msg("Read a page per outcome, with Try-it: open {url} (中文: {url}zh/)"),
    "next_login_start": Msg("One outcome from your terminal: weibo-explorer sandbox, then in a "
                            "second terminal: weibo-explorer login --fixture social-bind "
                            "(it talks to {url})"),
    "next_login_live": Msg("One outcome from your terminal: weibo-explorer login --fixture "
                           "social-bind --base-url {url}"),
    "next_course": Msg("Learn to write the client yourself: weibo-explorer course start 1"),
    "serving": Msg("Serving {site} at {url}"),
    "serve_not_loopback": Msg("{host} is not a loopback address; the docs and their sandbox are "
                              "served on 127.0.0.1 only"),
    "serve_no_site": Msg("no built site in {site}/; run 'weibo-explorer docs build' first (or "
                         "pass --build)"),
    "serving_sandbox": Msg("with a sandbox on the same origin."),
    "serving_no_sandbox": Msg("(no sandbox: Try-it replays recorded answers)."),
    "ctrl_c": Msg("Ctrl+C stops the server."),
    "serve_port_taken": Msg("weibo-explorer docs serve: {error}. Another server (perhaps an "
                            "earlier docs serve) holds that port: stop it, or choose another "
                            "with --port {port}."),
    "fixture_needs_sandbox": Msg(
        "weibo-explorer login: --fixture needs a sandbox, and nothing at {url} answers GET "
       "/sandbox/clock. Start one: weibo-explorer sandbox (it listens on http://127.0.0.1:8600), "
       "or pass --base-url with the address of yours."),
    "fixture_names": Msg("The fixtures' names: weibo-explorer fixtures"),
    "sandbox_port_taken": Msg(
        "weibo-explorer sandbox: {host}:{port} is taken ({error}). If a sandbox already runs "
       "there, use it: weibo-explorer login --base-url {url}. Otherwise stop what holds the "
       "port, or choose another: weibo-explorer sandbox --port {next}."),
    "curl_intro": Msg("These curl commands talk to a sandbox at {url}: start one first with "
                      "weibo-explorer sandbox (Ctrl+C stops it). Each block resets the tenant, "
                      "arranges it, then logs in."),
    "arranged_fixture": Msg("Arranged {name}: {title}"),
    "device_ip_note": Msg(
        "X-device-ip {ip}: {denied}, so the device's address did not change the outcome. For "
       "ACCESS_DENIED: --fixture access-denied, or PUT /sandbox/policy "
       "{{\"deny_ips\": [\"192.168.1.0/24\"]}}."),
    "device_ip_denied": Msg("the sandbox denies these networks: {ranges}"),
    "device_ip_none": Msg("the sandbox denies these networks: none"),
    "device_ip_unsent": Msg("(not sent)"),
    "fixtures_title": Msg("Docs fixtures"),
    "fixtures_name": Msg("name"),
    "fixtures_arranges": Msg("what it arranges"),
    "fixtures_docs_data": Msg("docs data"),
    "fixtures_no_sandbox": Msg("{url} gave no fixtures ({error}); is it a sandbox "
                               "(`weibo-explorer sandbox`)?"),
    "hint_docs": Msg("Every outcome has its page: weibo-explorer docs serve --build"),
    # explorer/docs/origins.py: where a page's examples were recorded (origin.js fills {here})
    "recorded_note": Msg(
        "Recorded when these docs were built, against the build-time sandbox at {shown} (it ran "
       "only during the build). Served by <code>weibo-explorer docs serve</code>, every address "
       "on this page becomes the page's own origin, where a live sandbox answers."),
    "recorded_live": Msg(
        "Served by weibo-explorer docs serve: every address on this page is this page's own "
       "origin, {here}, where a live sandbox answers (recorded at build time against "
       "{recorded})."),
    # explorer.sandbox.tenant_admin.Arrangement, as the docs pages show it
    "arranged": Msg("Arranged the sandbox{title}: {n} admin call(s) to <code>{url}</code>"),
    "arranged_for": Msg(" for <code>{name}</code>"),
    "method": Msg("method"),
    "path": Msg("path"),
    "body": Msg("body"),
    "status": Msg("status"),
    # weibo-explorer probe: its bounds (explorer.probe.limits) and the rows a bound writes
    "probe_limits": Msg(
        "Limits: each answer at most {answer} (counted after decompression), each request "
       "{request} s, the whole run {run} s, the report {report} — change them with "
       "--max-answer-bytes, --request-seconds, --run-seconds, --max-report-bytes."),
    "probe_bytes": Msg("{n} bytes"),
    "probe_bad_size": Msg("{value} is not a size (e.g. 1048576, 512KiB, 2MiB)"),
    "probe_bad_seconds": Msg("--request-seconds and --run-seconds must be more than 0"),
    "probe_bad_answer_cap": Msg("--max-answer-bytes must be at least 1 byte"),
    "probe_bad_report_cap": Msg("--max-report-bytes must be at least {smallest}: the report's "
                                "own table needs that much"),
    "probe_no_answer": Msg("no answer"),
    "probe_not_sent": Msg("not sent"),
    "probe_unfinished": Msg("HTTP {status}, {received} read, unfinished"),
    "probe_too_large": Msg("HTTP {status}, more than {cap}"),
    "probe_broken": Msg("HTTP {status}, {coding} body broken"),
    "probe_request_deadline": Msg(
        "no complete answer within the request's deadline of {seconds} s (--request-seconds); "
       "the probe stopped waiting and judged nothing"),
    "probe_run_deadline_cut": Msg(
        "no complete answer before the run's deadline of {seconds} s (--run-seconds); the probe "
       "stopped waiting and judged nothing"),
    "probe_run_deadline_unsent": Msg(
        "the run's deadline of {seconds} s (--run-seconds) had passed before this request"),
    "probe_cap": Msg(
        "the answer is larger than the probe reads: {cap} (--max-answer-bytes, counted after "
       "decompression); the probe stopped reading and judged nothing"),
    "probe_broken_how": Msg("the {coding} encoding of the answer is broken: {error}"),
    "probe_unjudgeable": Msg("the probe could not read this answer: {error}"),
    "probe_report_fitted": Msg(
        "The report keeps at most {cap} (--max-report-bytes): the answers it embeds were cut to "
       "fit."),
    "probe_not_kept": Msg("[not kept: {size}, more than this report's share of {share} per "
                          "answer (--max-report-bytes)]"),
    "probe_cut_marker": Msg("… [cut: {total} in all, the report keeps the first {kept}]"),
    # the docs site's own words
    "example_as_code": Msg("The example as code"),
    "example_as_code_intro": Msg(
        "The request this page made when the docs were built, ready to copy."),
    "try_it": Msg("Try it"),
    # the Try-it panel (explorer/docs/tryit.py, and the words its script says)
    "tryit_title": Msg("Send this example"),
    "tryit_what": Msg("sends this page's request, expects {outcome}"),
    "tryit_what_fixture": Msg("sends this page's request (sandbox fixture {fixture}), expects "
                              "{outcome}"),
    "tryit_send": Msg("Send to the sandbox"),
    "tryit_live": Msg("Live answer from the sandbox at {origin}."),
    "tryit_replayed": Msg(
        "Replayed: no sandbox answered at this origin ({reason}). This is the exchange recorded "
       "when these docs were built; run `weibo-explorer docs serve` to send it live."),
    "tryit_as_expected": Msg("as this page expects"),
    "tryit_expects": Msg("this page expects {outcome}"),
    "tryit_request_sent": Msg("Request sent"),
    "tryit_apart": Msg(
        "Replayed: this page shows your tenant's recorded answers and is kept apart from the "
       "sandbox, so it sends nothing. This is the exchange as it was recorded."),
    "tryit_no_state": Msg("this page recorded no sandbox state and names no fixture"),
    "tryit_answered": Msg("{call} answered HTTP {status}"),
    "tryit_no_fixture": Msg("the sandbox has no fixture named {fixture}"),
    "tryit_as_file": Msg("the page was opened as a file"),
    # weibo-explorer docs build: its progress and its report
    "progress_notebooks": Msg("[{edition}] notebooks {done}/{total}"),
    "progress_pages": Msg("[{edition}] pages: {done}/{total} editions built"),
    "progress_running": Msg("running {names}"),
    "progress_cells": Msg("{name} (cell {done}/{total})"),
    "build_edition": Msg("— {edition} edition —"),
    "build_unchanged": Msg(
        "nothing changed since {out} was built (key {digest}): nothing published, in {seconds} s"),
    "build_because": Msg("building because of: {why}"),
    "build_published": Msg("published {where}: {seconds} s together"),
    "build_failed": Msg("build failed: {why}; nothing published"),
    "build_notebooks_failed": Msg("{n} notebook(s) failed: {names}"),
    "build_coverage_missing": Msg("coverage gate: missing {missing}"),
    "build_coverage_none": Msg("coverage gate: no executed expect() for {missing}"),
    "build_publish_gate": Msg("publish gate: {n} unredacted-looking value(s): {found}"),
    "build_no_site_builder": Msg("the site builder is not available: {error}"),
    "build_site_failed": Msg("site build failed: {error}"),
    "build_edition_failed": Msg("the {edition} edition: {why}"),
    "coverage_title": Msg("coverage"),
    "coverage_outcome": Msg("outcome"),
    "coverage_where": Msg("asserted in"),
    "coverage_missing": Msg("missing"),
    "build_built": Msg("built {out}"),
    "build_counts": Msg("— {ran} ran, {cached} cached, {seconds} s total"),
    "reason_new": Msg("new"),
    "reason_code_changed": Msg("code changed"),
    "reason_unchanged": Msg("unchanged"),
    "reason_markdown_re_rendered": Msg("markdown re-rendered"),
    "reason_kernel_changed": Msg("kernel changed"),
    "reason_no_site": Msg("no site"),
    "reason_no_recorded_key": Msg("no recorded key"),
    "reason_changed": Msg("{file} changed"),
    "reason_deleted": Msg("{file} deleted"),
    "reason_added": Msg("{file} added"),
    "build_columns": Msg("notebook|state|why|seconds"),
    "build_states": Msg("ran|cached|failed|skipped"),
    "next_pages": Msg("Where to go next"),
    "next_diagram": Msg("the [state diagram]({href}): where this answer sits among all the others"),
    "next_flow": Msg("[{title}]({href}): the calls that follow, walked end to end"),
    "next_reference": Msg("the [reference]({href}) row of `{name}`"),
    "next_glossary": Msg("the [glossary]({href}) for any word this page does not explain"),
    "next_after_status": Msg("[{title}]({href}): the answer this flow follows"),
    "next_happy_flow": Msg("[{title}]({href}): the same flow when every step succeeds"),
    "next_refused_flow": Msg("[{title}]({href}): what this flow refuses, and why"),
    "next_in_section": Msg("[{title}]({href}): the next page of this section"),
    "next_page_diagram": Msg("[{title}]({href}): every answer and the calls that follow it"),
    "next_page_reference": Msg("[{title}]({href}): the call field by field, every code"),
    "next_page_glossary": Msg("[{title}]({href}): the words these pages use"),
    "next_page_index": Msg("[{title}]({href}): every status, error and flow"),
    "home": Msg("Home"),
    "guides": Msg("Guides"),
    "by_status": Msg("By status"),
    "by_error": Msg("By error"),
    "flows": Msg("Flows"),
    "reference": PMsg("reference", "Reference"),
    "reference_page": PMsg("reference_page", "Reference"),
    "diagram": Msg("State diagram"),
    "errata": Msg("Errata of the vendor page"),
    "sandbox_choices": Msg("Sandbox choices"),
    "glossary": Msg("Glossary"),
    "building_docs": Msg("Building these docs"),
    "course": Msg("Course"),
    "testing_page": Msg("Use the sandbox in your tests"),
    "redaction_page": Msg("Redaction and the publish gate"),
    "performance_page": Msg("Performance"),
    "diagram_fit": Msg("Fit to window"),
    "diagram_natural": Msg("Actual size"),
    "vendor_api": Msg("The vendor's pages"),
    # the generated pages (explorer.docs.pages): reference, errata, state diagram
    "ref_title": Msg("Reference: {summary}"),
    "ref_sources": Msg(
        "Generated from `explorer/contract.py` when the site was built. **Source** says where each "
       "fact comes from: {seed} the vendor's page for this call, {family} the vendor's pages for "
       "the calls around it, {sandbox} a choice this project made where the vendor is silent "
       "(with its reason). The [glossary](glossary.md#source) says more."),
    "source_seed": Msg("the vendor's page"),
    "source_family": Msg("the vendor's other pages"),
    "source_sandbox": Msg("the sandbox's choice"),
    "ref_headers": Msg("Request headers"),
    "ref_header_columns": Msg("Header|Name|Required|Example|Notes|Error when missing"),
    "ref_body": Msg("Request body"),
    "ref_body_intro": Msg("A JSON object; every field is a string."),
    "ref_body_columns": Msg("Field|Name|Required|Example|Notes|Error when missing"),
    "yes_no": Msg("yes|no"),
    "ref_response": Msg("Response fields (HTTP 200)"),
    "ref_response_columns": Msg("Field|Name|Type|Notes"),
    "ref_statuses": Msg("Statuses"),
    "ref_status_columns": Msg("Status|Meaning|Carries|`data` holds|Next step"),
    "ref_errors": Msg("Errors"),
    "ref_errors_intro": Msg(
        "Every error is `{\"error_code\": \"...\", \"error_msg\": \"...\"}` with the HTTP status "
       "below; `X-L: zh` selects the Chinese message. The rows are in the order the sandbox "
       "checks them: the first failing check answers."),
    "ref_error_columns": Msg("Code|HTTP|Message|Action|Source|Cause"),
    "ref_follow_up_errors": Msg("Errors of the follow-up calls"),
    "ref_why_codes": Msg("Why the sandbox adds codes"),
    "ref_reasons_source": Msg("The reasons, as `explorer/contract.py` gives them:"),
    "errata_intro": Msg(
        "Where the vendor's page for this call is wrong or does not add up, these docs say so "
       "instead of copying the mistake or fixing it silently. Each example is shown **verbatim**, "
       "exactly as the page prints it, beside the **corrected** version the sandbox answers; each "
       "correction says why. A correction marked *noted* keeps the value: changing it would fake "
       "a signature. Generated from `explorer/errata.py`."),
    "errata_items": Msg("What does not add up"),
    "errata_verbatim": Msg("Verbatim (vendor page)"),
    "errata_corrected": Msg("Corrected"),
    "errata_table": Msg("The error table"),
    "errata_columns": Msg("Item|What|The page shows|These docs show|Why|"),
    "errata_new": Msg("new"),
    "errata_fixed": Msg("fixed"),
    "diagram_intro": Msg(
        "What one call to the Weibo login can answer, and the calls that follow each answer. "
       "Click a status to open its page, a red dashed edge to open the flow that shows that "
       "error. Drawn by Graphviz when the site was built, from the statuses of "
       "`explorer/contract.py` and the follow-up calls of the vendor's pages. Shown whole, "
       "fitted to the window; **Actual size** shows it at full size, to pan by scrolling inside "
       "the frame."),
    # explorer/__init__.py: a public name used without its extra
    "needs_extra": Msg("{name} needs the [{extra}] extra ({missing} is not installed): "
                       "pip install 'weibo-login-explorer[{extra}]'"),
}


def fixture_title(fixture: Mapping[str, object], language: str) -> str:
    """A docs fixture's title in ``language``. The sandbox sends its English ``title`` (a
    catalogue message of ``explorer/sandbox``) and, for Chinese, ``title_zh``; any other language
    (the pseudo-locale included) asks the catalogue for the English title."""
    if language == "zh" and fixture.get("title_zh"):
        return str(fixture["title_zh"])
    english = str(fixture.get("title") or "")
    return translate(english, language) if english else ""


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


__all__ = ["ENV_VAR", "LANGUAGES", "LANG_CHOICES", "LANG_METAVAR", "WORDS", "add_lang_option",
           "cli_language", "edition", "fixture_title", "from_locale",
           "normalize", "word", "x_l"]
