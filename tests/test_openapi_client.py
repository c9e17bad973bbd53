"""A Python client generated from ``weibo-explorer openapi`` parses every answer the sandbox gives.

openapi-python-client builds the client at test time, offline, into a temporary folder (never
committed); the tests drive it against a real sandbox (uvicorn on 127.0.0.1): every login outcome
of the docs fixtures, the register-bind and MFA flows with the admin calls they need, and each
front-door answer. What each answer parsed into is printed at the end (``pytest -s``).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import jwt
import pytest

from explorer.contract import ERRORS, STATUSES
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.admin_schema import SANDBOX_ERRORS
from explorer.sandbox.seed import FIXTURES

PACKAGE = "wxclient"
CONFIG = f"post_hooks: []\nproject_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\n"
PARSED: dict[str, str] = {}
"""answer → the generated type it parsed into, for the closing table."""
OPENED: list[Any] = []
"""The generated clients a test made (each holds an httpx.Client), closed after it."""


class Generated:
    """The generated package: ``op("loginWeibo")`` is an operation's module; ``models``."""

    def __init__(self, package: ModuleType, document: dict[str, Any], output: str) -> None:
        self.package = package
        self.models = importlib.import_module(f"{PACKAGE}.models")
        self.output = output
        self._modules = {
            op["operationId"]: f"{PACKAGE}.api.{_snake(op['tags'][0])}.{_snake(op['operationId'])}"
            for item in document["paths"].values() for op in item.values()}
        self._by_route = {(method.upper(), path): op["operationId"]
                          for path, item in document["paths"].items()
                          for method, op in item.items()}

    def op(self, operation_id: str) -> Any:
        return importlib.import_module(self._modules[operation_id])

    def route(self, method: str, concrete: str) -> tuple[Any, dict[str, str]]:
        """The module of the operation serving ``method concrete`` and its path arguments."""
        for (m, template), operation_id in self._by_route.items():
            names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
            parts, given = template.split("/"), concrete.split("/")
            if m == method and len(parts) == len(given) and all(
                    p == g or p.startswith("{") for p, g in zip(parts, given, strict=True)):
                values = [g for p, g in zip(parts, given, strict=True) if p.startswith("{")]
                return self.op(operation_id), dict(zip(names, values, strict=True))
        raise KeyError(f"{method} {concrete}")

    def client(self, base_url: str, **kwargs: Any) -> Any:
        """A generated ``Client``, closed (with its connections) when the test ends."""
        client = self.package.Client(base_url=base_url, raise_on_unexpected_status=True, **kwargs)
        OPENED.append(client)
        return client


@pytest.fixture(autouse=True)
def close_clients() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().get_httpx_client().close()


def _snake(name: str) -> str:
    """The generator's module names: camelCase and spaces to snake_case, punctuation dropped."""
    out = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return "_".join(w for w in "".join(c if c.isalnum() else " " for c in out).split())


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    work = tmp_path_factory.mktemp("generated-client")
    document = work / "openapi.json"
    subprocess.run([sys.executable, "-m", "explorer", "openapi", "-o", str(document)], check=True)
    (work / "config.yaml").write_text(CONFIG)
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(document),
         "--meta", "none", "--output-path", str(work / PACKAGE), "--config",
         str(work / "config.yaml")], check=False, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    sys.path.insert(0, str(work))
    try:
        yield Generated(importlib.import_module(PACKAGE), json.loads(document.read_text()), output)
    finally:
        sys.path.remove(str(work))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module", autouse=True)
def table() -> Iterator[None]:
    """Prints what each answer parsed into once the module's tests are done (``pytest -s``)."""
    yield
    width = max(map(len, PARSED), default=0)
    print("\n" + "\n".join(f"{answer:<{width}}  {kind}" for answer, kind in PARSED.items()))


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(fixtures="docs", seed=26) as sandbox:
        yield sandbox


def _headers(headers: dict[str, str], device: tuple[str, ...] = ()) -> dict[str, str]:
    """Request headers as the generated functions' keyword arguments; a required header the
    request leaves out goes as blank, which the server treats the same."""
    kwargs = {name: "" for name in device}
    kwargs.update({name.lower().replace("-", "_"): value for name, value in headers.items()})
    return kwargs


DEVICE = ("x_operating_sys_version", "x_device_fingerprint", "x_agent", "x_client_id")


def _parsed(answer: str, response: Any, type_name: str, status: int = 200) -> Any:
    parsed = response.parsed
    assert response.status_code == status, response.content
    assert type(parsed).__name__ == type_name, (answer, type(parsed), response.content)
    PARSED[answer] = f"{status} → {type_name}"
    return parsed


