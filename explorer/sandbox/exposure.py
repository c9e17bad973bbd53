"""What a sandbox bound beyond loopback shows the network, and the admin token that guards it.

On loopback nobody but the developer's own machine reaches the admin API, so no token is needed
(the Origin and Host rules keep web pages out). Bound to ``0.0.0.0`` or any other non-loopback
address the captcha answers, the outbox, every app's ``client_secret`` and ``reset`` are one HTTP
call away for the whole network: a token is required, generated when none is given, and printed
once with a warning that says so.
"""

from __future__ import annotations

import secrets
from dataclasses import replace

from .config import SandboxConfig


def secure(config: SandboxConfig) -> tuple[SandboxConfig, str | None]:
    """``config`` with an admin token wherever one is required, and the warning to print once
    (None on loopback)."""
    if config.loopback:
        return config, None
    generated = config.admin_token is None
    if generated:
        config = replace(config, admin_token=secrets.token_urlsafe(24))
    lines = [
        f"WARNING: the sandbox listens on {config.host}:{config.port}, beyond loopback.",
        "Reachable from the network: the login API, and the admin API /sandbox/* (captcha "
        "answers, the outbox of codes, every app's client_secret, users, policy, reset).",
        "Every /sandbox/* call needs: Authorization: Bearer <admin token>.",
    ]
    if generated:
        lines.append(f"Admin token (generated, shown once): {config.admin_token}")
        lines.append("Give it to the project's tools with WEIBO_EXPLORER_ADMIN_TOKEN=<token>.")
    if config.seed is not None:
        lines.append(f"--seed {config.seed}: the signing key is the PUBLISHED sandbox-only key; "
                     "anyone can mint id_tokens this sandbox's JWKS accepts. Never trust them "
                     "outside the sandbox.")
    if not config.public_url:
        lines.append("Clients must send a Host header this sandbox accepts: pass --public-url "
                     "with the address they use.")
    return config, "\n".join(lines)
