"""Move the project's words into the gettext catalogue, and keep the catalogue's files in step.

    python3 scripts/to_catalogue.py            # convert, extract, update the .po files, compile
    python3 scripts/to_catalogue.py --check    # change nothing; exit 1 if a step would
                                               # change a file

1. *Convert*: every ``Text("English", "中文")`` under ``explorer/`` outside ``contract.py`` (the
   API's own bilingual messages, which stay ``Text``) becomes ``Msg("English")``, and its Chinese
   goes into ``explorer/locale/zh/LC_MESSAGES/explorer.po``. Where one English string already
   has another Chinese translation (in the ``.po`` or elsewhere in the code), the message gets a
   context: ``PMsg("key", "English")``, the key being the dict key or the name it is assigned to.
   Both arguments must be string literals (implicit concatenation is fine; f-strings are not:
   a catalogue message is a template, filled with ``str.format`` after the lookup). Anything else
   stops the script, naming the file and line, before it writes a byte.
2. *Extract*: ``explorer/locale/explorer.pot`` from every ``Msg("...")`` and ``PMsg("ctx", "...")``
   in the code (Babel's Python extractor over ``explorer/**.py``, keywords ``KEYWORDS``).
3. *Update*: each ``explorer/locale/<language>/LC_MESSAGES/explorer.po`` from the template: new
   messages added (with the Chinese the conversion found), stale ones dropped.
4. *Compile*: each ``.po`` to its ``.mo``, which ``explorer.catalogue`` reads at run time.

Deterministic and idempotent: files are written sorted, without source locations or dates, and a
second run changes nothing. Needs libcst and Babel (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import subprocess
import sys
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

with warnings.catch_warnings():  # libcst 1.0 still defines TypedDicts through mypy_extensions
    warnings.simplefilter("ignore", DeprecationWarning)
    import libcst as cst
    import libcst.matchers as m
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from libcst.metadata import ParentNodeProvider, PositionProvider

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "explorer"
LOCALE = PACKAGE / "locale"
DOMAIN = "explorer"
KEEP_TEXT = {PACKAGE / "contract.py"}
"""The API's own bilingual messages: they stay ``Text(en, zh)``."""
API_MESSAGE_TYPES = {"ErrorCode"}
"""The contract's types whose ``Text`` arguments are an API's messages (the sandbox admin API's
error codes, ``explorer/sandbox/admin_schema.py``): those stay ``Text`` wherever they are."""
KEYWORDS = {"Msg": None, "N_": None, "PMsg": ((1, "c"), 2)}
"""Babel's keyword specs: ``Msg(msgid)``, ``PMsg(msgctxt, msgid)``."""
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""The header's dates, fixed so that the files change only when their messages do."""
PROJECT, VERSION = "weibo-login-explorer", "0.1"


class Unconvertible(Exception):
    """A ``Text(...)`` the script cannot turn into a catalogue message."""


@dataclass(frozen=True)
class Found:
    path: Path
    line: int
    column: int
    english: str
    chinese: str
    key: str | None


# ----------------------------------------------------------------------------------- 1. convert
def _literal(node: cst.BaseExpression, where: str) -> str:
    """The value of a string literal (implicit concatenation included); refuse anything else."""
    if isinstance(node, cst.SimpleString):
        if "b" in node.prefix.lower():
            raise Unconvertible(f"{where}: a bytes literal")
        value = ast.literal_eval(node.value)
        assert isinstance(value, str)
        return value
    if isinstance(node, cst.ConcatenatedString):
        return _literal(node.left, where) + _literal(node.right, where)
    if isinstance(node, cst.FormattedString):
        raise Unconvertible(f"{where}: an f-string; write a {{placeholder}} and .format() after")
    raise Unconvertible(f"{where}: not a string literal ({type(node).__name__})")


def _is_text_call(node: cst.Call) -> bool:
    return isinstance(node.func, cst.Name) and node.func.value == "Text"


