"""Every exception the package raises to its users, as one tree under one base:

* ExplorerError
  x CallFailed
  x SandboxError
  x CourseError
    + NoFunction
  x DocsError
    + NotebookError
    + SiteError
    + BuildFailed

``except ExplorerError`` catches anything the explorer could not do; each branch is one part of
it. ``CallFailed``: a call of the client got no documented answer (no connection, a timeout, a
redirect, a body that is not the error envelope, an unknown status) — the API's documented
errors are not exceptions but values (``IdaasError``, like every result of a call: see
``explorer.results``). ``SandboxError``: the sandbox refused or could not do what its admin API
or its server was asked. ``CourseError``: the course could not check an exercise
(``NoFunction``: the learner has not written the function yet). ``DocsError``: the docs build
could not publish (``NotebookError``: a notebook that must not be published as it is;
``SiteError``: the site engine failed or warned; ``BuildFailed``: a gate or a step of the build
said no).

A mistaken argument (a wrong type, a value out of range, a malformed file handed to a loader)
raises Python's own ``TypeError`` or ``ValueError``, as httpx does: those are bugs of the caller,
not things the explorer could not do. No name here is one of httpx's, so ``from httpx import *``
and ``from explorer.errors import *`` never shadow each other.

This module sits at the bottom of the package's ranks (``pyproject.toml``,
``[tool.importlinter]``): every module may import it, and it imports nothing of the package at
run time (``Exchange`` is named for type checkers only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import Exchange

__all__ = [
    "BuildFailed", "CallFailed", "CourseError", "DocsError", "ExplorerError", "NoFunction",
    "NotebookError", "SandboxError", "SiteError",
]


class ExplorerError(Exception):
    """The base of every exception the explorer raises to its users."""


class CallFailed(ExplorerError):
    """The call did not produce a documented answer: no connection, a timeout, or a response
    that is neither a known status nor the error envelope. ``exchange`` holds what was seen;
    the httpx exception, if one was raised, is the ``__cause__``."""

    def __init__(self, message: str, exchange: Exchange | None = None,
                 url: str | None = None) -> None:
        super().__init__(message)
        self.exchange = exchange
        self.url = url if url is not None else (exchange.url if exchange else None)
        """The URL the call went to (also when nothing answered, so there is no exchange)."""


class SandboxError(ExplorerError):
    """The sandbox refused an admin call or could not do what it was asked."""


class CourseError(ExplorerError):
    """The course could not check an exercise."""


class NoFunction(CourseError):
    """The learner has not written the function (yet)."""


class DocsError(ExplorerError):
    """The docs build could not publish the site."""


class NotebookError(DocsError):
    """A notebook that cannot be published as it is; the message says which and why."""


class SiteError(DocsError):
    """The site could not be built; the message says why (mkdocs warnings included)."""


class BuildFailed(DocsError):
    """A docs build step said no: a notebook failed, or the coverage or the publish gate
    refused; the message says which."""
