"""``LoginForm``: try ``POST /api/v2/sdk/login/weibo`` in JupyterLab, one field per parameter.

The fields come from the contract; before anything is sent the form says which documented error
the server will answer (``explorer.precheck``); Send goes through ``IdaasClient`` and the answer is
drawn by ``explorer.rendering``. Everything a click does has a method, so a script or a test drives
the form without a browser::

    form = LoginForm()                    # the shared embedded sandbox, docs fixtures
    form.fill(preset="success")           # or form.fill(uid=1404376560, **{"X-agent": ""})
    result = form.submit()                # a Success, an IdaasError, ... (also shown)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from html import escape
from importlib.resources import files
from typing import Any

import httpx
import ipywidgets as w

from ..catalogue import PSEUDO, code_of
from ..catalogue import pseudo as pseudo_text
from ..client import CallFailed, IdaasClient, to_curl, to_httpx
from ..client.clocks import clock_name, sandbox_clock, wall_clock
from ..contract import WEIBO_LOGIN, is_chinese
from ..i18n import fixture_title
from ..precheck import Prediction, check
from ..rendering import to_html
from ..sandbox.tenant_admin import SandboxAdmin
from . import presets
from .fields import FieldRow, body_rows, header_rows
from .followups import next_steps
from .history import History
from .safety import Guard
from .steps import close_steps
from .words import WORDS

CLIENT_ID = WEIBO_LOGIN.header("X-client-id").example
"""The app the sandbox's docs fixtures register."""
LEFT_TO_CLIENT = {"content-type": "application/json"}
"""What a preset that does not name a header gets, as ``replay`` does (X-L keeps the form's)."""


_SNAPSHOT_CSS = (
    ".wle-form-snapshot{border:1px solid var(--jp-border-color2,#ccc);border-radius:4px;"
    "padding:6px 10px;font-size:.9em}"
    ".wle-form-snapshot table{border-collapse:collapse;width:100%}"
    ".wle-form-snapshot td{padding:1px 8px 1px 0;vertical-align:top}"
    ".wle-form-snapshot td:nth-child(-n+2){white-space:nowrap}"
    ".wle-form-snapshot td:nth-child(2){opacity:.7}"
    ".wle-form-snapshot td:nth-child(3){overflow-wrap:anywhere}"
)
"""The snapshot stands alone (no widget CSS is loaded where it shows), so it carries its own."""


@lru_cache(maxsize=1)
def _css() -> str:
    return files(__package__).joinpath("form.css").read_text(encoding="utf-8")


def _why_not_sent(kind: str, name: str, lang: str) -> str:
    """What leaving this header or field out means, from the contract (``X-L``: optional,
    messages then come in English)."""
    try:
        spec = WEIBO_LOGIN.header(name) if kind == "header" else WEIBO_LOGIN.field(name)
    except (KeyError, ValueError, LookupError):
        return ""
    return spec.help(lang)


def _not_sent_html(kind: str, name: str, lang: str) -> str:
    why = _why_not_sent(kind, name, lang)
    return (f"<em>{escape(WORDS['not_sent'](lang))}</em>"
            + (f' <small class="wle-form-why">— {escape(why)}</small>' if why else ""))


class _LastClock:
    """The clock of the form's last send: the sandbox's published clock when the target is a
    sandbox (read at each send, as presets reset it), else the wall clock. It carries the chosen
    clock's ``name``, so every token check says which clock it used."""

    def __init__(self) -> None:
        self.clock: Callable[[], datetime] = wall_clock

    @property
    def name(self) -> str | None:
        return clock_name(self.clock)

    def __call__(self) -> datetime:
        return self.clock()


