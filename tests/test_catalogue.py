"""The catalogue of the project's words (``explorer/locale``) and the pseudo-locale test.

* The files are what ``scripts/to_catalogue.py`` makes of today's code: no ``Text(en, zh)`` left to
  convert, the ``.pot`` equal to a fresh extraction (no message missing, none stale), each ``.po``
  updated to it and its ``.mo`` a fresh compile.
* Every Chinese message is translated and keeps the English's ``{placeholders}``.
* The pseudo-locale (``--lang qps``): every surface rendered in it shows no English word that did
  not come through the catalogue. Codes, statuses, header names, identifiers, commands, addresses,
  data and the contract's own API messages (which stay English there, as ``X-L`` is not sent) are
  allowed; any other unmarked word is a string that bypasses the catalogue.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import html.parser
import importlib.util
import re
import string
import sys
from pathlib import Path

import httpx
import pytest

from explorer import catalogue, contract
from explorer.catalogue import PSEUDO, Msg, PMsg, fill, pseudo
from explorer.cli import build_parser, main
from explorer.sandbox.seed import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("to_catalogue", ROOT / "scripts/to_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["to_catalogue"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return _script()


# ------------------------------------------------------------------------------ the files in step
def test_the_catalogue_files_are_what_the_script_makes_of_the_code(script):
    files = script.plan()
    stale = sorted(str(p.relative_to(ROOT)) for p, content in files.items()
                   if not p.is_file() or p.read_bytes() != content)
    assert not stale, ("run python3 scripts/to_catalogue.py (a Text(en, zh) to convert, or the "
                       f"catalogue behind the code): {stale}")


def test_every_chinese_message_is_translated_and_keeps_its_placeholders(script):
    from babel.messages.pofile import read_po

    with (catalogue.LOCALE_DIR / "zh/LC_MESSAGES/explorer.po").open("rb") as handle:
        po = read_po(handle, locale="zh")
    fields = string.Formatter()
    messages = [m for m in po if m.id]
    assert len(messages) > 500
    for m in messages:
        assert m.string.strip(), m.id
        assert not m.fuzzy, m.id
        wanted = sorted(f for _, f, _, _ in fields.parse(m.id) if f is not None)
        assert sorted(f for _, f, _, _ in fields.parse(m.string) if f is not None) == wanted, m.id


def test_a_message_is_said_in_the_language_asked():
    reference = PMsg("reference_page", "Reference")
    assert (Msg("Home")("en"), Msg("Home")("zh-CN"), Msg("Home")(None)) == ("Home", "首页", "Home")
    assert (reference("zh"), PMsg("reference", "Reference")("zh")) == ("接口参考", "参考")
    assert Msg("Home")("fr") == "Home"  # no French catalogue: the English
    said = fill(Msg("the sandbox saw {n} {method} {path}; one is expected"), n=2,
                method="GET", path="/x")
    assert said("en") == "the sandbox saw 2 GET /x; one is expected"
    assert said("zh") == "沙箱收到了 2 次 GET /x；应当只有一次"
    assert catalogue.languages() == ("en", "zh")


def test_the_pseudo_locale_marks_words_and_keeps_what_code_reads():
    marked = pseudo("the [state diagram]({href}) of `{name}`: <code>{url}</code> at "
                    "http://127.0.0.1:8000/ &amp; more")
    assert marked.startswith("⟦") and marked.endswith("⟧")
    for kept in ("]({href})", "`{name}`", "<code>{url}</code>", "http://127.0.0.1:8000/", "&amp;"):
        assert kept in marked
    assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}|<[^>]*>|`[^`]*`|\]\([^)]*\)|"
                                                 r"https?://\S+|&amp;", "", marked))
    assert Msg("Home")(PSEUDO) == "⟦Ĥöɱé⟧"


# ------------------------------------------------------------------------------ the pseudo-locale
def _texts(value, seen):
    """Every ``contract.Text`` reachable from a value of the contract module."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, contract.Text):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), seen)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v, seen)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v, seen)


_CONTRACT_WORDS = sorted({said for v in list(vars(contract).values())
                          for t in _texts(v, set()) for said in (t.en, t.zh)},
                         key=len, reverse=True)
"""The contract's own API messages: they stay English in the pseudo-locale (no X-L is sent)."""

PROPER = {"Weibo", "IDaaS", "JWKS", "JSON", "HTTP", "SQLite", "OK", "Ctrl", "JupyterLab",
          "Graphviz", "alg", "typ", "kid", "sub", "exp", "iat", "nbf", "jti", "cid", "dfp", "aud",
          "iss", "status", getpass.getuser()} | {f["name"] for f in FIXTURES}
