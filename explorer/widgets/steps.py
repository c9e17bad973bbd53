"""The next step of a login as a form: prove a phone or e-mail, or use the session.

``VerifyStep`` follows USER_REGISTER, SOCIAL_BIND and MFA_AUTH with the result's state_token: pick
the phone or e-mail (the flows of ``data``; for MFA the masked phone of ``mobile-by-token``), get
the slider captcha (drag x, or on a sandbox *Solve* with ``GET /sandbox/captcha/{token}``), send
the code, read it (on a sandbox from ``GET /sandbox/outbox``: the SMS the user would receive),
submit. ``SessionStep`` follows a SUCCESS: verify the id_token, refresh it, trade the session for a
ticket and the ticket for the user. Each step is a widget and a script::

    step = form.followups.children[0]       # or next_steps(result)[0]
    step.fill(mobile="+86-13900001111").solve().send_code().read_code()
    result = step.submit()                  # Success → step.next_step is a SessionStep

The client of a step is rebuilt from the result's own request (tenant, X-client-id, the device
headers, X-L), so the fingerprint stays the one the flow started with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from html import escape
from typing import Any
from urllib.parse import urlsplit

import httpx
import ipywidgets as w

from ..catalogue import PSEUDO, Msg, Words, code_of
from ..client import (
    AppToken,
    CallFailed,
    Captcha,
    CaptchaPassed,
    DeviceInfo,
    IdaasClient,
    MaskedMobile,
    MfaAuth,
    SocialBind,
    SsoTicket,
    Success,
    UserRegister,
)
from ..client.clocks import clock_for
from ..contract import CODE_TYPES, ENDPOINTS, MFA_SMS, SOCIAL_BIND, SOCIAL_REGISTER_BIND
from ..rendering import to_html
from ..sandbox.tenant_admin import AdminError, SandboxAdmin

NOT_A_SANDBOX = (AdminError, httpx.HTTPError, ValueError, KeyError, TypeError)
"""What asking a target's admin API raises when it is no sandbox (or not this one's)."""

WORDS: dict[str, Words] = {
    "verify_title": Msg("Next: prove a phone or e-mail → {path}"),
    "session_title": Msg("Next: use the session"),
    "channel": Msg("Prove with"),
    "mobile": Msg("Phone"), "email": Msg("E-mail"),
    "captcha": Msg("1. Get captcha"),
    "solve": Msg("Solve (sandbox)"),
    "check": Msg("2. Verify captcha"),
    "send": Msg("3. Send code"),
    "read": Msg("Read the SMS / e-mail (sandbox)"),
    "code": Msg("Code"),
    "submit": Msg("4. Submit"),
    "inbox": Msg("What the user would receive ({channel} to {to}, {type}): {code}"),
    "verify_id": Msg("Verify id_token"),
    "refresh": Msg("Refresh id_token"),
    "ticket": Msg("Exchange for a ticket"),
    "secret": Msg("client_secret"),
    "not_sandbox": Msg("Not a sandbox: {detail}"),
    "to_hint": Msg("e.g. +86-13900001111 or user@example.com"),
    "fill_to": Msg("Fill in the phone (or e-mail) first: the sandbox's outbox is read by "
                   "recipient."),
    "no_message": Msg("No {type} code to {to} in the sandbox's outbox yet: press “3. Send code” "
                      "first."),
    "failed": Msg("Could not run this step: {error}"),
}


LOOPBACK = "127.0.0.1"
"""The user's IP the ticket route sends when the login sent no X-device-ip: a back end sends the
address it saw the user connect from; in a notebook, that is this machine."""


def client_for(result: Any) -> IdaasClient:
    """A client that continues ``result``'s flow: same tenant, app, device and language."""
    ex = result.exchange
    parts = urlsplit(ex.url)
    path = parts.path
    for endpoint in ENDPOINTS:
        if path.endswith(endpoint.path):
            path = path[: -len(endpoint.path)]
            break
    headers = dict(ex.request_headers)
    lower = {k.lower(): v for k, v in headers.items()}
    base = f"{parts.scheme}://{parts.netloc}{path}"
    return IdaasClient(base, lower.get("x-client-id", ""), DeviceInfo.from_headers(headers),
                       lower.get("x-l"), retries=0, clock=clock_for(base))


