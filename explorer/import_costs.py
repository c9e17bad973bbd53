"""Opting our own processes out of an import they pay for and never use.

``jsonschema`` (which ``nbformat`` and the sandbox's admin routes import) imports the optional
``rfc3987_syntax`` package whenever it is installed — and ``nbformat``'s
``jsonschema[format-nongpl]`` installs it — to check the ``iri`` formats. That import compiles about
35 Lark grammars: ≈ 2 s of CPU in every process, before any work
(python-jsonschema/jsonschema#1428). No schema of ours, nor nbformat's notebook schema, uses an
``iri`` format, so the command line and the docs build's workers — our processes — skip it. ``import
explorer`` in someone else's process never does.

What it buys: 1.3 s of CPU at the start of every such process — ``benchmarks/import_costs.py``
(medians of 3 alternating rounds, 2026-12-07): a docs build's worker 1.90 s → 0.63 s of CPU,
``weibo-explorer demo`` 3.44 s → 2.14 s. A build of both editions starts about six of them.
"""

from __future__ import annotations

import sys

SLOW_OPTIONAL = "rfc3987_syntax"


def skip_unused_format_checkers() -> None:
    """Make ``import rfc3987_syntax`` fail in this process, so jsonschema leaves the ``iri``
    formats unchecked (as when the package is not installed). A no-op once jsonschema is loaded:
    what it has registered stays."""
    if "jsonschema" not in sys.modules:
        # None in sys.modules is the documented way to make an import raise ImportError.
        sys.modules.setdefault(SLOW_OPTIONAL, None)  # type: ignore[arg-type]
