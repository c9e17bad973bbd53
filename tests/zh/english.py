"""Find English sentences in what a Chinese reader is shown.

The rule: four or more English *words* in a row are a sentence. A word is a token of letters
only, lower case or capitalised (``sandbox``, ``Open``, ``a``, ``JupyterLab``), with the
punctuation around it stripped; a number (``1``, ``2.5``) neither counts nor breaks a run
("Exercise 1 is ready"). Everything else breaks a run, because it is code, not prose: any CJK
character, tokens with a digit, ``_``, ``-``, ``.``, ``/``, ``=`` or ``@`` inside (identifiers,
paths, headers, codes), ``--options``, ALL-CAPS codes and statuses (``SUCCESS``, ``HTTP``,
``IDAAS``) and camelCase identifiers (``socialUid``).

Before that, these are removed as code or data, and nothing else is:

* URLs;
* command lines: ``weibo-explorer``, ``curl``, ``pip``, ``python``, ``jupyter`` up to the end of
  the line, a CJK character, or a clause mark followed by a space;
* text in backticks;
* HTTP header lines (``Name-With-Dash: value``, and the few one-word names a request or
  response shows: host, server, date, location, accept…);
* JSON string values (``"key": "value"``): what a server sent;
* the API's own English ``error_msg`` of every documented and sandbox code, quoted verbatim
  (the error card shows it on purpose next to the Chinese one; the probe quotes what the tenant
  answered to a request that asked for English).
"""

from __future__ import annotations

import re
from functools import cache

CJK = r"\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_BOX = re.compile(r"[\u2500-\u259f]")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+")
_COMMAND = re.compile(rf"\b(?:weibo-explorer|curl|pip|python3?|jupyter)\b"
                      rf"[^\n{CJK}]*?(?=[.,;)]\s|[.,;)]?$|[{CJK}])", re.MULTILINE)
_BACKTICKS = re.compile(r"`[^`\n]*`")
_HEADER = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]*|host|server|date|location|"
                     r"accept|allow|vary|etag):\s.*$", re.IGNORECASE | re.MULTILINE)
_JSON_VALUE = re.compile(r'"[^"\n]*"\s*:\s*"[^"\n]*"')
_WORD = re.compile(r"[A-Za-z][a-z]*|[A-Z][a-z]+(?:[A-Z][a-z]+)+")
_NUMBER = re.compile(r"[0-9][0-9,.]*%?")
_PUNCT = "'\"“”‘’.,;:!?()[]{}<>*…"


@cache
def _api_messages() -> tuple[str, ...]:
    from explorer.contract import ERRORS
    from explorer.sandbox.admin_schema import SANDBOX_ERRORS

    messages = {e.message.en for e in (*ERRORS.values(), *SANDBOX_ERRORS.values())}
    return tuple(sorted(messages, key=len, reverse=True))


def code_removed(text: str) -> str:
    """``text`` without what the rule counts as code or data (see the module)."""
    text = _BOX.sub(" ", _ANSI.sub("", text))
    for message in _api_messages():
        text = text.replace(message, " ¦ ")
    for pattern in (_URL, _BACKTICKS, _HEADER, _JSON_VALUE, _COMMAND):
        text = pattern.sub(" ¦ ", text)
    return text


def english_runs(text: str, at_least: int = 4) -> list[str]:
    """Every run of ``at_least`` or more English words in ``text`` (see the module's rule)."""
    runs: list[str] = []
    current: list[str] = []

    def close() -> None:
        if len(current) >= at_least:
            runs.append(" ".join(current))
        current.clear()

    for raw in re.split(rf"(\s+|[{CJK}]+)", code_removed(text)):
        if not raw or raw.isspace():
            continue
        token = raw.strip(_PUNCT)
        if _NUMBER.fullmatch(token):
            continue
        if _WORD.fullmatch(token):
            current.append(token)
        else:
            close()
    close()
    return runs
