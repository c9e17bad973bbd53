"""The project's own words: one gettext catalogue, looked up in the language a call asks for.

Every sentence the project says itself (the CLI, the course, the widgets, the renderers, the site's
scripts, the page generator, the sandbox's admin API) is written in English in the code, wrapped in
``Msg("...")`` — or ``PMsg("context", "...")`` where one English string needs two translations —
and translated in ``explorer/locale/<language>/LC_MESSAGES/explorer.po``. Babel extracts the
``.pot`` from the code (``pybabel extract``, see ``explorer/locale/README.md``); at run time the
compiled ``.mo`` is read by the standard library's ``gettext``, so Babel is not a run-time
dependency. The API's own bilingual messages stay ``contract.Text``: they are the contract's data.

Language is a run-time parameter, not a process-wide locale: ``Msg("...")(language)`` gives the
text in ``language`` (``"en"``: the source string itself; ``"zh"``: the catalogue's; any code whose
``.mo`` ships; ``PSEUDO``: a visibly marked transform of the English, for the pseudo-locale test).
A message is a template: ``{name}`` placeholders are filled by the caller with ``str.format``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import gettext

DOMAIN = "explorer"
"""The gettext domain: ``explorer.pot``, ``explorer.po``, ``explorer.mo``."""

LOCALE_DIR = Path(__file__).with_name("locale")
"""``explorer/locale``: the template and one ``<language>/LC_MESSAGES/explorer.{po,mo}`` each."""

SOURCE_LANGUAGE = "en"
"""The language the messages are written in: English needs no catalogue."""

PSEUDO = "qps"
"""The pseudo-locale (``qps``, as in ``qps-ploc``): every message comes back as a marked transform
of its English (``⟦Ŝéñð ţĥîš⟧``), generated from the message itself — the same ``msgid`` the
``.pot`` holds — so a text shown unmarked in it did not come from the catalogue."""


@dataclass(frozen=True, slots=True)
class Msg:
    """A message of the catalogue: its English source (the ``msgid``) and, rarely, a context.

    Call it with a language to get its text: ``Msg("{n} outcomes")("zh").format(n=6)``.
    """

    msgid: str
    context: str | None = None

    def __call__(self, language: str | None) -> str:
        return translate(self.msgid, language, self.context)


class Words(Protocol):
    """Anything that says itself in a language: a ``Msg``, a ``Filled`` one, the contract's
    ``Text`` (the API's own messages)."""

    def __call__(self, language: str | None, /) -> str: ...


@dataclass(frozen=True, slots=True)
class Filled:
    """A message with its placeholders' values, still in no language: what a check or a report
    keeps to say later in whichever language its reader asks for. A value that is itself
    ``Words`` is said in the same language."""

    message: Words
    values: Mapping[str, object] = field(default_factory=dict)

    def __call__(self, language: str | None, /) -> str:
        return self.message(language).format(
            **{k: v(language) if callable(v) else v for k, v in self.values.items()})


@dataclass(frozen=True, slots=True)
class Verbatim:
    """Code shown among messages (a method and path, a JSON path, a header's name): said the same
    in every language, and not a message of the catalogue."""

    text: str

    def __call__(self, language: str | None, /) -> str:
        return self.text


def fill(message: Words, /, **values: object) -> Filled:
    """``message`` with ``values`` for its ``{placeholders}``, said when a language is known."""
    return Filled(message, values)


def N_(msgid: str) -> str:  # noqa: N802  (named like gettext's gettext_noop)
    """``msgid`` itself, marked for the catalogue: for data that must stay a plain English string
    where it is kept (the admin API's OpenAPI summaries) and is said in a reader's language where
    it is shown, with ``translate(msgid, language)``."""
    return msgid


def PMsg(context: str, msgid: str) -> Msg:  # noqa: N802  (named like gettext's pgettext)
    """A message whose English needs a context to tell two translations apart (``msgctxt``)."""
    return Msg(msgid, context)


@cache
def code_of(language: str | None) -> str:
    """The catalogue a language value reads: ``"zh-CN"``, ``"zh_CN.UTF-8"`` → ``"zh"``;
    ``PSEUDO`` → ``PSEUDO``; ``None``, ``"en..."`` or a language without a catalogue → ``"en"``.
    Cached: a language value is looked at once per process."""
    if not language:
        return SOURCE_LANGUAGE
    code = re.split(r"[-_.@]", language.strip().lower(), maxsplit=1)[0]
    if code == PSEUDO or (code != SOURCE_LANGUAGE and _mo_path(code).is_file()):
        return code
    return SOURCE_LANGUAGE


def translate(msgid: str, language: str | None, context: str | None = None) -> str:
    """``msgid`` in ``language``: the English itself, the pseudo-locale's transform, or the
    catalogue's translation (gettext falls back to the English where one is missing)."""
    code = code_of(language)
    if code == SOURCE_LANGUAGE:
        return msgid
    if code == PSEUDO:
        return pseudo(msgid)
    catalogue = _catalogue(code)
    return catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)


def _mo_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def _catalogue(code: str) -> gettext.NullTranslations:
    import gettext  # on the first lookup in a language with a catalogue: English needs none

    with _mo_path(code).open("rb") as handle:
        return gettext.GNUTranslations(handle)


def languages() -> tuple[str, ...]:
    """The languages with a compiled catalogue, English (the source) first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *found)


# ------------------------------------------------------------------------------- the pseudo-locale
_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MARKED = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_PSEUDO_TABLE = str.maketrans(_PLAIN, _MARKED)
OPEN, CLOSE = "⟦", "⟧"
"""The brackets around every pseudo-locale message."""

_KEEP = re.compile(
    r"\{[^{}]*\}"  # a str.format placeholder: {name}, {byte:02x}
    r"|<[^<>]*>"  # markup: <code>, </code>
    r"|`[^`]*`"  # inline code in Markdown
    r"|\]\([^()]*\)"  # a Markdown link's target: ](glossary.md#source), ]({href})
    r"|&[a-z]+;|&#\d+;"  # an HTML entity
    r"|\bhttps?://\S+"  # an address
)
"""What the pseudo-locale keeps as it is: what code, not a reader, reads."""


def pseudo(text: str) -> str:
    """``text`` marked: ASCII letters swapped for accented look-alikes between ``⟦`` and ``⟧``,
    with placeholders, markup, inline code, link targets and addresses kept as they are."""
    out: list[str] = []
    last = 0
    for kept in _KEEP.finditer(text):
        out.append(text[last:kept.start()].translate(_PSEUDO_TABLE))
        out.append(kept.group())
        last = kept.end()
    out.append(text[last:].translate(_PSEUDO_TABLE))
    return f"{OPEN}{''.join(out)}{CLOSE}"


__all__ = ["DOMAIN", "LOCALE_DIR", "PSEUDO", "SOURCE_LANGUAGE", "Filled", "Msg", "N_", "PMsg",
           "Verbatim", "Words", "code_of", "fill", "languages", "pseudo", "translate"]
