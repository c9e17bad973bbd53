"""Sub-commands of ``weibo-explorer``: one module each, each with ``add(subparsers)``.

Keep imports of heavy libraries inside the ``run`` functions, so ``--help`` stays fast."""
