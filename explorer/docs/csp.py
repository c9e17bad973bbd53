"""The site's Content-Security-Policy: scripts from the site's own files only — no inline script,
no ``javascript:`` URL, no ``eval`` — and nothing fetched from another origin.

``PAGE`` is what every published page carries as ``<meta http-equiv>`` (a static host sends no
header); it is read from the theme override that writes it (``overrides/main.html``), so the two
cannot differ. ``docs serve`` sends it as a header (``for_path``), with what only a header can
carry: ``frame-ancestors`` and, for the pages of ``tenant/``, ``sandbox``. A sandboxed page runs
in an opaque origin: its requests carry ``Origin: null``, which the sandbox's admin API refuses
(``SANDBOX.ADMIN.0004``), and it cannot submit a form — so a tenant's page can never reach
``/sandbox/*``, even if something in it ran.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .tenant_pages import FOLDER

_MAIN = Path(__file__).with_name("overrides") / "main.html"
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def _page_policy() -> str:
    found = _META.search(_MAIN.read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"{_MAIN} holds no Content-Security-Policy <meta>")
    return found.group(1)


PAGE = _page_policy()
"""The policy in every published page's ``<meta http-equiv="Content-Security-Policy">``."""

HEADER = f"{PAGE}; frame-ancestors 'self'"
"""What ``docs serve`` sends with every answer."""

TENANT = f"{HEADER}; sandbox allow-scripts allow-popups"
"""What ``docs serve`` sends with the pages of ``tenant/`` (either edition): no same origin, no
forms, no storage; its scripts (the theme, Try-it's replay) still run."""

_TENANT_PATH = re.compile(rf"^/(?:[a-z]{{2}}/)?{FOLDER}(?:/|$)")


def for_path(path: str) -> str:
    """The policy ``docs serve`` sends for a request path (``TENANT`` under ``/tenant/`` and
    ``/zh/tenant/``, however the path is spelled: ``//``, ``.`` and ``..`` are resolved first)."""
    plain = posixpath.normpath("/" + path.replace("\\", "/")).lower()
    return TENANT if _TENANT_PATH.match(plain.replace("//", "/")) else HEADER


__all__ = ["HEADER", "PAGE", "TENANT", "for_path"]