class _Finder(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (ParentNodeProvider, PositionProvider)

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[Found] = []
        self.problems: list[str] = []

    def visit_Call(self, node: cst.Call) -> None:
        if not _is_text_call(node) or self._api_message(node):
            return
        start = self.get_metadata(PositionProvider, node).start
        line = start.line
        where = f"{self.path.relative_to(ROOT)}:{line}"
        try:
            if len(node.args) != 2 or any(a.keyword or a.star for a in node.args):
                raise Unconvertible(f"{where}: Text() needs two positional arguments here")
            english = _literal(node.args[0].value, where)
            chinese = _literal(node.args[1].value, where)
        except Unconvertible as problem:
            self.problems.append(str(problem))
            return
        self.found.append(Found(self.path, line, start.column, english, chinese, self._key(node)))

    def _api_message(self, node: cst.Call) -> bool:
        parent = self.get_metadata(ParentNodeProvider, node)
        if not isinstance(parent, cst.Arg):
            return False
        call = self.get_metadata(ParentNodeProvider, parent)
        return (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
                and call.func.value in API_MESSAGE_TYPES)

    def _key(self, node: cst.CSTNode) -> str | None:
        """The name a message is known by: its dict key, or the name it is assigned to."""
        parent = self.get_metadata(ParentNodeProvider, node)
        if isinstance(parent, cst.DictElement) and isinstance(parent.key, cst.SimpleString):
            key = ast.literal_eval(parent.key.value)
            return key if isinstance(key, str) else None
        if isinstance(parent, cst.DictElement) and isinstance(parent.key, cst.Integer):
            return f"{self.path.stem}_{parent.key.value}"
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            return target.value if isinstance(target, cst.Name) else None
        if isinstance(parent, cst.AnnAssign) and isinstance(parent.target, cst.Name):
            return parent.target.value
        if isinstance(parent, cst.Arg) and parent.keyword is not None:
            grand = self.get_metadata(ParentNodeProvider, parent)
            if isinstance(grand, cst.Call):
                return self._key(grand)
        return None


def _unindent(node: cst.BaseExpression, by: int) -> cst.BaseExpression:
    """Continuation lines of an implicitly concatenated string moved ``by`` columns left, so they
    stay aligned under the shorter call."""
    class Shift(cst.CSTTransformer):
        def leave_ParenthesizedWhitespace(
                self, original: cst.ParenthesizedWhitespace,
                updated: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
            spaces = updated.last_line.value
            if len(spaces) > by and spaces.strip() == "":
                return updated.with_changes(last_line=cst.SimpleWhitespace(spaces[by:]))
            return updated
    result = node.visit(Shift())
    assert isinstance(result, cst.BaseExpression)
    return result


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, contexts: dict[tuple[int, int], str | None]) -> None:
        self.contexts = contexts  # (line, column) → context (None: plain Msg)
        self.used: set[str] = set()

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not _is_text_call(original):
            return updated
        start = self.get_metadata(PositionProvider, original).start
        if (start.line, start.column) not in self.contexts:  # an API's message: stays Text
            return updated
        context = self.contexts[start.line, start.column]
        english = updated.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        if context is None:
            self.used.add("Msg")
            english = english.with_changes(value=_unindent(english.value, 1))
            return updated.with_changes(func=cst.Name("Msg"), args=[english])
        self.used.add("PMsg")
        return updated.with_changes(func=cst.Name("PMsg"), args=[
            cst.Arg(cst.SimpleString(json.dumps(context, ensure_ascii=False))), english])


class _Annotations(cst.CSTTransformer):
    """``Text`` in annotations becomes ``Words`` (what says itself in a language: a ``Msg``, a
    ``Filled`` one, the contract's ``Text``) in a module that no longer builds a ``Text``."""

    def __init__(self) -> None:
        self.depth = 0
        self.used = False

    def visit_Annotation(self, node: cst.Annotation) -> None:
        self.depth += 1

    def leave_Annotation(self, original: cst.Annotation,
                         updated: cst.Annotation) -> cst.Annotation:
        self.depth -= 1
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if self.depth and updated.value == "Text":
            self.used = True
            return updated.with_changes(value="Words")
        return updated


class _Imports(cst.CSTTransformer):
    """Drop ``Text`` from ``from ..contract import`` when unused; import ``Msg``/``PMsg``."""

    def __init__(self, relative: int, needed: set[str], drop_text: bool) -> None:
        self.relative, self.needed, self.drop_text = relative, needed, drop_text
        self.done = False

    def leave_ImportFrom(self, original: cst.ImportFrom,
                         updated: cst.ImportFrom) -> cst.ImportFrom | cst.RemovalSentinel:
        module = updated.module
        name = module.value if isinstance(module, cst.Name) else None
        if name == "catalogue" and len(updated.relative) == self.relative \
                and not isinstance(updated.names, cst.ImportStar):
            have = {a.name.value for a in updated.names if isinstance(a.name, cst.Name)}
            self.done = True
            return updated.with_changes(names=[cst.ImportAlias(cst.Name(n))
                                               for n in sorted(have | self.needed)])
        if name == "contract" and self.drop_text and not isinstance(updated.names, cst.ImportStar):
            kept = [a for a in updated.names
                    if not (isinstance(a.name, cst.Name) and a.name.value == "Text")]
            if not kept:
                return cst.RemoveFromParent()
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(names=kept)
        return updated

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if self.done or not self.needed:
            return updated
        line = cst.parse_statement(
            f"from {'.' * self.relative}catalogue import {', '.join(sorted(self.needed))}\n")
        body = list(updated.body)
        at = 0  # after the last top-level import (isort puts it in place afterwards)
        for i, statement in enumerate(body):
            if isinstance(statement, cst.SimpleStatementLine) and isinstance(
                    statement.body[0], cst.Import | cst.ImportFrom):
                at = i + 1
        return updated.with_changes(body=[*body[:at], line, *body[at:]])


def _names(module: cst.Module, name: str) -> int:
    class Count(cst.CSTVisitor):
        n = 0

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            return False

        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                Count.n += 1
    Count.n = 0
    module.visit(Count())
    return Count.n


def _imports_contract_text(text: str) -> bool:
    """Whether a module imports ``Text`` from the contract (not rich's or ipywidgets')."""
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "contract" \
                and any(a.name == "Text" and a.asname is None for a in node.names):
            return True
    return False


def _names_called(module: cst.Module, name: str) -> int:
    """How many calls of the bare name ``name`` (not ``w.Text(...)``) a module makes."""
    return len(m.findall(module, m.Call(func=m.Name(name))))


def sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path not in KEEP_TEXT:
            yield path


def find_all() -> tuple[dict[Path, cst.Module], list[Found]]:
    modules: dict[Path, cst.Module] = {}
    found: list[Found] = []
    problems: list[str] = []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        if "Text(" not in text or not _imports_contract_text(text):
            continue
        module = cst.parse_module(text)
        finder = _Finder(path)
        cst.MetadataWrapper(module, unsafe_skip_copy=True).visit(finder)
        if finder.found or finder.problems:
            modules[path] = module
        found += finder.found
        problems += finder.problems
    if problems:
        raise Unconvertible("cannot convert, change these by hand first:\n  "
                            + "\n  ".join(problems))
    return modules, found


def contexts_for(found: list[Found], known: dict[tuple[str | None, str], str],
                 in_code: set[tuple[str | None, str]] | None = None
                 ) -> dict[tuple[Path, int, int], str | None]:
    """A context for each message whose English has more than one Chinese translation.

    The ``.po``'s translation of an English (``known``) competes only while some ``Msg`` in the
    code (``in_code``) still says that English: when none does, the ``Text`` being converted is
    that message's new translation (someone rewrote its Chinese), not a second use of it."""
    translations: dict[str, set[str]] = defaultdict(set)
    for f in found:
        translations[f.english].add(f.chinese)
    for (context, english), chinese in known.items():
        if context is None and english in translations and (
                in_code is None or (None, english) in in_code):
            translations[english].add(chinese)
    out: dict[tuple[Path, int, int], str | None] = {}
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for f in found:
        if len(translations[f.english]) == 1:
            out[f.path, f.line, f.column] = None
            continue
        if f.key is None:
            problems.append(f"{f.path.relative_to(ROOT)}:{f.line}: {f.english!r} has several "
                            "translations and no dict key or name to be its context")
            continue
        if seen.setdefault((f.key, f.english), f.chinese) != f.chinese:
            problems.append(f"{f.path.relative_to(ROOT)}:{f.line}: context {f.key!r} of "
                            f"{f.english!r} has two translations")
        out[f.path, f.line, f.column] = f.key
    if problems:
        raise Unconvertible("\n".join(problems))
    return out


def convert(known: dict[tuple[str | None, str], str]
            ) -> tuple[dict[Path, str], dict[tuple[str | None, str], str]]:
    """The converted sources (path → new text) and the translations they carried."""
    modules, found = find_all()
    in_code = {(message.context, message.id) for message in extract() if message.id}
    contexts = contexts_for(found, known, in_code)
    translations = {(contexts[f.path, f.line, f.column], f.english): f.chinese for f in found}
    rewritten: dict[Path, str] = {}
    for path, module in modules.items():
        rewriter = _Rewriter({(line, column): c for (p, line, column), c in contexts.items()
                              if p == path})
        new = cst.MetadataWrapper(module).visit(rewriter)
        if _names_called(new, "Text") == 0:
            annotations = _Annotations()
            new = new.visit(annotations)
            if annotations.used:
                rewriter.used.add("Words")
        relative = len(path.relative_to(PACKAGE).parts)
        new = new.visit(_Imports(relative, rewriter.used, drop_text=_names(new, "Text") == 0))
        rewritten[path] = new.code
    return rewritten, translations


# ---------------------------------------------------------------- 2-4. extract, update, compile
def _new_catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=DOMAIN, project=PROJECT, version=VERSION,
                   copyright_holder=PROJECT, msgid_bugs_address="",
                   creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                   last_translator="the project", language_team=f"{locale or 'LANGUAGE'}",
                   fuzzy=False)


