"""What the form offers under a result: the next call of the flow.

``next_steps(result)`` returns the widgets to show below a rendered result: a USER_REGISTER,
SOCIAL_BIND or MFA_AUTH result gets a ``VerifyStep`` pre-filled with its state_token, a SUCCESS a
``SessionStep`` (verify / refresh the id_token, exchange the session for a ticket); each step offers
the next one in turn (``step.next_step``). The steps live in ``steps``.
"""

from __future__ import annotations

from .steps import SessionStep, VerifyStep, next_steps

__all__ = ["SessionStep", "VerifyStep", "next_steps"]
