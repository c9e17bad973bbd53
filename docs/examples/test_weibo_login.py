"""Sign in with Weibo, tested against the sandbox: one test per way the call ends."""
import pytest

from explorer.client import IdaasError, MfaAuth, Success, UserRegister


def test_a_bound_user_signs_in(idaas_admin, idaas_client):
    idaas_admin.weibo_user("token-alice", "1001", "alice")
    assert isinstance(idaas_client.login_weibo("token-alice", "1001"), Success)


def test_an_unknown_account_registers(idaas_admin, idaas_client):
    idaas_admin.set_policy(unbound_social="register")
    idaas_admin.weibo_token("token-new", "2002")
    assert isinstance(idaas_client.login_weibo("token-new", "2002"), UserRegister)


@pytest.mark.idaas(fixture="mfa-auth")
def test_a_second_factor_is_asked(idaas_sandbox, idaas_client):
    body = idaas_sandbox.fixture.body
    assert isinstance(idaas_client.login_weibo(body["access_token"], body["uid"]), MfaAuth)


def test_a_busy_tenant_answers_an_error(idaas_admin, idaas_client):
    idaas_admin.weibo_user("token-bob", "3003", "bob")
    idaas_admin.arm_busy(1)
    result = idaas_client.login_weibo("token-bob", "3003")
    assert isinstance(result, IdaasError) and result.error_code == "IDAAS.SDK.COM.0002"
