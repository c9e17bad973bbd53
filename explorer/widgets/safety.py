"""The form's safe defaults against a real tenant: say where real data goes, keep secrets out of
the notebook, record redacted.

Against a target that is not loopback (``explorer.client.target``), the ``Guard``:

- shows a banner naming the host before the first call (and the client warns once more);
- after a Send, moves the secret fields' values (access_token, uid, device fingerprint and IP)
  into the kernel and leaves ``MASK`` in the widgets, so the saved widget state holds no secret;
  the next Send uses the kept values while the mask stays;
- passes every HTML and snippet the form shows through one ``Redactor`` that knows those values
  and everything the answers carried, so outputs and widget state show placeholders only.

Against the sandbox on loopback nothing changes: its values are the docs' fixtures.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..catalogue import Msg
from ..client.recording import exchange_dict
from ..client.target import foreign_notice, is_loopback
from ..redact import Redactor

MASK = "•••• kept in the kernel, not saved"
SECRET_FIELDS = {"access_token": "access_token", "uid": "uid",
                 "X-device-fingerprint": "fingerprint", "X-device-ip": "ip"}
"""Field → the redaction rule of its value."""
RECORD = Msg("Record (redacted) to")
BANNER = Msg("Real tenant")


class Guard:
    """One form's protection; ``foreign`` follows the target."""

    def __init__(self) -> None:
        self.redactor = Redactor()
        self.kept: dict[str, str] = {}
        self.foreign = False
        self.note = w.HTML()
        self.record = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
        self.record_path = w.Text(value="tenant/recordings/form.json",
                                  layout=w.Layout(width="22em"))
        self.record_label = w.HTML()
        self.box = w.VBox([self.note, w.HBox([self.record, self.record_label, self.record_path],
                                             layout=w.Layout(align_items="center"))])

    def target(self, base_url: str, language: str) -> None:
        """Follow a new target: the banner, and a fresh start for kept values."""
        foreign = not is_loopback(base_url)
        if foreign != self.foreign:
            self.kept.clear()
        self.foreign = foreign
        self.relabel(base_url, language)

    def relabel(self, base_url: str, language: str) -> None:
        self.record_label.value = f'<span class="wle-form-key">{escape(RECORD(language))}</span>'
        self.note.value = (f'<div class="wle-form-predict"><span class="wle-form-warn">⚠ '
                           f"<b>{escape(BANNER(language))}</b>: "
                           f"{escape(foreign_notice(base_url))}</span></div>"
                           if self.foreign else "")

    @property
    def record_to(self) -> str | None:
        """Where the client records, or None (the toggle is off)."""
        return self.record_path.value.strip() or None if self.record.value else None

    # ------------------------------------------------------------------------- the fields
    def unmask(self, name: str, value: str | None) -> str | None:
        """The value to send for a field: the kept secret while the widget shows the mask."""
        if value == MASK:
            return self.kept.get(name)
        return value

    def learn_fields(self, values: dict[str, str | None]) -> None:
        """Teach the redactor the secret fields' current values (before they reach a snippet)."""
        if not self.foreign:
            return
        for name, rule in SECRET_FIELDS.items():
            value = self.unmask(name, values.get(name))
            if value and value.strip():
                self.redactor.placeholder(rule, value)
                self.redactor.placeholder(rule, value.strip())

    def take(self, rows: dict[str, Any]) -> None:
        """After a Send to a foreign target: keep the secrets in the kernel, mask the widgets."""
        if not self.foreign:
            return
        for name in SECRET_FIELDS:
            row = rows.get(name)
            if row is None:
                continue
            value = row.get()
            if value is not None and value != MASK:
                self.kept[name] = value
            if value is not None:
                row.set(MASK)

    # ------------------------------------------------------------------------ what shows
    def learn(self, result: Any) -> None:
        """Teach the redactor everything an answer carried (tokens, ids, personal data)."""
        exchange = getattr(result, "exchange", None)
        if self.foreign and exchange is not None:
            self.redactor.exchange(exchange_dict(exchange))

    def shown(self, text: str) -> str:
        """``text`` as the notebook may keep it (redacted against a foreign target)."""
        return self.redactor.text(text) if self.foreign else text


__all__ = ["Guard", "MASK", "SECRET_FIELDS"]