def extract(overrides: dict[Path, str] | None = None) -> Catalog:
    """The template from the code (``overrides``: sources not yet written, by path)."""
    template = _new_catalog()
    if overrides:  # Babel reads files; give it the converted text through a scratch tree
        import tempfile
        with tempfile.TemporaryDirectory() as scratch:
            for path in sources():
                target = Path(scratch) / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(overrides.get(path, path.read_text(encoding="utf-8")),
                                  encoding="utf-8")
            return _extract_into(template, Path(scratch))
    return _extract_into(template, ROOT)


def _extract_into(template: Catalog, root: Path) -> Catalog:
    for _file, _line, message, _comments, context in extract_from_dir(
            str(root / "explorer"), method_map=[("**.py", "python")],
            keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        template.add(message, context=context)
    return template


def template_text(template: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, template, omit_header=False, sort_output=True, no_location=True, width=100)
    return out.getvalue()


def _read_po(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update(template: Catalog, po_path: Path,
           translations: dict[tuple[str | None, str], str]) -> Catalog:
    """The language's catalogue, updated to ``template``, with ``translations`` filled in for
    Chinese (the conversion's), and nothing stale or fuzzy."""
    locale = po_path.parent.parent.name
    old = _read_po(po_path, locale) if po_path.is_file() else _new_catalog(locale)
    catalog = _new_catalog(locale)
    for message in template:
        if not message.id:
            continue
        key = (message.context, message.id)
        before = old.get(message.id, context=message.context)
        string = before.string if before is not None and not before.fuzzy else ""
        if locale == "zh" and key in translations:
            string = translations[key]
        catalog.add(message.id, string, context=message.context)
    return catalog


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, sort_output=True, no_location=True, width=100,
             include_previous=False, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def known_translations() -> dict[tuple[str | None, str], str]:
    path = LOCALE / "zh" / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    return {(m.context, m.id): m.string for m in _read_po(path, "zh")
            if m.id and isinstance(m.id, str) and isinstance(m.string, str)}


def plan() -> dict[Path, bytes]:
    """Every file the four steps would write, with its content."""
    rewritten, translations = convert(known_translations())
    template = extract(rewritten)
    files: dict[Path, bytes] = {p: t.encode("utf-8") for p, t in rewritten.items()}
    files[LOCALE / f"{DOMAIN}.pot"] = template_text(template)
    po_paths = sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    if not any(p.parent.parent.name == "zh" for p in po_paths):
        po_paths.append(LOCALE / "zh" / "LC_MESSAGES" / f"{DOMAIN}.po")
    for po_path in po_paths:
        catalog = update(template, po_path, translations)
        files[po_path] = po_text(catalog)
        files[po_path.with_suffix(".mo")] = mo_bytes(catalog)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; list what would change and exit 1 if anything would")
    args = parser.parse_args(argv)
    try:
        files = plan()
    except Unconvertible as problem:
        print(f"to_catalogue: {problem}", file=sys.stderr)
        return 2
    changed = [p for p, content in files.items()
               if not p.is_file() or p.read_bytes() != content]
    for path in changed:
        print(("would change " if args.check else "wrote ") + str(path.relative_to(ROOT)))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[path])
    python_changed = [str(p) for p in changed if p.suffix == ".py"]
    if python_changed and not args.check:  # the new import lines, sorted as the linter wants
        subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "--fix",
                        "--select", "I001,F401", *python_changed], cwd=ROOT, check=False)
    long_lines = [f"{p.relative_to(ROOT)}:{i}" for p in changed if p.suffix == ".py"
                  for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                  if len(line) > 100 and "noqa" not in line and not args.check]
    if long_lines:  # the shorter call joined a line: wrap these by hand (ruff says E501)
        print("to_catalogue: lines over 100 characters:\n  " + "\n  ".join(long_lines),
              file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
