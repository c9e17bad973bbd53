"""The documentation site: executed notebooks and pages generated from the contract, built with
mkdocs-material into an offline site, and served beside a sandbox on one loopback origin.

The top of the stack: this package may import anything of ours; nothing imports it."""