"""Names, not words: the same in every language (a fixture's name, a JWT claim's or a decoded
state_token's key, the course's learner: the user running the suite)."""

DATA = sorted({f["title"] for f in FIXTURES}, key=len, reverse=True)
"""The sandbox's data, served by its API (``GET /sandbox/fixtures``) in English: a fixture's
title."""

_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
_CODEISH = re.compile(
    r"\bweibo-explorer(?: +[^\s⟦⟧()（）,，;；]+)*"  # a command and its arguments
    r"|^\W*[A-Za-z][\w-]*: .*$"  # a header line of an exchange: "X-agent: Mozilla/5.0 (...)"
    r"|https?://\S+|\S*[_./:@=<>{}\[\]#$\\]\S*"  # addresses, paths, identifiers, markup
    r"|\S+-\S+|--\S+"  # options and names: social-bind, --lang
    r"|\b[A-Z][A-Z0-9_]+\b"  # codes, statuses, methods
    r"|\b[a-z]+[A-Z]\w*"  # camelCase keys: socialUid
    r"|\b[A-Za-z]+\d\w*|\b\d\w*", re.MULTILINE)  # tokens, digests, sizes


class _Visible(html.parser.HTMLParser):
    """The text a browser shows of an HTML page: not its styles, scripts or code elements."""

    HIDDEN = {"style", "script", "code", "pre", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.parts, self.tag = 0, [], ""

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN
        self.parts.append("\n")
        self.tag = tag

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN
        self.parts.append("\n")
        self.tag = ""

    def handle_data(self, data):
        if self.tag == "th" and re.fullmatch(r"\s*[a-z][A-Za-z0-9_]*\s*", data):
            return  # a key column: a claim's or a field's name (sub, api, mobile)
        if not self.depth:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return "".join(parser.parts)


def unmarked(text: str) -> list[str]:
    """The English words of ``text`` that did not come through the catalogue."""
    for allowed in (*_CONTRACT_WORDS, *DATA):
        text = text.replace(allowed, " ")
    while _MARKED.search(text):  # a marked message may hold another one
        text = _MARKED.sub(" ", text)
    text = _CODEISH.sub(" ", text)
    words = re.findall(r"[A-Za-z][A-Za-z']+", text)
    return [w for w in words if w not in PROPER]


def _leaks(output: str) -> list[str]:
    return [line for line in output.splitlines() if unmarked(line)]


def test_the_checker_finds_an_unmarked_sentence_and_allows_codes_and_marked_words():
    assert unmarked("⟦Ĥöɱé⟧ IDAAS.SDK.PARAM.0001 SUCCESS X-client-id weibo-explorer --lang") == []
    assert unmarked(f"{Msg('Home')(PSEUDO)} {contract.ERRORS['IDAAS.SDK.PARAM.0001'].message.en}") \
        == []
    assert unmarked("⟦Ĥöɱé⟧ and a sentence") == ["and", "sentence"]


@pytest.fixture
def pseudo_terminal(monkeypatch):
    """A terminal whose locale is the pseudo-locale, wide enough that no sentence wraps."""
    monkeypatch.setenv("COLUMNS", "400")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, PSEUDO)


def _said(capsys, argv) -> str:
    main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


# (demo --full's panels add the server's data: claims, JSON, the API's English messages, which no
# allowance tells from words; tests/zh/test_cli_chinese.py reads them in Chinese)
@pytest.mark.parametrize("argv", [["demo", "--brief"], ["demo"], ["fixtures"]], ids=" ".join)
def test_demo_and_fixtures_say_only_catalogue_words_in_the_pseudo_locale(argv, capsys,
                                                                         pseudo_terminal):
    leaks = _leaks(_said(capsys, [*argv, "--lang", PSEUDO]))
    assert not leaks, "\n".join(leaks)


def test_login_says_only_catalogue_words_in_the_pseudo_locale(sandbox, capsys, pseudo_terminal):
    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    said = _said(capsys, ["login", "--fixture", "social-bind", "--base-url", sandbox.base_url])
    said += _said(capsys, ["login", "--base-url", sandbox.base_url, "--client-id", "nobody"])
    assert "⟦" in said and "SOCIAL_BIND" in said and "IDAAS.SDK.PARAM.0003" in said
    leaks = _leaks(said)
    assert not leaks, "\n".join(leaks)


