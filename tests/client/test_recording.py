"""Recording a full register-bind flow against a foreign stand-in: nothing secret reaches the
file, and the file still replays as a readable flow. And a tenant shaped unlike the sandbox
(cookies, OIDC claims, international phones, a token in a redirect, values under keys no rule
lists): none of its planted values reaches the file either, and the gate agrees with redaction."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from urllib.parse import quote

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from standins import foreign_tenant, serve
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from explorer.client import Captcha, CaptchaPassed, CodeSent, IdaasClient, Success, UserRegister
from explorer.client.recording import exchange_dict, load_recording
from explorer.client.target import ForeignTargetWarning
from explorer.errors import CallFailed
from explorer.publish_gate import scan_paths
from explorer.rendering import to_html, to_text
from explorer.sandbox import SandboxAdmin
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID

MOBILE = "+86-13900002222"


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """The register-bind flow walked once with ``record=``; (file, the secrets it saw, results)."""
    path = tmp_path_factory.mktemp("recording") / "register-bind.json"
    token, uid, _, social_uid = ACCOUNTS["unbound"]
    with foreign_tenant() as tenant:
        import httpx

        httpx.put(tenant.admin_url + "/sandbox/policy", json={"unbound_social": "register"},
                  headers={"origin": tenant.admin_url}).raise_for_status()
        with pytest.warns(ForeignTargetWarning, match="tenant.test"), IdaasClient(
                tenant.base_url, CLIENT_ID, retries=0, transport=tenant.transport,
                record=path) as idaas:
            login = idaas.login_weibo(token, uid)
            assert isinstance(login, UserRegister), login
            captcha = idaas.get_captcha()
            assert isinstance(captcha, Captcha)
            with SandboxAdmin(tenant.admin_url) as admin:
                point = admin.captcha_answer(captcha.token).point
            passed = idaas.verify_captcha(captcha.token, point, MOBILE)
            assert isinstance(passed, CaptchaPassed), passed
            sent = idaas.send_sms(MOBILE, "REGISTER_SMS", passed.captcha_token)
            assert isinstance(sent, CodeSent), sent
            with SandboxAdmin(tenant.admin_url) as admin:
                code = admin.last_code(MOBILE, "REGISTER_SMS")
            done = idaas.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
            assert isinstance(done, Success), done
            assert done.id_token_check.verdict == "VERIFIED"
            device = idaas.settings.device
    api = done.id_token_check.api
    secrets = {
        "access_token": token, "uid": uid, "socialUid": social_uid,
        "state_token": login.state_token, "captcha token": captcha.token,
        "captcha_token": passed.captcha_token, "session_token": done.session_token,
        "id_token": done.id_token, "id_token signature": done.id_token.rsplit(".", 1)[1],
        "phone": MOBILE, "phone digits": MOBILE[-11:], "user id": api["id"],
        "fingerprint": device.device_fingerprint, "device ip": device.device_ip,
    }
    return path, secrets, done


def test_the_recording_holds_none_of_the_secret_values(flow):
    path, secrets, _ = flow
    text = path.read_text(encoding="utf-8")
    leaked = {name: value for name, value in secrets.items() if value and value in text}
    assert not leaked, leaked
    assert scan_paths([path]) == []  # and the publish gate agrees


def test_the_same_secret_gets_the_same_placeholder(flow):
    path, _, _ = flow
    doc = json.loads(path.read_text(encoding="utf-8"))
    login = doc["exchanges"][0]
    bind = next(e for e in doc["exchanges"] if e["url"].endswith("/social/register-bind"))
    state = json.loads(login["response_body"])["state_token"]
    assert dict(bind["request_headers"])["X-state-token"] == state
    fingerprints = {dict(e["request_headers"]).get("X-device-fingerprint")
                    for e in doc["exchanges"]}
    assert fingerprints - {None} == {"redacted-fingerprint-1"}  # the JWKS GET carries none


def test_the_recording_replays_as_a_readable_flow(flow):
    path, _, done = flow
    recording = load_recording(path)
    calls = [(s.exchange.method, s.path.rsplit("/", 2)[-2:], s.outcome) for s in recording.steps]
    assert [c[2] for c in calls] == ["USER_REGISTER", "HTTP 200", "HTTP 200", "HTTP 200",
                                     "SUCCESS", "HTTP 200"], calls
    assert calls[4][1] == ["social", "register-bind"]
    text = str(recording)
    assert "USER_REGISTER" in text and "SUCCESS" in text
    first = recording.results()[0]
    assert isinstance(first, UserRegister) and "USER_REGISTER" in to_text(first)
    html = recording._repr_html_()
    assert "recorded from a tenant" in html
    success = [s for s in recording.steps if s.outcome == "SUCCESS"][-1]
    claims = jwt.decode(json.loads(success.exchange.response_body)["id_token"],
                        options={"verify_signature": False})
    assert claims["iss"] == "http://tenant.test" and claims["sub"].startswith("redacted-uid-")
    assert json.loads(claims["api"])["mobile"].startswith("redacted-phone-")
    assert "USER_REGISTER" in to_html(first)


def test_a_recorded_login_replays_through_a_client(flow, sandbox):
    """``replay`` sends a recorded step again (here to the docs sandbox): its redacted token is
    one Weibo does not know, which the sandbox says in its own envelope."""
    from explorer.client import IdaasError, replay
    from explorer.notebook import arrange

    arrange(sandbox.base_url, [])  # the docs data: another test may have left the tenant changed
    path, _, _ = flow
    step = load_recording(path).steps[0]
    request = step.as_request()
    assert request["body"] == {"access_token": "redacted-access_token-1", "uid": "redacted-uid-1"}
    with IdaasClient(sandbox.base_url, CLIENT_ID, retries=0) as idaas:
        again = replay(idaas, request)
    assert isinstance(again, IdaasError) and again.error_code == "SANDBOX.WEIBO.0001"


# ------------------------------------------------------------- a tenant unlike the sandbox
OIDC_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PLANTED = {
    "session_token": "Xk29fLmQ7rT3vB8nW1cZ5yH0pD4sJ6gA",
    "cookie SUB": "_2A25LxQ9dDeRhGeNI7VEY8yfNyTWIHXVq",
    "cookie sid": "s7Gh2Jk4Lm6Np8Qr0St2Uv4Wx6Yz8Ab0",
    "preferred_username": "zhangwei88",
    "given_name": "Wei",
    "family_name": "Zhangsun",
    "street_address": "88 Jianguo Road, Chaoyang",
    "locality": "Beijing Chaoyang",
    "birthdate": "1990-05-17",
    "picture": "https://tvax1.sinaimg.cn/crop.0.0.512.512/9a3f7c.jpg",
    "uk phone": "+44 20 7123 4567",
    "full-width phone": "＋８６ １３８ １２３４ ９８７６",
    "us phone in text": "+1 650-253-0000",
    "json number phone": "13812349876",
    "access_token in Location": "2.00Qw3RtY9uIoP5aSdF7gHjK1lZxCv8bN",
    "code in Location": "SplxlOBeZQQYbYS6WxSbIA",
    "state in Location": "af0ifjsldkjQ7w2",
    "recovery e-mail": "zhang.wei@163.com",
    "e-mail percent-encoded": "li.lei%40corp.cn",
    "credential under an unlisted key": "Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL0zXc",
    "session under an unlisted key": "Mn3Bv5Cx7Zl9Kj1Hg3Fd5Sa7Qw9Er1Ty",
    "token in base64": "Pq8Wo6Ei4Ru2Ty0Yu8Io6Pa4Sd2Fg0Hj",
    "client secret echoed": "Rt5Yu7Io9Pa1Sd3Fg5Hj7Kl9Zx1Cv3Bn",
    "id_token signature": "",  # filled in when the token is signed
    "Authorization in a body": "9f8e7d6c5b4a3928170615f4e3d2c1b0",
}


def _oidc_id_token(issuer: str) -> str:
    claims = {"iss": issuer, "aud": CLIENT_ID, "sub": "u-9f3a41c7", "exp": 4102444800,
              "iat": 1767225600, "preferred_username": PLANTED["preferred_username"],
              "given_name": PLANTED["given_name"], "family_name": PLANTED["family_name"],
              "birthdate": PLANTED["birthdate"], "picture": PLANTED["picture"],
              "phone_number": PLANTED["uk phone"],
              "address": {"street_address": PLANTED["street_address"],
                          "locality": PLANTED["locality"]}}
    return jwt.encode(claims, OIDC_KEY, algorithm="RS256", headers={"kid": "oidc-1"})


def _oidc_app(tokens: dict[str, str]) -> Starlette:
    async def keys(request: Request) -> Response:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(OIDC_KEY.public_key()))
        return JSONResponse({"keys": [{**jwk, "kid": "oidc-1", "use": "sig", "alg": "RS256"}]})

    async def login(request: Request) -> Response:
        issuer = str(request.base_url).rstrip("/")
        tokens["id_token"] = token = _oidc_id_token(issuer)
        inner = base64.b64encode(json.dumps({"refresh_token": PLANTED["token in base64"]})
                                 .encode()).decode()
        body = {"status": "SUCCESS", "session_token": PLANTED["session_token"], "expire": 7200,
                "id_token": token,
                "userinfo": {"preferred_username": PLANTED["preferred_username"],
                             "given_name": PLANTED["given_name"],
                             "family_name": PLANTED["family_name"],
                             "birthdate": PLANTED["birthdate"], "picture": PLANTED["picture"],
                             "address": {"street_address": PLANTED["street_address"],
                                         "locality": PLANTED["locality"]}},
                "contact_info": {"primary": PLANTED["uk phone"],
                                 "backup": PLANTED["full-width phone"],
                                 "landline_ext": int(PLANTED["json number phone"]),
                                 "recovery": PLANTED["recovery e-mail"]},
                "note": f"call us on {PLANTED['us phone in text']}",
                "next": "https://shop.corp.cn/welcome?to=" + PLANTED["e-mail percent-encoded"],
                "upstream_credential": PLANTED["credential under an unlisted key"],
                "wbSessionKey": PLANTED["session under an unlisted key"],
                "ctx": inner, "app": {"client_secret": PLANTED["client secret echoed"]},
                "debug": f"Authorization: Bearer {PLANTED['Authorization in a body']}"}
        response = JSONResponse(body)
        response.headers.append("Set-Cookie", f"SUB={PLANTED['cookie SUB']}; Path=/; HttpOnly")
        response.headers.append("Set-Cookie", f"sid={PLANTED['cookie sid']}; Path=/; Secure")
        return response

    async def elsewhere(request: Request) -> Response:
        return RedirectResponse(
            "https://shop.corp.cn/cb#access_token=" + PLANTED["access_token in Location"]
            + "&code=" + PLANTED["code in Location"] + "&state=" + PLANTED["state in Location"],
            status_code=302)

    return Starlette(routes=[Route("/api/v1/oauth2/keys", keys),
                             Route("/api/v2/sdk/login/weibo", login, methods=["POST"]),
                             Route("/{path:path}", elsewhere, methods=["GET", "POST"])])


@pytest.fixture(scope="module")
def oidc_recording(tmp_path_factory):
    """A login and a redirected follow-up recorded from the OIDC-shaped tenant, over real HTTP:
    (the redacted file, the same exchanges unredacted, every planted value)."""
    folder = tmp_path_factory.mktemp("oidc")
    path, tokens = folder / "oidc.json", {}
    with serve(_oidc_app(tokens)) as base_url, IdaasClient(base_url, CLIENT_ID, retries=0,
                                                          record=path) as idaas:
        done = idaas.login_weibo("2.00Zx81kfP0qL2mN7rT4vB6nW8cZ0yH2", "5809412367")
        assert isinstance(done, Success) and done.id_token_check.verdict == "VERIFIED", done
        with pytest.raises(CallFailed):  # a redirect is no answer, but it is recorded
            idaas.get_captcha()
        exchanges = [exchange_dict(e) for e in idaas.history]
    planted = {**PLANTED, "id_token signature": tokens["id_token"].rsplit(".", 1)[1]}
    raw = folder / "unredacted" / "oidc.json"
    raw.parent.mkdir()
    raw.write_text(json.dumps({"exchanges": exchanges}, ensure_ascii=False), encoding="utf-8")
    return path, raw, planted


def _spellings(value: str) -> set[str]:
    import unicodedata

    plain = unicodedata.normalize("NFKC", value)
    return {value, plain, quote(plain, safe=""), plain.replace(" ", "")}


def test_no_planted_value_of_an_oidc_shaped_tenant_survives(oidc_recording):
    path, _, planted = oidc_recording
    text = path.read_text(encoding="utf-8")
    decoded = text + "".join(_decoded_segments(text))
    leaked = {name: value for name, value in planted.items()
              if any(s in decoded for s in _spellings(value))}
    assert not leaked, leaked
    doc = json.loads(text)
    cookies = [v for e in doc["exchanges"] for n, v in e["response_headers"]
               if n.lower() == "set-cookie"]
    assert cookies == ["SUB=redacted-cookie-1; Path=/; HttpOnly",
                       "sid=redacted-cookie-2; Path=/; Secure"]  # names and attributes stay
    steps = load_recording(path).steps
    assert [s.outcome for s in steps][:1] == ["SUCCESS"]  # still a readable flow


def _decoded_segments(text: str) -> list[str]:
    """Every base64 run of the file decoded (a JWT's claims, a base64 field)."""
    import re

    out = []
    for run in re.findall(r"[A-Za-z0-9_-]{16,}", text):
        try:
            out.append(base64.urlsafe_b64decode(run + "=" * (-len(run) % 4)).decode("utf-8"))
        except ValueError:
            continue
    return out


def test_scan_refuses_the_unredacted_exchanges_and_passes_the_recording(oidc_recording):
    """Through the real CLI: the gate finds what redaction must remove, and nothing after it."""
    path, raw, _ = oidc_recording
    dirty = subprocess.run([sys.executable, "-m", "explorer", "scan", str(raw)],
                           capture_output=True, text=True, timeout=120)
    assert dirty.returncode == 1, dirty.stdout
    kinds = {line.split(": ")[2] for line in dirty.stderr.splitlines() if line.count(": ") >= 3}
    assert {"cookie", "profile", "phone", "email", "session_token", "access_token",
            "secret", "client_secret", "authorization", "jwt"} <= kinds, kinds
    clean = subprocess.run([sys.executable, "-m", "explorer", "scan", str(path)],
                           capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0, clean.stderr