def _error(answer: str, response: Any, code: str) -> Any:
    envelope = _parsed(answer, response, "ErrorEnvelope", {**ERRORS, **SANDBOX_ERRORS}[
        code].http_status)
    assert envelope.error_code == code, response.content
    PARSED[answer] += f" (error_code {code})"
    return envelope


def _reset(gen: Generated, client: Any, fixture: dict[str, Any] | None = None) -> None:
    models = gen.models
    body = models.PostSandboxResetBody(fixtures=models.PostSandboxResetBodyFixtures("docs"))
    _parsed("POST /sandbox/reset", gen.op("postSandboxReset").sync_detailed(
        client=client, body=body), "PostSandboxResetResponse200")
    for step in (fixture or {}).get("arrange", []):
        module, args = gen.route(step["method"], step["path"])
        annotation = module._get_kwargs.__annotations__["body"]  # Body, or Body | Unset
        body_type = next(t for t in getattr(annotation, "__args__", (annotation,))
                         if hasattr(t, "from_dict"))
        response = module.sync_detailed(**args, client=client, body=body_type.from_dict(
            step["json"]))
        assert response.status_code < 300, response.content
        PARSED[f"{step['method']} {step['path']}"] = (
            f"{response.status_code} → {type(response.parsed).__name__}")


def _login(gen: Generated, client: Any, request: dict[str, Any]) -> Any:
    body = {"access_token": "", "uid": "", **request["body"]}
    return gen.op("loginWeibo").sync_detailed(
        client=client, body=gen.models.LoginRequest.from_dict(body),
        **_headers(request["headers"], DEVICE))


# ------------------------------------------------------------------------------------ the tests
def test_the_generator_builds_the_client_without_warnings(gen: Generated) -> None:
    assert "Warning" not in gen.output and "Error" not in gen.output, gen.output
    names = set(dir(gen.models))
    assert {"LoginSuccess", "LoginUserRegister", "LoginSocialBind", "LoginMfaAuth",
            "LoginAccessDenied", "ErrorEnvelope", "SocialFlows", "MfaFactor"} <= names
    assert not {"SUCCESS", "USERREGISTER", "MFAAUTH"} & names
    assert not [n for n in names if n.endswith(("Response400", "Response400ErrorCode"))]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f["name"])
def test_every_login_outcome_parses_into_its_type(gen: Generated, server: EmbeddedSandbox,
                                                  fixture: dict[str, Any]) -> None:
    client = gen.client(server.base_url)
    _reset(gen, client, fixture)
    response = _login(gen, client, fixture["request"])
    outcome = fixture["outcome"]
    if outcome in STATUSES:
        name = "Login" + "".join(part.title() for part in outcome.split("_"))
        parsed = _parsed(f"login {outcome}", response, name)
        assert parsed.status.value == outcome
    else:
        _error(f"login {outcome}", response, outcome)


def test_the_body_errors_of_the_login_parse_as_the_envelope(gen: Generated,
                                                            server: EmbeddedSandbox) -> None:
    """What a typed client cannot send by mistake, sent anyway: another media type, text that
    is not JSON, a list, a number for a string; and a body over 64 KiB."""
    success = next(f for f in FIXTURES if f["outcome"] == "SUCCESS")["request"]
    client = gen.client(server.base_url)
    _reset(gen, client)
    for code, rewrite in (("SANDBOX.BODY.0005", {"content_type": "text/plain"}),
                          ("SANDBOX.BODY.0001", {"content": b"{not json"}),
                          ("SANDBOX.BODY.0002", {"content": b"[]"}),
                          ("SANDBOX.BODY.0003", {"content": b'{"access_token": "t", "uid": 1}'})):
        rewritten = gen.client(server.base_url, httpx_args={"transport": Rewrite(**rewrite)})
        _error(f"login {code}", _login(gen, rewritten, success), code)
    huge = {**success, "body": {**success["body"], "access_token": "x" * 70_000}}
    _error("login SANDBOX.BODY.0004", _login(gen, client, huge), "SANDBOX.BODY.0004")