class LoginForm:
    """A form for the Weibo Login call, against a sandbox or any tenant.

    ``base_url``: the tenant (default: the process's shared embedded sandbox with the docs
    fixtures). ``client_id``: the X-client-id to start with (default: the docs fixtures' app).
    ``language``: ``"en"`` or ``"zh"`` for labels and rendering (default: the page's language —
    the docs edition the notebook runs for, see ``explorer.i18n.edition`` — else the X-L field,
    else en); when given, or Chinese by default, it is also the request's X-L. ``transport``: the
    httpx transport of the form's client (e.g. ``ResolvingTransport`` for a stand-in). Against a
    target that is not loopback the form says so and keeps secrets out of the notebook
    (``widgets.safety``).
    """

    def __init__(self, base_url: str | None = None, client_id: str | None = None,
                 language: str | None = None, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        if base_url is None:
            from ..sandbox import EmbeddedSandbox

            base_url = EmbeddedSandbox.shared().base_url
        if language is None:
            from .. import i18n

            language = PSEUDO if i18n.edition() == PSEUDO else i18n.x_l(i18n.edition())
        pseudo = language is not None and code_of(language) == PSEUDO
        if pseudo:  # the tests' pseudo-locale: labels marked, the API asked in English (no X-L)
            language = None
        self.headers: dict[str, FieldRow] = header_rows("en")
        self.body: dict[str, FieldRow] = body_rows("en")
        self._rows = {**self.headers, **self.body}
        self._lower = {name.lower(): name for name in self._rows}
        self._client: IdaasClient | None = None
        self._clock = _LastClock()
        self._recording: str | None = None
        self._shown: Any = None
        self._quiet = False
        self.fixtures: list[dict[str, Any]] = []
        self.history_view = History(self.show)
        self.guard = Guard()
        self._transport = transport
        self._build(base_url.rstrip("/"))
        self.guard.target(self.base_url, "en")
        self._defaults(client_id, language)
        if pseudo:
            self.language.options = [*self.language.options, (pseudo_text("EN"), PSEUDO)]
            self.language.value = PSEUDO
        else:
            chinese = is_chinese(language or self.headers["X-L"].get())
            self.language.value = "zh" if chinese else "en"
        self._load_presets()
        self._relabel()
        self._refresh()

    # ------------------------------------------------------------------------------ public API
    @property
    def base_url(self) -> str:
        value: str = self.target.value
        return value.strip().rstrip("/")

    @property
    def is_sandbox(self) -> bool:
        """True when the target answers ``GET /sandbox/fixtures`` (presets are offered)."""
        return bool(self.fixtures)

    @property
    def history(self) -> list[Any]:
        """The results of this form's sends, oldest first."""
        return self.history_view.results

    @property
    def predicted(self) -> Prediction | None:
        """What the server will refuse in the current fields (with the field and a sentence)."""
        headers, body, _, _, _ = self._request_parts()
        return check(headers, body)

    @property
    def prediction(self) -> str | None:
        """The documented error code the server will answer for the current fields, or None."""
        found = self.predicted
        return found.code if found else None

    @property
    def curl(self) -> str:
        """The current request as a curl command."""
        return to_curl(self._build_request())

    @property
    def python(self) -> str:
        """The current request as Python code using httpx."""
        return to_httpx(self._build_request())

    @property
    def next_step(self) -> Any:
        """The follow-up the last answer offers (a ``VerifyStep`` after USER_REGISTER, SOCIAL_BIND
        or MFA_AUTH, a ``SessionStep`` after SUCCESS), or None: ``form.next_step.fill(...)``."""
        return self.followups.children[0] if self.followups.children else None

    @property
    def output_html(self) -> str:
        """The HTML of the result shown in the response area ('' before the first send)."""
        return self.response.value if self._shown is not None else ""

    def fill(self, preset: str | None = None, **fields: Any) -> LoginForm:
        """Set fields: body fields by name, headers by header name (any case), ``raw_body``,
        ``base_url``; ``None`` leaves a header or field out; a non-string body value is sent as
        JSON. ``preset`` (a fixture name) is applied first, then the other fields."""
        unknown = [k for k in fields
                   if k.lower() not in self._lower and k not in ("raw_body", "base_url")]
        if unknown:
            raise TypeError(f"LoginForm.fill: unknown field(s) {unknown}; the form has "
                            f"{list(self._rows)}, raw_body, base_url and preset")
        if "base_url" in fields:
            self.target.value = fields.pop("base_url")
        if preset is not None:
            names = [f["name"] for f in self.fixtures]
            if preset not in names:
                raise KeyError(f"no preset {preset!r}; the target has: "
                               f"{', '.join(names) or 'none'}")
            self._quiet = True
            try:
                self.preset.value = preset
            finally:
                self._quiet = False
            chosen = self._fixture()
            if chosen is not None:
                self._apply(chosen)  # again even when it was already picked
        with self._batch():
            for name, value in fields.items():
                if name == "raw_body":
                    text = value.decode() if isinstance(value, bytes) else value
                    self.raw_body.value = text or ""
                else:
                    self._rows[self._lower[name.lower()]].set(value)
        return self

    def submit(self) -> Any:
        """Send the request (after the preset's admin calls, if one is picked and the target
        is a sandbox); show and return the result. A failure to get any documented answer
        comes back as the ``CallFailed`` rather than raised, as the form shows it."""
        fixture = self._fixture()
        self.arranged.value = ""
        if fixture is not None:
            with SandboxAdmin(self.base_url) as admin:
                steps = admin.apply(fixture).steps
            self.arranged.value = presets.steps_html(fixture["name"], steps, self.language.value)
        self._clock.clock = (sandbox_clock(self.base_url) if self.is_sandbox
                             else None) or wall_clock
        headers, _, access_token, uid, raw = self._request_parts()
        try:
            result: Any = self._idaas().login_weibo(access_token, uid, headers=_wire(headers),
                                                     raw_body=raw)
        except CallFailed as exc:
            result = exc
        self.guard.learn(result)
        with self._batch():
            self.guard.take(self._rows)  # a real tenant's secrets stay in the kernel
        self.history_view.add(result)
        self._relabel_tabs()
        self.show(result)
        return result

    def show(self, result: Any) -> None:
        """Draw ``result`` in the response area, with the follow-ups it offers."""
        self._shown = result
        self.response.value = self.guard.shown(to_html(result, self.language.value))
        close_steps(self.followups)  # the steps of the previous answer, and their clients
        self.followups.children = () if self.guard.foreign else tuple(
            next_steps(result, self.language.value))
        self.tabs.selected_index = 0

    # ----------------------------------------------------------------------------- display
    def _repr_mimebundle_(self, include: object = None,
                          exclude: object = None) -> dict[str, Any]:
        """The live widget for Jupyter, and a static snapshot of the filled form for everything
        that cannot run it (nbconvert, the docs site, VS Code without a kernel)."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.guard.shown(self.snapshot_html())
        bundle["text/plain"] = self.guard.shown(self.snapshot_text())
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def _sent_fields(self) -> list[tuple[str, str, str | None]]:
        """(kind, name, value or None when not sent) for every header and body row."""
        return ([("header", n, r.get()) for n, r in self.headers.items()]
                + [("body", n, r.get()) for n, r in self.body.items()])

    def snapshot_text(self) -> str:
        lang = self.language.value
        lines = [f"LoginForm → {self.base_url}"]
        lines += [f"  {name}: " + (value if value is not None else
                                    f"({WORDS['not_sent'](lang)}: "
                                    f"{_why_not_sent(kind, name, lang)})")
                  for kind, name, value in self._sent_fields()]
        return "\n".join(lines)

    def snapshot_html(self) -> str:
        """The form as a static table: what it sends, and its prediction (no script)."""
        lang = self.language.value
        sent = [(kind, name, f"<code>{escape(value)}</code>" if value is not None
                 else _not_sent_html(kind, name, lang))
                for kind, name, value in self._sent_fields()]
        rows = "".join(
            f"<tr><td><code>{escape(name)}</code></td>"
            f"<td>{escape(WORDS['kind_' + kind](lang))}</td><td>{shown}</td></tr>"
            for kind, name, shown in sent)
        found = self.predicted
        verdict = escape(found.sentence(lang) if found else WORDS["snapshot_ok"](lang))
        return (f"<style>{_SNAPSHOT_CSS}</style>"
                f'<div class="wle-form-snapshot"><p><strong>LoginForm</strong> → '
                f"<code>{escape(self.base_url)}</code> · {escape(WORDS['snapshot_note'](lang))}</p>"
                f"<table>{rows}</table><p>{verdict}</p></div>")

    # ------------------------------------------------------------------------------- building
    def _build(self, base_url: str) -> None:
        self.title = w.HTML()
        self.language = w.ToggleButtons(options=[("EN", "en"), ("中文", "zh")],
                                        style={"button_width": "3.6em"})
        head = w.HBox([self.title, self.language],
                      layout=w.Layout(justify_content="space-between", align_items="center"))
        head.add_class("wle-form-head")
        self.target_label, self.preset_label = w.HTML(), w.HTML()
        self.target = w.Text(value=base_url, continuous_update=False,
                             layout=w.Layout(flex="1 1 40%", width="auto"))
        self.preset = w.Dropdown(options=[], layout=w.Layout(flex="1 1 60%", width="auto"))
        target = w.HBox([self.target_label, self.target, self.preset_label, self.preset],
                        layout=w.Layout(align_items="center", width="100%"))
        self.guard.record.observe(self._record_changed, names="value")
        self.section_headers, self.section_body = w.HTML(), w.HTML()
        self.raw_body = w.Textarea(placeholder='{"access_token": "...", "uid": "..."}',
                                   layout=w.Layout(width="100%", height="5em"))
        self.raw = w.Accordion(children=[self.raw_body], selected_index=None,
                               layout=w.Layout(width="100%"))
        self.predict = w.HTML(layout=w.Layout(flex="1 1 auto"))
        self.predict.add_class("wle-form-predict")
        self.send = w.Button(button_style="primary", icon="paper-plane",
                             layout=w.Layout(width="8em", flex="0 0 auto", margin="0 0 0 10px"))
        self.send.on_click(self._clicked)
        action = w.HBox([self.predict, self.send],
                        layout=w.Layout(align_items="center", width="100%"))
        self.arranged = w.HTML()
        self.response = w.HTML()
        self.followups = w.VBox()
        self.curl_area = w.Textarea(layout=w.Layout(width="100%", height="14em"))
        self.python_area = w.Textarea(layout=w.Layout(width="100%", height="14em"))
        self.copy_notes = (w.HTML(), w.HTML())
        for note in self.copy_notes:
            note.add_class("wle-form-note")
        snippets = []
        for area, note in zip((self.curl_area, self.python_area), self.copy_notes, strict=True):
            box = w.VBox([area, note])
            box.add_class("wle-form-snippet")
            snippets.append(box)
        self.tabs = w.Tab(children=[w.VBox([self.arranged, self.response, self.followups]),
                                    *snippets, self.history_view.select])
        self.widget = w.VBox([
            w.HTML(f"<style>{_css()}</style>"), head, target, self.guard.box,
            self.section_headers, *(r.box for r in self.headers.values()),
            self.section_body, *(r.box for r in self.body.values()), self.raw,
            action, self.tabs,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("wle-form")
        for row in self._rows.values():
            row.observe(self._changed)
        self.raw_body.observe(self._changed, names="value")
        self.language.observe(lambda change: self._relabel(), names="value")
        self.preset.observe(self._preset_changed, names="value")
        self.target.observe(self._target_changed, names="value")

    def _defaults(self, client_id: str | None, language: str | None) -> None:
        with self._batch():
            for row in self.headers.values():
                row.set(row.spec.example)
            self.headers["X-device-ip"].set(None)
            self.headers["X-L"].set(language)
            self.headers["X-client-id"].set(client_id if client_id is not None else CLIENT_ID)
            for row in self.body.values():
                row.set(row.spec.example)

    def _load_presets(self) -> None:
        # a real tenant is not asked for sandbox fixtures: nothing goes there before a Send
        self.fixtures = [] if self.guard.foreign else presets.load(self.base_url)
        self._preset_options()
        self.preset.disabled = not self.fixtures

    def _preset_options(self) -> None:
        lang = self.language.value
        custom = WORDS["custom" if self.fixtures else "no_presets"](lang)
        current = self.preset.value
        options = [(custom, None)] + [(f"{f.get('outcome', f['name'])} · {fixture_title(f, lang)}",
                                       f["name"]) for f in self.fixtures]
        self._quiet = True
        try:
            self.preset.options = options
            self.preset.value = current if current in {v for _, v in options} else None
        finally:
            self._quiet = False

    # ------------------------------------------------------------------------------- language
    def _relabel(self) -> None:
        lang = self.language.value
        self.title.value = (f'<div class="wle-form-title"><span class="wle-form-method">'
                            f"{WEIBO_LOGIN.method}</span><code>{escape(WEIBO_LOGIN.path)}</code> "
                            f"{escape(WEIBO_LOGIN.summary(lang))}</div>")
        self.target_label.value = f'<span class="wle-form-key">{WORDS["target"](lang)}</span>'
        self.preset_label.value = f'<span class="wle-form-key">{WORDS["preset"](lang)}</span>'
        self.section_headers.value = f'<div class="wle-form-section">{WORDS["headers"](lang)}</div>'
        self.section_body.value = f'<div class="wle-form-section">{WORDS["body"](lang)}</div>'
        self.raw.set_title(0, WORDS["raw"](lang))
        self.send.description = WORDS["send"](lang)
        for row in self._rows.values():
            row.relabel(lang)
        for note in self.copy_notes:
            note.value = WORDS["copy"](lang)
        self._preset_options()
        self._relabel_tabs()
        self.guard.relabel(self.base_url, lang)
        self._show_prediction()
        if self._shown is not None:
            self.show(self._shown)
        else:
            self.response.value = f'<div class="wle-form-note">{WORDS["nothing"](lang)}</div>'

    def _relabel_tabs(self) -> None:
        lang = self.language.value
        self.tabs.titles = (WORDS["response"](lang), "curl", "Python (httpx)",
                            WORDS["history"](lang).format(n=len(self.history)))

    # ---------------------------------------------------------------------------- the request
    def _request_parts(self) -> tuple[dict[str, str | None], Any, str | None, str | None,
                                      bytes | None]:
        """Headers (None: not sent), the body as ``precheck`` reads it, and what the client
        needs: access_token and uid, or the raw bytes that replace them."""
        headers = {name: self.guard.unmask(name, row.get()) for name, row in self.headers.items()}
        if self.raw_body.value:
            raw = self.raw_body.value.encode("utf-8")
            return headers, raw, None, None, raw
        if any(row.as_json.value and row.get() is not None for row in self.body.values()):
            members = [f"{json.dumps(name)}:{row.literal()}" for name, row in self.body.items()
                       if row.get() is not None]
            raw = ("{" + ",".join(members) + "}").encode("utf-8")
            return headers, raw, None, None, raw
        values = {name: self.guard.unmask(name, row.get()) for name, row in self.body.items()}
        body = {name: value for name, value in values.items() if value is not None}
        return headers, body, values["access_token"], values["uid"], None

    def _idaas(self) -> IdaasClient:
        """The client for the current target and client id (kept while they stay the same:
        turning the recording on or off swaps its recorder, so a foreign target's warning is
        still given once)."""
        client_id = (self.headers["X-client-id"].get() or "").strip()
        client = self._client
        record = self.guard.record_to
        if client is None or (client.base_url, client.client_id) != (self.base_url, client_id):
            if client is not None:
                client.close()
            client = self._client = IdaasClient(self.base_url, client_id, retries=0,
                                                clock=self._clock,
                                                transport=self._transport, record=record)
        elif record != self._recording:
            client.record_to(record)
        self._recording = record
        return client

    def _build_request(self) -> httpx.Request:
        headers, _, access_token, uid, raw = self._request_parts()
        return self._idaas().build_request(access_token, uid, headers=_wire(headers),
                                           raw_body=raw)

    # ------------------------------------------------------------------------------- reactions
    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Change many fields, then refresh the prediction and snippets once."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
            self._refresh()

    def _changed(self, change: Any = None) -> None:
        if not self._quiet:
            self._refresh()

    def _refresh(self) -> None:
        self._show_prediction()
        self.guard.learn_fields({name: row.get() for name, row in self._rows.items()})
        try:
            self.curl_area.value = self.guard.shown(self.curl)
            self.python_area.value = self.guard.shown(self.python)
        except (ValueError, TypeError, httpx.HTTPError) as exc:  # e.g. a header httpx refuses
            self.curl_area.value = self.python_area.value = f"# {type(exc).__name__}: {exc}"

    def _show_prediction(self) -> None:
        lang = self.language.value
        found = self.predicted
        for name, row in self._rows.items():
            row.mark(found is not None and found.field == name)
        if found is None:
            text = f"{WORDS['passes'](lang)} {WORDS['unregistered'](lang)}"
            self.predict.value = f'<span class="wle-form-ok">✓ {escape(text)}</span>'
        else:
            self.predict.value = (f'<span class="wle-form-warn">⚠ {escape(found.reason(lang))}'
                                  f' → <code>{escape(found.code)}</code></span>')

    def _fixture(self) -> dict[str, Any] | None:
        return next((f for f in self.fixtures if f["name"] == self.preset.value), None)

    def _preset_changed(self, change: Any) -> None:
        chosen = self._fixture()
        if not self._quiet and chosen is not None:
            self._apply(chosen)

    def _apply(self, fixture: dict[str, Any]) -> None:
        """Fill the fields with the fixture's request, as ``explorer.client.replay`` sends it."""
        request = fixture["request"]
        given = {name.lower(): value for name, value in request.get("headers", {}).items()}
        body = request.get("body", {})
        with self._batch():
            for name, row in self.headers.items():
                if name.lower() in given:
                    row.set(given[name.lower()])
                elif name.lower() in LEFT_TO_CLIENT:
                    row.set(LEFT_TO_CLIENT[name.lower()])
                elif name != "X-L":
                    row.set(None)
            self.raw_body.value = "" if isinstance(body, dict) else str(body)
            for name, row in self.body.items():
                row.set(body.get(name) if isinstance(body, dict) else None)

    def _target_changed(self, change: Any) -> None:
        self.guard.target(self.base_url, self.language.value)
        self._load_presets()
        self._refresh()

    def _record_changed(self, change: Any) -> None:
        """The record toggle: the next Send builds a client that records (or stops)."""
        self._refresh()

    def _clicked(self, button: w.Button) -> None:
        lang = self.language.value
        button.disabled, button.description = True, WORDS["sending"](lang)
        try:
            self.submit()
        except Exception as exc:  # a click must explain, not vanish into the kernel log
            self._shown = None
            self.response.value = (f'<div class="wle-form-predict"><span class="wle-form-warn">'
                                   f'{escape(WORDS["failed"](lang).format(error=exc))}</span></div>')
        finally:
            button.disabled, button.description = False, WORDS["send"](lang)


def _wire(headers: dict[str, str | None]) -> dict[str, str | None]:
    """Header values as HTTP carries them: without surrounding whitespace (RFC 9110 §5.5)."""
    return {name: value.strip() if value is not None else None for name, value in headers.items()}
