"""What the form offers under a result: the next call of the flow.

``next_steps(result)`` returns the widgets to show below a rendered result. It returns none yet;
the follow-up forms go here: a USER_REGISTER / SOCIAL_BIND / MFA_AUTH result will get a form
pre-filled with its state_token, a SUCCESS one "verify / refresh id_token".
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w


def next_steps(result: Any) -> list[w.Widget]:
    """Widgets for the calls that follow ``result`` (none yet)."""
    return []