def test_the_course_says_only_catalogue_words_in_the_pseudo_locale(tmp_path, capsys,
                                                                   pseudo_terminal):
    said = ""
    for argv in (["start", "1"], ["list"], ["hint", "1"], ["check", "1"]):
        said += _said(capsys, ["course", *argv, "--dir", str(tmp_path), "--lang", PSEUDO])
    page = _said(capsys, ["course", "report", str(tmp_path), "--out", "-", "--lang", PSEUDO])
    assert "⟦" in said and "<table" in page
    leaks = _leaks(said) + _leaks(visible(page))
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("argv", [
    ["probe", "--base-url", "https://tenant.example", "--client-id", "x", "--dry-run"],
    ["scan", "{dir}"],
], ids=lambda argv: argv[0])
def test_the_probe_and_the_scan_say_only_catalogue_words(argv, tmp_path, capsys,
                                                         pseudo_terminal):
    (tmp_path / "leak.txt").write_text("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc\n")
    said = _said(capsys, [a.format(dir=tmp_path) for a in argv])
    assert not _leaks(said)


# ------------------------------------------------------------------------------ the widgets
def _widget_text(widget, out: list[str]) -> list[str]:
    """What a widget tree shows: labels, placeholders, tooltips, options, tab titles, and the
    visible text of its HTML (not what the user typed: that is data)."""
    import ipywidgets as w

    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            out.append(value)
    if isinstance(widget, w.HTML):
        out.append(visible(widget.value))
    elif isinstance(widget, w.Label):
        out.append(widget.value)
    out.extend(getattr(widget, "_options_labels", ()))
    if isinstance(widget, w.Tab):
        out.extend(widget.titles)
    for child in getattr(widget, "children", ()):
        _widget_text(child, out)
    return out


def test_the_form_and_its_steps_say_only_catalogue_words_in_the_pseudo_locale(sandbox):
    from explorer import LoginForm

    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    form = LoginForm(sandbox.base_url, language=PSEUDO)
    assert form.headers["X-L"].get() is None  # the API is asked in English
    form.fill(preset="user-register").submit()
    step = form.next_step
    step.get_captcha()
    step.fill(mobile="+86-13900007777").solve()
    step.send_code()
    step.read_code()
    step.submit()  # SUCCESS: the session step follows
    form.fill(preset="user-0039").submit()  # an error card
    shown = "\n".join(_widget_text(form.widget, []) + _widget_text(step, []))
    assert "⟦" in shown and "SUCCESS" in shown
    leaks = [line for line in _leaks(shown)
             if line.strip() not in {"curl", "Python (httpx)"}]  # the snippet tabs: tool names
    assert not leaks, "\n".join(leaks)


