"""Sub-commands of ``weibo-explorer``: one module each, each with ``add(subparsers, said)`` (its
help said in the reader's language) and a ``run`` function.

Keep imports of heavy libraries inside the ``run`` functions, so ``--help`` stays fast. No public
names: the commands are the interface (``weibo-explorer --help``)."""

__all__: list[str] = []
