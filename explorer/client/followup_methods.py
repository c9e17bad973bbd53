"""The follow-up calls as client methods, written once for the sync and the async client.

``FollowUps`` builds each call with ``followup_requests`` and hands it to ``self._call``, which
``IdaasClient`` runs; ``AsyncIdaasClient`` gets ``AsyncFollowUps``, the same methods awaited (two
classes, so each method's return type is exact: ``get_captcha`` gives ``Captcha | IdaasError``).
Documented outcomes, errors included, come back as values; every call takes ``headers=`` to override
or drop (``None``) a header, to reproduce an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ..results import (
    AppToken,
    Captcha,
    CaptchaPassed,
    CodeSent,
    IdaasError,
    MaskedMobile,
    Refreshed,
    Result,
    SessionRefreshed,
    SsoTicket,
    UserInfo,
)
from . import followup_requests as requests
from .core import Settings
from .followup_requests import Call, Point

T = TypeVar("T")
Headers = Mapping[str, "str | None"] | None


class FollowUps:
    """Captcha, codes, bind, register-bind, MFA, id_token refresh and the ticket route."""

    settings: Settings

    def _call(self, call: Call[T]) -> T:  # pragma: no cover - provided by the client
        raise NotImplementedError

    # ---------------------------------------------------------------------- captcha and codes
    def get_captcha(self, *, headers: Headers = None) -> Captcha | IdaasError:
        """``GET /api/v2/sdk/captcha``: a slider puzzle (``Captcha``)."""
        return self._call(requests.get_captcha(self.settings, headers=headers))

    def verify_captcha(self, token: str, point: Point, sender: str, *,
                       headers: Headers = None) -> CaptchaPassed | IdaasError:
        """``POST /api/v2/sdk/captcha/verify``: ``point`` is ``(x, y)``, ``{"x", "y"}`` or the
        JSON text itself; ``sender`` the phone or e-mail the code will go to
        (``CaptchaPassed`` or ``IDAAS.SDK.CAPTCHA.0002``)."""
        return self._call(requests.verify_captcha(self.settings, token, point, sender,
                                               headers=headers))

    def send_sms(self, mobile: str, type: str, captcha_token: str, *,
                 state_token: str | None = None, headers: Headers = None) -> CodeSent | IdaasError:
        """``POST /api/v2/sdk/sms/send`` with a ``type`` such as ``REGISTER_SMS`` (``CodeSent``).
        For ``MFA_AUTH_SMS`` pass the MFA ``state_token``: the code goes to that user's phone."""
        return self._call(requests.send_sms(self.settings, mobile, type, captcha_token,
                                         state_token=state_token, headers=headers))

    def send_email(self, email: str, type: str, captcha_token: str, *,
                   headers: Headers = None) -> CodeSent | IdaasError:
        """``POST /api/v2/sdk/email/send`` with a ``type`` such as ``REGISTER_EMS``
        (``CodeSent``)."""
        return self._call(requests.send_email(self.settings, email, type, captcha_token,
                                           headers=headers))

    # ------------------------------------------------------------------ state_token follow-ups
    def social_bind(self, state_token: str, *, mobile: str | None = None,
                    email: str | None = None, verify_code: str, headers: Headers = None) -> Result:
        """``POST /api/v2/sdk/social/bind`` after SOCIAL_BIND: bind the Weibo account to the user
        who owns ``mobile`` or ``email`` (``Success``, or an ``IdaasError``)."""
        return self._call(requests.social_bind(self.settings, state_token, mobile=mobile,
                                            email=email, verify_code=verify_code,
                                            headers=headers))

    def social_register_bind(self, state_token: str, *, mobile: str | None = None,
                             email: str | None = None, verify_code: str,
                             headers: Headers = None) -> Result:
        """``POST /api/v2/sdk/social/register-bind`` after USER_REGISTER: register a user with
        ``mobile`` or ``email`` and bind the Weibo account (``Success``, or an ``IdaasError``)."""
        return self._call(requests.social_register_bind(self.settings, state_token, mobile=mobile,
                                                     email=email, verify_code=verify_code,
                                                     headers=headers))

    def mobile_by_token(self, state_token: str, *,
                        headers: Headers = None) -> MaskedMobile | IdaasError:
        """``GET /api/v2/sdk/mobile-by-token`` after MFA_AUTH: the masked phone
        (``MaskedMobile``)."""
        return self._call(requests.mobile_by_token(self.settings, state_token, headers=headers))

    def mfa_sms(self, state_token: str, mobile: str, verify_code: str, *,
                headers: Headers = None) -> Result:
        """``POST /api/v2/sdk/mfa/sms``: the second factor (``Success`` or ``AccessDenied``)."""
        return self._call(requests.mfa_sms(self.settings, state_token, mobile, verify_code,
                                        headers=headers))

    # -------------------------------------------------------------------------- after SUCCESS
    def refresh_id_token(self, session_token: str, *,
                         headers: Headers = None) -> Refreshed | IdaasError:
        """``POST /api/v2/sdk/sso/session-token/id-token``: a new id_token (``Refreshed``, or
        ``IDAAS.SDK.PARAM.0023`` for an expired or revoked session)."""
        return self._call(requests.refresh_id_token(self.settings, session_token, headers=headers))

    def app_token(self, client_secret: str, *, headers: Headers = None) -> AppToken | IdaasError:
        """Deprecated route: ``POST /api/v2/tenant/token`` (a form) → ``AppToken``."""
        return self._call(requests.app_token(self.settings, client_secret, headers=headers))

    def sso_ticket(self, app_token: str | AppToken, session_token: str, *,
                   headers: Headers = None) -> SsoTicket | IdaasError:
        """Deprecated route: a one-time ticket for ``session_token`` (``SsoTicket``)."""
        return self._call(requests.sso_ticket(self.settings, app_token, session_token,
                                           headers=headers))

    def verify_ticket(self, app_token: str | AppToken, ticket: str | SsoTicket, *,
                      headers: Headers = None) -> UserInfo | IdaasError:
        """Deprecated route: the user a ticket stands for (``UserInfo``); a ticket works once."""
        return self._call(requests.verify_ticket(self.settings, app_token, ticket, headers=headers))

    def refresh_session(self, app_token: str | AppToken, session_token: str, *,
                        headers: Headers = None) -> SessionRefreshed | IdaasError:
        """Deprecated route: renew a session_token's lifetime (``SessionRefreshed``)."""
        return self._call(requests.refresh_session(self.settings, app_token, session_token,
                                                headers=headers))