# ------------------------------------------------------------------------------ the page generator
@pytest.mark.parametrize("page", ["reference", "errata", "diagram"])
def test_the_generated_pages_say_only_catalogue_words_in_the_pseudo_locale(page):
    import markdown
    from mkdocs.utils.meta import get_data

    from explorer.docs import pages

    text = {"reference": lambda: pages.reference_page(PSEUDO),
            "errata": lambda: pages.errata_page(PSEUDO),
            "diagram": lambda: pages.diagram_page({}, None, language=PSEUDO)}[page]()
    text, _ = get_data(text)  # the page's front matter is mkdocs' metadata, not shown
    shown = visible(markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"]))
    assert "⟦" in shown
    assert not _leaks(shown)


@pytest.mark.parametrize("page", ["exercise", "index", "trainer", "nav"])
def test_the_course_pages_say_only_catalogue_words_in_the_pseudo_locale(page, tmp_path):
    import markdown

    from explorer.course.exercises import EXERCISES
    from explorer.docs import course_pages

    nav = course_pages.write(tmp_path, PSEUDO)
    text = {"exercise": lambda: "\n".join(course_pages.exercise_page(e, PSEUDO)
                                          for e in EXERCISES.values()),
            "index": lambda: course_pages.index_page(PSEUDO),
            "trainer": lambda: course_pages.trainer_page(PSEUDO),
            "nav": lambda: "\n".join(title for entry in nav for title in entry)}[page]()
    shown = visible(markdown.markdown(text, extensions=["tables", "fenced_code"]))
    assert "⟦" in shown
    leaks = _leaks(shown)
    assert not leaks, "\n".join(leaks)


def test_the_next_pages_sections_and_the_nav_say_only_catalogue_words():
    from explorer.docs import nextpages
    from explorer.i18n import word

    shown = nextpages.heading(PSEUDO) + "\n" + "\n".join(
        word(key, PSEUDO) for key in ("home", "guides", "by_status", "by_error", "flows",
                                      "reference", "diagram", "errata", "glossary", "course"))
    assert shown.count("⟦") == 11 and not _leaks(shown)


# ------------------------------------------------------------------------------ the site's scripts
def _tryit_page(site: Path, language: str) -> None:
    """One page with a Try-it panel and an origin note, as the page generator writes them, and
    the site's own scripts: no docs build (the real site's Try-it is
    tests/docs/test_real_try_it)."""
    import json as json_

    from explorer.docs import origins, tryit

    fixture = next(f for f in FIXTURES if f["name"] == "social-bind")
    request = fixture["request"]
    recorded = {"url": "http://127.0.0.1:8765" + request["path"], "method": request["method"],
                "request_headers": request["headers"],
                "request_body": json_.dumps(request["body"]), "status_code": 200,
                "response_body": '{"status": "SOCIAL_BIND"}', "arranged": []}
    assets = Path(tryit.__file__).with_name("assets")
    for script in ("tryit.js", "origin.js"):
        (site / script).write_text((assets / script).read_text(encoding="utf-8"), encoding="utf-8")
    (site / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body><div class="md-content">'
        f'{origins.marker(["http://127.0.0.1:8765"], language)}'
        f'<p><code>POST http://127.0.0.1:8765/api/v2/sdk/login/weibo</code></p>'
        f'{tryit.panel("SOCIAL_BIND", "social-bind", recorded, language)}</div>'
        '<script src="tryit.js"></script><script src="origin.js"></script></body></html>',
        encoding="utf-8")


@pytest.mark.parametrize("with_sandbox", [True, False], ids=["live", "replayed"])
def test_try_it_after_a_send_says_only_catalogue_words_in_the_pseudo_locale(tmp_path,
                                                                            with_sandbox):
    from browser import launch

    from explorer.docs.serve import ServedSite
    from explorer.sandbox import SandboxConfig

    _tryit_page(tmp_path, PSEUDO)
    config = SandboxConfig(seed=3, clock="2026-01-01T00:00:00Z") if with_sandbox else None
    with ServedSite(tmp_path, sandbox=config) as served, launch() as browser:
        page = browser.new_page()
        page.goto(served.base_url + "/", wait_until="networkidle")
        page.locator(".wx-tryit-send").click()
        page.wait_for_selector(".wx-tryit[data-mode]")
        mode = page.locator(".wx-tryit").get_attribute("data-mode")
        page.locator(".wx-tryit-request summary").click()  # open what was sent, too
        if with_sandbox:
            page.wait_for_selector("body[data-wx-origin='live']")
        shown = page.locator("body").inner_text()
    assert mode == ("live" if with_sandbox else "replay")
    assert "SOCIAL_BIND" in shown and shown.count("⟦") >= 4
    leaks = _leaks(shown)
    assert not leaks, "\n".join(leaks)


def test_the_script_tells_a_new_translation_from_a_second_use(script):
    here = script.PACKAGE / "x.py"
    rewritten = [script.Found(here, 1, 0, "Home", "主页", "home")]
    known = {(None, "Home"): "首页"}
    # no Msg("Home") is left in the code: the Text is the message's new Chinese
    assert script.contexts_for(rewritten, known, set()) == {(here, 1, 0): None}
    # Msg("Home") still says the old one somewhere: a second use, told apart by its key
    assert script.contexts_for(rewritten, known, {(None, "Home")}) == {(here, 1, 0): "home"}
    with pytest.raises(script.Unconvertible):  # and without a key to be its context: stop
        script.contexts_for([script.Found(here, 1, 0, "Home", "主页", None)], known,
                            {(None, "Home")})


def _command_paths(parser, path=()):
    """Every command line of the parser tree: (), ("course",), ("course", "start"), …"""
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _command_paths(sub, (*path, name))


def _names(parser) -> set[str]:
    """What a help page shows as code, not words: command names, positionals' names, choices."""
    names: set[str] = set()
    for action in parser._actions:
        if not action.option_strings:
            names.add(action.metavar or action.dest)
        names.update(action.choices or ())
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names |= _names(sub)
    return names


def test_every_help_page_says_only_catalogue_words_in_the_pseudo_locale(capsys, pseudo_terminal):
    parser = build_parser()
    pages = {}
    for path in _command_paths(parser):
        with pytest.raises(SystemExit):
            main([*path, "--help"])
        pages[path] = capsys.readouterr().out
    assert len(pages) > 15 and all(page.startswith("⟦ûšåĝé: ⟧") for page in pages.values())
    code = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(_names(parser))))
                      + r")(?![\w-])")
    leaks = {" ".join(path): _leaks(code.sub(" ", _MARKED.sub(" ", page)))  # a message may span
             for path, page in pages.items()}                              # lines (lab's epilog)
    assert not any(leaks.values()), leaks


@pytest.mark.parametrize("argv", [["login", "--bogus"], ["docs", "build", "--engine", "nope"]],
                         ids=" ".join)
def test_argparse_errors_say_only_catalogue_words_in_the_pseudo_locale(argv, capsys,
                                                                       pseudo_terminal):
    with pytest.raises(SystemExit):
        main(argv)
    err = capsys.readouterr().err
    assert "⟦" in err and not _leaks(err), err
