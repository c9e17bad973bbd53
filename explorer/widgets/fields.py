"""The form's inputs, generated from ``explorer.contract.WEIBO_LOGIN``: one row per header and
body field, with its label in English or Chinese, a required mark, the vendor's example as the
placeholder and the help text as the tooltip.

A row says three things: whether the header or field is sent at all (the checkbox: a missing
header and an empty one are different mistakes), its text, and for body fields whether the text is
a JSON literal rather than a string (``1404376560`` as a number, to reproduce a wrongly typed uid).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as w

from ..catalogue import Msg
from ..contract import WEIBO_LOGIN, BodyField, Header

LABEL_WIDTH = "15em"
REQUIRED = Msg("required")
AS_JSON = Msg("The text is a JSON literal (a number, true, null...), not a string")
SEND = Msg("Send this {kind}; unticked, it is left out of the request")
EXAMPLE = Msg("e.g. {example}")
"""A placeholder reads as a hint, never as a value already filled in."""
KINDS = {"header": Msg("header"), "body": Msg("field")}


class FieldRow:
    """One header or body field: a send checkbox, its label, its text (and a JSON toggle)."""

    def __init__(self, spec: Header | BodyField, kind: str, language: str) -> None:
        self.spec, self.kind = spec, kind
        self.sent = w.Checkbox(value=True, indent=False, layout=w.Layout(width="22px"))
        self.label = w.HTML(layout=w.Layout(width=LABEL_WIDTH, min_width=LABEL_WIDTH))
        self.text = w.Text(continuous_update=True,
                           layout=w.Layout(flex="1 1 auto", width="auto"))
        self.as_json = w.ToggleButton(value=False, description="JSON",
                                      layout=w.Layout(width="4.5em"))
        parts = [self.sent, self.label, self.text]
        if kind == "body":
            parts.append(self.as_json)
        self.box = w.HBox(parts, layout=w.Layout(align_items="center", width="100%"))
        self.box.add_class("wle-form-row")
        self.sent.observe(lambda change: setattr(self.text, "disabled", not change["new"]),
                          names="value")
        self.relabel(language)

    @property
    def name(self) -> str:
        return self.spec.name

    def relabel(self, language: str) -> None:
        """Label and tooltips in ``language``."""
        mark = (f'<span class="wle-form-req" title="{escape(REQUIRED(language))}">*</span>'
                if self.spec.required else "")
        title = escape(self.spec.title(language))
        self.label.value = (f'<div class="wle-form-label"><div><code>{escape(self.name)}</code>'
                            f'{mark}</div><small title="{title}">{title}</small></div>')
        self.text.tooltip = f"{self.spec.title(language)}: {self.spec.help(language)}"
        self.text.placeholder = EXAMPLE(language).format(example=self.spec.example)
        self.sent.tooltip = SEND(language).format(kind=KINDS[self.kind](language))
        self.as_json.tooltip = AS_JSON(language)

    def get(self) -> str | None:
        """The text as typed, or None when the row is not sent."""
        return self.text.value if self.sent.value else None

    def set(self, value: Any) -> None:
        """``None`` leaves it out; a string is sent as typed; any other value as JSON."""
        self.sent.value = value is not None
        self.text.disabled = value is None
        if value is None:
            return
        literal = not isinstance(value, str)
        if literal and self.kind != "body":
            raise TypeError(f"header {self.name} takes a string or None, not {value!r}")
        self.as_json.value = literal
        self.text.value = json.dumps(value, ensure_ascii=False) if literal else value

    def literal(self) -> str | None:
        """The JSON this row puts in the body (None when not sent)."""
        value = self.get()
        if value is None:
            return None
        return value if self.as_json.value else json.dumps(value, ensure_ascii=False)

    def mark(self, at_fault: bool) -> None:
        """Highlight the row the predicted error is about."""
        if at_fault:
            self.box.add_class("wle-form-fault")
        else:
            self.box.remove_class("wle-form-fault")

    def observe(self, callback: Callable[[Any], None]) -> None:
        for widget in (self.sent, self.text, self.as_json):
            widget.observe(callback, names="value")


def header_rows(language: str) -> dict[str, FieldRow]:
    """A row per header, in the contract's order, keyed by header name."""
    return {h.name: FieldRow(h, "header", language) for h in WEIBO_LOGIN.headers}


def body_rows(language: str) -> dict[str, FieldRow]:
    """A row per body field, in the contract's order."""
    return {f.name: FieldRow(f, "body", language) for f in WEIBO_LOGIN.body}
