"""The device a login comes from: the ``X-`` headers every ``/api/v2/sdk`` call carries.

The server refuses a login without them (``IDAAS.SDK.PARAM.0001``), and the device fingerprint
must stay the same for one user across the calls of a flow. The defaults are the vendor page's
own examples, read from the contract, so a notebook user can call the API without inventing any.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..contract import WEIBO_LOGIN


def _example(header: str) -> str:
    return WEIBO_LOGIN.header(header).example


@dataclass(frozen=True)
class DeviceInfo:
    """The client device's ``X-`` headers. ``device_ip=None`` leaves the optional header out."""

    operating_sys_version: str = _example("X-operating-sys-version")
    device_fingerprint: str = _example("X-device-fingerprint")
    agent: str = _example("X-agent")
    device_ip: str | None = _example("X-device-ip")

    def headers(self) -> dict[str, str]:
        """The headers in the contract's order (``X-device-ip`` only when set)."""
        values = {
            "X-operating-sys-version": self.operating_sys_version,
            "X-device-fingerprint": self.device_fingerprint,
            "X-device-ip": self.device_ip,
            "X-agent": self.agent,
        }
        return {name: value for name, value in values.items() if value is not None}

    @classmethod
    def from_headers(cls, headers: dict[str, str]) -> DeviceInfo:
        """The device described by a request's headers (names case-insensitive; missing -> '')."""
        lower = {name.lower(): value for name, value in headers.items()}
        return cls(
            operating_sys_version=lower.get("x-operating-sys-version", ""),
            device_fingerprint=lower.get("x-device-fingerprint", ""),
            agent=lower.get("x-agent", ""),
            device_ip=lower.get("x-device-ip"),
        )

