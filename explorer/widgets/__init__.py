"""Widgets for JupyterLab (ipywidgets 8): ``LoginForm`` tries the Weibo Login call field by field.

``fields`` turns the contract into inputs, ``presets`` reads and arranges the sandbox's docs
fixtures, ``history`` lists a form's exchanges, ``followups`` holds what a result offers next.
"""

from __future__ import annotations

from .form import LoginForm

__all__ = ["LoginForm"]