class AsyncFollowUps:
    """``FollowUps`` for ``AsyncIdaasClient``: the same calls, awaited."""

    settings: Settings

    async def _call(self, call: Call[T]) -> T:  # pragma: no cover - provided by the client
        raise NotImplementedError

    # ---------------------------------------------------------------------- captcha and codes
    async def get_captcha(self, *, headers: Headers = None) -> Captcha | IdaasError:
        return await self._call(requests.get_captcha(self.settings, headers=headers))

    async def verify_captcha(self, token: str, point: Point, sender: str, *,
                             headers: Headers = None) -> CaptchaPassed | IdaasError:
        return await self._call(requests.verify_captcha(self.settings, token, point, sender,
                                                     headers=headers))

    async def send_sms(self, mobile: str, type: str, captcha_token: str, *,
                       state_token: str | None = None,
                       headers: Headers = None) -> CodeSent | IdaasError:
        return await self._call(requests.send_sms(self.settings, mobile, type, captcha_token,
                                               state_token=state_token, headers=headers))

    async def send_email(self, email: str, type: str, captcha_token: str, *,
                         headers: Headers = None) -> CodeSent | IdaasError:
        return await self._call(requests.send_email(self.settings, email, type, captcha_token,
                                                 headers=headers))

    # ------------------------------------------------------------------ state_token follow-ups
    async def social_bind(self, state_token: str, *, mobile: str | None = None,
                          email: str | None = None, verify_code: str,
                          headers: Headers = None) -> Result:
        return await self._call(requests.social_bind(self.settings, state_token, mobile=mobile,
                                                  email=email, verify_code=verify_code,
                                                  headers=headers))

    async def social_register_bind(self, state_token: str, *, mobile: str | None = None,
                                   email: str | None = None, verify_code: str,
                                   headers: Headers = None) -> Result:
        return await self._call(requests.social_register_bind(
            self.settings, state_token, mobile=mobile, email=email, verify_code=verify_code,
            headers=headers))

    async def mobile_by_token(self, state_token: str, *,
                              headers: Headers = None) -> MaskedMobile | IdaasError:
        return await self._call(requests.mobile_by_token(self.settings, state_token,
                                                         headers=headers))

    async def mfa_sms(self, state_token: str, mobile: str, verify_code: str, *,
                      headers: Headers = None) -> Result:
        return await self._call(requests.mfa_sms(self.settings, state_token, mobile, verify_code,
                                              headers=headers))

    # -------------------------------------------------------------------------- after SUCCESS
    async def refresh_id_token(self, session_token: str, *,
                               headers: Headers = None) -> Refreshed | IdaasError:
        return await self._call(requests.refresh_id_token(self.settings, session_token,
                                                          headers=headers))

    async def app_token(self, client_secret: str, *,
                        headers: Headers = None) -> AppToken | IdaasError:
        return await self._call(requests.app_token(self.settings, client_secret, headers=headers))

    async def sso_ticket(self, app_token: str | AppToken, session_token: str, *,
                         headers: Headers = None) -> SsoTicket | IdaasError:
        return await self._call(requests.sso_ticket(self.settings, app_token, session_token,
                                                 headers=headers))

    async def verify_ticket(self, app_token: str | AppToken, ticket: str | SsoTicket, *,
                            headers: Headers = None) -> UserInfo | IdaasError:
        return await self._call(requests.verify_ticket(self.settings, app_token, ticket,
                                                       headers=headers))

    async def refresh_session(self, app_token: str | AppToken, session_token: str, *,
                              headers: Headers = None) -> SessionRefreshed | IdaasError:
        return await self._call(requests.refresh_session(self.settings, app_token, session_token,
                                                      headers=headers))
