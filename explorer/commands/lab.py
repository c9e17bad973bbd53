"""``weibo-explorer lab``: JupyterLab on ``notebooks/``, loopback only.

Each notebook starts its own embedded sandbox (``explorer.notebook.sandbox()``), so nothing else
needs to run. The URL printed carries a token generated for this session.
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
from pathlib import Path


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lab", help="open JupyterLab on notebooks/ (loopback only)")
    parser.add_argument("--no-browser", action="store_true", help="print the URL, open nothing")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--notebooks", "--dir", type=Path, default=Path("notebooks"),
                        help="directory to open (default notebooks/; a course workspace: "
                        "--dir weibo-course)")
    parser.set_defaults(run=run)


def command(notebooks: Path, port: int, token: str, open_browser: bool) -> list[str]:
    """The ``jupyter lab`` command line: 127.0.0.1, a fixed port (no silent retry onto another,
    so the printed URL is right), the token, and the notebooks directory as root."""
    return [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebooks.resolve()}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
    ]


def run(args: argparse.Namespace) -> int:
    if not args.notebooks.is_dir():
        print(f"weibo-explorer lab: no directory {args.notebooks}/", file=sys.stderr)
        return 1
    token = secrets.token_hex(24)
    print(f"JupyterLab: http://127.0.0.1:{args.port}/lab?token={token}", flush=True)
    process = subprocess.Popen(command(args.notebooks, args.port, token, not args.no_browser))
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
