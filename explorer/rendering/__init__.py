"""Show a login result the way an expert reads it: HTML for Jupyter, text, and Rich.

``render(result)`` returns a ``Rendered`` that displays itself anywhere (``_repr_html_``,
``_repr_mimebundle_``, ``__rich__``, ``str``). ``to_html``, ``to_text``, ``to_rich`` and
``mimebundle`` give one format each; the result types call them to display themselves.
Renderers never make a network call: they show what a result holds. The HTML is static (no
script), so it survives nbconvert, static sites and VS Code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.panel import Panel

from .card import Card
from .html import card_html
from .text import card_rich, card_text
from .view import card


@dataclass(frozen=True)
class Rendered:
    """A rendered result: ``.html``, ``.text`` and the ``card`` they were drawn from."""

    card: Card

    @property
    def html(self) -> str:
        return card_html(self.card)

    @property
    def text(self) -> str:
        return card_text(self.card)

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.text}

    def __rich__(self) -> Panel:
        return card_rich(self.card)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def render(result: Any, language: str | None = None) -> Rendered:
    """``result`` (a login result, an ``IdaasError``, a ``TokenCheck`` or a ``CallFailed``)
    ready to display, in ``language`` (``"en"``/``"zh"``; default: the request's ``X-L``)."""
    return Rendered(card(result, language))


def to_html(result: Any, language: str | None = None) -> str:
    """Static HTML with its scoped ``<style>``."""
    return card_html(card(result, language))


def to_text(result: Any, language: str | None = None) -> str:
    """Readable plain text."""
    return card_text(card(result, language))


def to_rich(result: Any, language: str | None = None) -> Panel:
    """A Rich renderable for the terminal."""
    return card_rich(card(result, language))


def mimebundle(result: Any, language: str | None = None) -> dict[str, str]:
    """``text/html`` and ``text/plain`` for Jupyter's ``_repr_mimebundle_``."""
    shown = card(result, language)
    return {"text/html": card_html(shown), "text/plain": card_text(shown)}


__all__ = ["Rendered", "render", "to_html", "to_text", "to_rich", "mimebundle"]