def test_the_register_bind_flow_through_the_generated_client(gen: Generated,
                                                              server: EmbeddedSandbox) -> None:
    fixture = next(f for f in FIXTURES if f["outcome"] == "USER_REGISTER")
    models, client, mobile = gen.models, gen.client(server.base_url), "+86-13800138026"
    headers = _headers(fixture["request"]["headers"], DEVICE)
    _reset(gen, client, fixture)
    register = _parsed("login USER_REGISTER", _login(gen, client, fixture["request"]),
                       "LoginUserRegister")
    flows = models.SocialFlows.from_dict(json.loads(register.data))
    assert models.VerifyMethod.VERIFY_PHONE in flows.social_bind_or_register_flow
    PARSED["USER_REGISTER data (json.loads)"] = "SocialFlows (list[VerifyMethod])"
    code = _send_code(gen, client, headers, mobile, "REGISTER_SMS")
    success = _parsed("POST /api/v2/sdk/social/register-bind", gen.op(
        "socialRegisterBind").sync_detailed(
        client=client, body=models.SocialRegisterBindBody(mobile=mobile, verify_code=code),
        x_state_token=register.state_token, **headers), "LoginSuccess")
    refreshed = _parsed("POST /api/v2/sdk/sso/session-token/id-token", gen.op(
        "refreshIdToken").sync_detailed(client=client, session_token=success.session_token,
                                        **headers), "RefreshIdTokenResponse200")
    keys = _parsed("GET /api/v1/oauth2/keys", gen.op("getJwks").sync_detailed(client=client),
                   "Jwks")
    kid = jwt.get_unverified_header(refreshed.id_token)["kid"]
    key = next(k for k in keys.keys if k.kid == kid)
    claims = jwt.decode(refreshed.id_token, jwt.PyJWK(key.to_dict()).key, algorithms=["RS256"],
                        options={"verify_aud": False})
    users = _parsed("GET /sandbox/users", gen.op("getSandboxUsers").sync_detailed(client=client),
                    "list")
    assert any(u.mobile == mobile for u in users) and claims["sub"]
    revoked = _parsed("POST /sandbox/sessions/{session_token}/revoke", gen.op(
        "postSandboxSessionsSessionTokenRevoke").sync_detailed(
        success.session_token, client=client),
        "PostSandboxSessionsSessionTokenRevokeResponse200")
    assert revoked.revoked is True
    _error("id-token refresh after revoke", gen.op("refreshIdToken").sync_detailed(
        client=client, session_token=success.session_token, **headers), "IDAAS.SDK.PARAM.0023")


def test_the_mfa_flow_through_the_generated_client(gen: Generated,
                                                   server: EmbeddedSandbox) -> None:
    fixture = next(f for f in FIXTURES if f["outcome"] == "MFA_AUTH")
    models, client = gen.models, gen.client(server.base_url)
    headers = _headers(fixture["request"]["headers"], DEVICE)
    _reset(gen, client, fixture)
    mfa = _parsed("login MFA_AUTH", _login(gen, client, fixture["request"]), "LoginMfaAuth")
    assert [models.MfaFactor(f) for f in json.loads(mfa.data)] == [models.MfaFactor.SMS]
    PARSED["MFA_AUTH data (json.loads)"] = "list[MfaFactor]"
    masked = _parsed("GET /api/v2/sdk/mobile-by-token", gen.op("getMobileByToken").sync_detailed(
        client=client, x_state_token=mfa.state_token, **headers),
        "GetMobileByTokenResponse200").mobile
    code = _send_code(gen, client, headers, masked, "MFA_AUTH_SMS", mfa.state_token)
    _parsed("POST /api/v2/sdk/mfa/sms", gen.op("mfaSms").sync_detailed(
        client=client, body=models.MfaSmsBody(mobile=masked, verify_code=code),
        x_state_token=mfa.state_token, **headers), "LoginSuccess")


def _send_code(gen: Generated, client: Any, headers: dict[str, str], mobile: str, kind: str,
               state_token: str | None = None) -> str:
    """Captcha, its answer from the admin API, the SMS, the code from the outbox."""
    models = gen.models
    captcha = _parsed("GET /api/v2/sdk/captcha", gen.op("getCaptcha").sync_detailed(
        client=client, **headers), "GetCaptchaResponse200")
    gap = _parsed("GET /sandbox/captcha/{token}", gen.op("getSandboxCaptchaToken").sync_detailed(
        captcha.token, client=client), "GetSandboxCaptchaTokenResponse200")
    passed = _parsed("POST /api/v2/sdk/captcha/verify", gen.op("verifyCaptcha").sync_detailed(
        client=client, body=models.VerifyCaptchaBody(
            point_json=json.dumps({"x": gap.x, "y": gap.y}), token=captcha.token, sender=mobile),
        **headers), "VerifyCaptchaResponse200")
    extra = {} if state_token is None else {"x_state_token": state_token}
    sent = gen.op("sendSms").sync_detailed(client=client, body=models.SendSmsBody(
        mobile=mobile, type_=kind, captcha_token=passed.captcha_token), **headers, **extra)
    _parsed("POST /api/v2/sdk/sms/send", sent, "NoneType")  # 200, the vendor's empty body
    assert sent.content == b""
    outbox = _parsed("GET /sandbox/outbox", gen.op("getSandboxOutbox").sync_detailed(
        client=client), "list")
    return str(outbox[-1].code)


