"""The docs build's publish gate: the executed notebooks, the hand-written pages and ``tenant/``
through ``explorer.publish_gate`` before anything is published."""

from __future__ import annotations

from pathlib import Path

from ..publish_gate import Finding, scan_paths
from .sitekey import project_root


def publish_gate(executed: list[Path], root: Path | None = None) -> list[Finding]:
    """Every unredacted-looking value the site would publish (empty: the build may go on)."""
    from .tenant_pages import gate_paths  # the tenant's pages load only when a build gets this far

    return scan_paths([*executed, *gate_paths(root or project_root())])


__all__ = ["publish_gate"]
