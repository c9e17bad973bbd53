"""The documentation site: executed notebooks and pages generated from the contract, built with
mkdocs-material into an offline site, and served beside a sandbox on one loopback origin.

The top of the stack: this package may import anything of ours; nothing imports it. No public
names: ``weibo-explorer docs build|serve`` is the interface."""

__all__: list[str] = []