def close_steps(box: Any) -> None:
    """Close the steps shown in ``box`` — each step's ``IdaasClient``, its own next steps, its
    widget — before new ones replace them: a discarded step must not keep a connection pool."""
    for child in box.children:
        if isinstance(child, _Step):
            child.close()


class _Step(w.VBox):  # type: ignore[misc]  # ipywidgets ships no types: VBox is Any
    """Shared by the steps: the client, the language, an output area and the next step."""

    def __init__(self, result: Any, language: str | None = None) -> None:
        super().__init__()
        self.result = result
        said = language or result.language or ""
        self.lang = ("zh" if said.lower().startswith("zh")
                     else PSEUDO if code_of(said) == PSEUDO else "en")
        self.client = client_for(result)
        self.results: list[Any] = []
        self.title = w.HTML()
        self.output = w.HTML()
        self.followups = w.VBox()
        self.add_class("wle-form-step")

    @property
    def base_url(self) -> str:
        return self.client.base_url

    def close(self) -> None:
        """Close this step's client and the steps it offered, then the widget itself."""
        close_steps(self.followups)
        self.client.close()
        super().close()

    @property
    def next_step(self) -> _Step | None:
        """The step the last answer offers (None until there is one)."""
        children = self.followups.children
        return children[0] if children and isinstance(children[0], _Step) else None

    def _word(self, key: str, **values: Any) -> str:
        return WORDS[key](self.lang).format(**values)

    def _show(self, result: Any, *, chain: bool = False) -> Any:
        self.results.append(result)
        self.output.value = to_html(result, self.lang)
        if chain:
            close_steps(self.followups)
            self.followups.children = tuple(next_steps(result, self.lang))
        return result

    def _run(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except CallFailed as exc:
            return exc

    def _note(self, text: str) -> None:
        self.output.value = f'<div class="wle-form-note">{escape(text)}</div>'

    def _button(self, key: str, action: Callable[[], object], style: str = "") -> w.Button:
        button = w.Button(description=self._word(key), button_style=style,
                          layout=w.Layout(width="auto"))

        def clicked(_: object) -> None:
            try:
                action()
            except Exception as exc:  # a click must explain, not vanish into the kernel log
                self._note(self._word("failed", error=exc))

        button.on_click(clicked)
        return button


class VerifyStep(_Step):
    """After USER_REGISTER / SOCIAL_BIND / MFA_AUTH: captcha → code → bind, register-bind or MFA."""

    def __init__(self, result: UserRegister | SocialBind | MfaAuth,
                 language: str | None = None) -> None:
        super().__init__(result, language)
        self.endpoint = {"USER_REGISTER": SOCIAL_REGISTER_BIND, "SOCIAL_BIND": SOCIAL_BIND}.get(
            result.status.strip(), MFA_SMS)
        self.state_token = result.state_token
        choices = self._choices(result)
        self.channel = w.ToggleButtons(options=[(self._word(c), c) for c in choices],
                                       value=choices[0])
        self.to = w.Text(description="", placeholder=self._word("to_hint"),
                         layout=w.Layout(width="22em"))
        self.captcha: Captcha | None = None
        self.passed: CaptchaPassed | None = None
        self.puzzle, self.piece = (w.Image(format="png", layout=w.Layout(max_width="320px")),
                                   w.Image(format="png", layout=w.Layout(max_width="60px")))
        # No image before "1. Get captcha": an empty <img> is a broken-image icon.
        self.images = w.HBox([self.puzzle, self.piece], layout=w.Layout(display="none"))
        self.images.add_class("wle-form-puzzle")
        self.x = w.FloatSlider(value=0.0, min=0.0, max=263.0, step=1.0, description="x",
                               continuous_update=False)
        self.y = w.FloatSlider(value=5.0, min=0.0, max=155.0, step=1.0, description="y",
                               continuous_update=False)
        self.code = w.Text(description=self._word("code"), layout=w.Layout(width="16em"))
        self.inbox = w.HTML()
        heading = escape(self._word("verify_title", path="\0")).replace(
            "\0", f"<code>{escape(self.endpoint.path)}</code>")
        self.title.value = (f'<div class="wle-form-step-title">{heading}'
                            f"<br><small>X-state-token: <code>{escape(self.state_token[:24])}…"
                            f"</code></small></div>")
        buttons = w.HBox([self._button("captcha", self.get_captcha),
                          self._button("solve", self.solve),
                          self._button("check", self.verify_captcha),
                          self._button("send", self.send_code)])
        self.children = (
            self.title, w.HBox([self.channel, self.to]), buttons,
            self.images, w.HBox([self.x, self.y]),
            w.HBox([self.code, self._button("read", self.read_code),
                    self._button("submit", self.submit, "primary")]),
            self.inbox, self.output, self.followups,
        )
        if isinstance(result, MfaAuth):
            masked = self._run(lambda: self.client.mobile_by_token(self.state_token))
            if isinstance(masked, MaskedMobile):
                self.to.value = masked.mobile
            self._show(masked)

    @staticmethod
    def _choices(result: Any) -> list[str]:
        if isinstance(result, MfaAuth):
            return ["mobile"]
        picked = [c for flow, c in (("VERIFY_PHONE", "mobile"), ("VERIFY_EMAIL", "email"))
                  if flow in result.flows]
        return picked or ["mobile"]

    @property
    def code_type(self) -> str:
        """The ``type`` the code must be sent with for this call and channel."""
        return CODE_TYPES[self.endpoint.path][self.channel.value]

    # ----------------------------------------------------------------------------- scripting
    def fill(self, *, mobile: str | None = None, email: str | None = None,
             verify_code: str | None = None, x: float | None = None,
             y: float | None = None) -> VerifyStep:
        """Set the phone or e-mail (which also picks the channel), the code, the drop point."""
        if mobile is not None or email is not None:
            self.channel.value = "mobile" if mobile is not None else "email"
            self.to.value = mobile if mobile is not None else email
        if verify_code is not None:
            self.code.value = verify_code
        if x is not None:
            self.x.value = x
        if y is not None:
            self.y.value = y
        return self

    def get_captcha(self) -> Any:
        """``GET /api/v2/sdk/captcha``; shows the puzzle."""
        found = self._show(self._run(self.client.get_captcha))
        if isinstance(found, Captcha):
            self.captcha = found
            self.puzzle.value, self.piece.value = found.original_png, found.jigsaw_png
            self.images.layout.display = "flex"
        return found

    def solve(self) -> VerifyStep:
        """Sandbox only: drop the piece where ``GET /sandbox/captcha/{token}`` says it fits."""
        if self.captcha is None:
            self.get_captcha()
        if self.captcha is None:  # the tenant refused a captcha: get_captcha showed why
            return self
        try:
            with SandboxAdmin(self.base_url) as admin:
                self.x.value, self.y.value = admin.captcha_answer(self.captcha.token).point
        except NOT_A_SANDBOX as exc:
            self._note(self._word("not_sandbox", detail=exc))
        return self

    def verify_captcha(self) -> Any:
        """``POST /api/v2/sdk/captcha/verify`` with the slider's point and the phone or e-mail."""
        if self.captcha is None:
            self.get_captcha()
        captcha = self.captcha
        if captcha is None:  # the tenant refused a captcha: get_captcha showed why
            return None
        answer = self._show(self._run(lambda: self.client.verify_captcha(
            captcha.token, (self.x.value, self.y.value), self.to.value.strip())))
        self.passed = answer if isinstance(answer, CaptchaPassed) else None
        return answer

    def send_code(self) -> Any:
        """``POST /api/v2/sdk/sms/send`` or ``/email/send`` (verifies the captcha first if
        needed)."""
        if self.passed is None:
            self.verify_captcha()
        token = self.passed.captcha_token if self.passed else ""
        to = self.to.value.strip()
        if self.channel.value == "email":
            sent = self._run(lambda: self.client.send_email(to, self.code_type, token))
        else:
            state = self.state_token if self.endpoint is MFA_SMS else None
            sent = self._run(lambda: self.client.send_sms(to, self.code_type, token,
                                                          state_token=state))
        self.passed = None  # a captcha_token works once
        return self._show(sent)

    def read_code(self) -> VerifyStep:
        """Sandbox only: put the newest code of this type from ``GET /sandbox/outbox`` in Code."""
        to = self.to.value.strip()
        if not to:
            self._note(self._word("fill_to"))
            return self
        try:
            with SandboxAdmin(self.base_url) as admin:
                messages = admin.outbox()
        except NOT_A_SANDBOX as exc:
            self._note(self._word("not_sandbox", detail=exc))
            return self
        mine = [m for m in messages if m.type == self.code_type]
        # an MFA code goes to the real number behind the mask: then the newest of its type
        message = next((m for m in reversed(mine) if m.to == to),
                       mine[-1] if mine and self.endpoint is MFA_SMS else None)
        if message is None:
            self._note(self._word("no_message", type=self.code_type, to=to))
            return self
        self.code.value = message.code
        self.inbox.value = ('<div class="wle-form-note">' + escape(self._word(
            "inbox", channel=message.channel, to=message.to, type=message.type,
            code=message.code)) + "</div>")
        return self

    def submit(self) -> Any:
        """The flow's last call with the state_token; shows the answer and what follows it."""
        to, code = self.to.value.strip(), self.code.value.strip()
        proof = {self.channel.value: to}
        if self.endpoint is MFA_SMS:
            call = partial(self.client.mfa_sms, self.state_token, to, code)
        elif self.endpoint is SOCIAL_BIND:
            call = partial(self.client.social_bind, self.state_token, verify_code=code, **proof)
        else:
            call = partial(self.client.social_register_bind, self.state_token, verify_code=code,
                           **proof)
        return self._show(self._run(call), chain=True)


class SessionStep(_Step):
    """After SUCCESS: verify the id_token, refresh it, or take the deprecated ticket route."""

    def __init__(self, result: Success, language: str | None = None) -> None:
        super().__init__(result, language)
        self.secret = w.Text(description=self._word("secret"), layout=w.Layout(width="26em"))
        device = self.client.settings.device
        self.ip = w.Text(description="device_ip", value=device.device_ip or LOOPBACK,
                         layout=w.Layout(width="16em"))
        self.title.value = ('<div class="wle-form-step-title">'
                            f'{escape(self._word("session_title"))}</div>')
        self.children = (
            self.title,
            w.HBox([self._button("verify_id", self.verify_id_token),
                    self._button("refresh", self.refresh_id_token)]),
            w.HBox([self.secret, self.ip, self._button("ticket", self.ticket)]),
            self.output,
        )

    def fill(self, *, client_secret: str | None = None,
             device_ip: str | None = None) -> SessionStep:
        """The app's secret and the user's IP for the ticket route (its body requires one)."""
        if client_secret is not None:
            self.secret.value = client_secret
        if device_ip is not None:
            self.ip.value = device_ip
        return self

    def verify_id_token(self) -> Any:
        """The id_token checked against the tenant's JWKS (a ``TokenCheck``)."""
        check = self.client.check_id_token(self.result.id_token)
        self.results.append(check)
        self.output.value = to_html(check, self.lang)
        return check

    def refresh_id_token(self) -> Any:
        """``POST /api/v2/sdk/sso/session-token/id-token`` with the session_token."""
        return self._show(self._run(lambda: self.client.refresh_id_token(
            self.result.session_token)))

    def ticket(self, client_secret: str | None = None) -> Any:
        """App token → ticket → user (deprecated route); on a sandbox the secret is looked up.
        Returns the last answer (``UserInfo`` or the error that stopped the chain)."""
        self.fill(client_secret=client_secret)
        if not self.secret.value:
            self.secret.value = _sandbox_secret(self.base_url, self.client.client_id) or ""
        settings = self.client.settings
        settings.device = replace(settings.device, device_ip=self.ip.value.strip() or None)
        shown = []
        app = self._run(lambda: self.client.app_token(self.secret.value))
        shown.append(app)
        if isinstance(app, AppToken):
            ticket = self._run(lambda: self.client.sso_ticket(app, self.result.session_token))
            shown.append(ticket)
            if isinstance(ticket, SsoTicket):
                shown.append(self._run(lambda: self.client.verify_ticket(app, ticket)))
        self.results.extend(shown)
        self.output.value = "".join(to_html(r, self.lang) for r in shown)
        return shown[-1]


def _sandbox_secret(base_url: str, client_id: str) -> str | None:
    try:
        with SandboxAdmin(base_url) as admin:
            return admin.app(client_id).client_secret
    except NOT_A_SANDBOX:
        return None


def next_steps(result: Any, language: str | None = None) -> list[w.Widget]:
    """The step ``result`` offers: a ``VerifyStep`` for a state_token, a ``SessionStep`` for a
    session, nothing for the rest."""
    if isinstance(result, (UserRegister, SocialBind, MfaAuth)) and result.state_token:
        return [VerifyStep(result, language)]
    if isinstance(result, Success) and result.session_token:
        return [SessionStep(result, language)]
    return []