def test_each_front_door_answer_parses_as_the_envelope(gen: Generated,
                                                       server: EmbeddedSandbox) -> None:
    success = next(f for f in FIXTURES if f["outcome"] == "SUCCESS")["request"]
    client = gen.client(server.base_url)
    _reset(gen, client)
    repeated = gen.client(server.base_url, httpx_args={"transport": Rewrite(
        extra=[("X-L", "en"), ("X-L", "zh")])})
    _error("repeated header", _login(gen, repeated, success), "SANDBOX.HTTP.0401")
    foreign = gen.client(server.base_url, headers={"Host": "evil.example"})
    _error("foreign Host", gen.op("getJwks").sync_detailed(client=foreign), "SANDBOX.HTTP.0400")
    _error("foreign Host (admin)", gen.op("getSandboxClock").sync_detailed(client=foreign),
           "SANDBOX.HTTP.0400")
    origin = gen.client(server.base_url, headers={"Origin": "http://evil.example"})
    _error("foreign Origin (admin)", gen.op("getSandboxPolicy").sync_detailed(client=origin),
           "SANDBOX.ADMIN.0004")
    users = gen.op("getSandboxUsersById")
    wrong = users.sync_detailed("u/social", client=client)  # reaches POST .../{id}/social
    _error("wrong method (a / in a path parameter)", wrong, "SANDBOX.HTTP.0405")
    assert wrong.headers["allow"] == "POST"
    _error("no route (a / in a path parameter)", users.sync_detailed("a/b/c", client=client),
           "SANDBOX.HTTP.0404")
    _error("no such user", users.sync_detailed("nobody", client=client), "SANDBOX.ADMIN.0002")
    text = gen.client(server.base_url, httpx_args={"transport": Rewrite(
        content_type="text/plain")})
    faults = gen.op("postSandboxFaults")
    _error("admin write as text/plain", faults.sync_detailed(
        client=text, body=gen.models.PostSandboxFaultsBody(busy=0)), "SANDBOX.ADMIN.0006")
    _error("admin body out of range", faults.sync_detailed(
        client=client, body=gen.models.PostSandboxFaultsBody(busy=-1)), "SANDBOX.ADMIN.0001")
    create = gen.op("postSandboxUsers")
    _error("admin body over 64 KiB", create.sync_detailed(client=client, body=(
        gen.models.PostSandboxUsersBody(user_name="big", name="x" * 70_000))),
        "SANDBOX.BODY.0004")
    body = gen.models.PostSandboxUsersBody(user_name="twice", id="twice")
    _parsed("POST /sandbox/users", create.sync_detailed(client=client, body=body),
            "PostSandboxUsersResponse201", 201)
    _error("duplicate user", create.sync_detailed(client=client, body=body), "SANDBOX.ADMIN.0003")


def test_an_unknown_error_code_parses_like_a_known_one(gen: Generated) -> None:
    """error_code is an open string: a code newer than the client is no crash."""
    envelope = gen.models.ErrorEnvelope.from_dict(
        {"error_code": "SANDBOX.FUTURE.0001", "error_msg": "new"})
    assert envelope.error_code == "SANDBOX.FUTURE.0001"


def test_the_admin_token_is_a_header_of_the_plain_client(gen: Generated) -> None:
    """With --admin-token the plain Client sends Authorization itself; without it, 401."""
    with EmbeddedSandbox(fixtures="none", seed=26, admin_token="t0ken") as guarded:
        clock = gen.op("getSandboxClock")
        _error("admin call without the token", clock.sync_detailed(
            client=gen.client(guarded.base_url)), "SANDBOX.ADMIN.0005")
        with_token = gen.client(guarded.base_url, headers={"Authorization": "Bearer t0ken"})
        _parsed("GET /sandbox/clock (with token)", clock.sync_detailed(client=with_token),
                "GetSandboxClockResponse200")


class Rewrite(httpx.BaseTransport):
    """Sends each request changed as a careless or hostile caller would: another body or media
    type, or extra header lines (duplicates kept)."""

    def __init__(self, content: bytes | None = None, content_type: str | None = None,
                 extra: list[tuple[str, str]] | None = None) -> None:
        self._inner = httpx.HTTPTransport()
        self._content, self._content_type, self._extra = content, content_type, extra or []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = [(k, v) for k, v in request.headers.multi_items()
                   if k.lower() not in ("content-length", "transfer-encoding")]
        if self._content_type is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
            headers.append(("Content-Type", self._content_type))
        content = request.read() if self._content is None else self._content
        changed = httpx.Request(request.method, request.url, headers=headers + self._extra,
                                content=content)
        return self._inner.handle_request(changed)

    def close(self) -> None:
        self._inner.close()
