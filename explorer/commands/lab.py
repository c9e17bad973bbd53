"""``weibo-explorer lab``: JupyterLab on ``notebooks/``, loopback only.

Each notebook starts its own embedded sandbox (``explorer.notebook.sandbox()``), so nothing else
needs to run. The URL printed carries a token generated for this session, and is printed only once
the server answers it. As root (the README's set-up runs as root) ``--allow-root`` is passed for
you. The server asks no question on first start: the news/update plugin is disabled for this server
alone (a ``page_config.json`` on ``JUPYTER_CONFIG_PATH`` of the child process; your own JupyterLab
settings are untouched), and nothing is fetched from the internet. Any argument this command does
not know goes to ``jupyter lab`` unchanged.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from ..catalogue import Msg

ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
"""The plugin that asks "get notified about official Jupyter news?" and checks for updates."""

QUIET = ("--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
START_TIMEOUT = 120.0


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "lab", help=Msg("open JupyterLab on notebooks/ (loopback only)")(said),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=Msg("JupyterLab on notebooks/, on 127.0.0.1, with a fresh token. The URL is "
                        "printed once the server answers it.")(said),
        epilog=Msg(
            "Passed to `jupyter lab` for you:\n"
           "  --ServerApp.ip=127.0.0.1 --ServerApp.port=PORT --ServerApp.port_retries=0\n"
           "  --ServerApp.root_dir=NOTEBOOKS --IdentityProvider.token=<fresh token>\n"
           "  --ServerApp.open_browser=<not --no-browser>\n"
           "  --allow-root                      when run as root\n"
           "  {quiet_news}          no news fetched\n"
           "  {quiet_updates}\n"
           "  and {announcements} disabled for this server only\n"
           "  (no \"official Jupyter news?\" question).\n"
           "Any other argument goes to `jupyter lab` unchanged, e.g.\n"
           "  weibo-explorer lab --ServerApp.shutdown_no_activity_timeout=3600")(said).format(
            quiet_news=QUIET[0], quiet_updates=QUIET[1], announcements=ANNOUNCEMENTS))
    parser.add_argument("--no-browser", action="store_true",
                        help=Msg("print the URL, open nothing")(said))
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--notebooks", "--dir", type=Path, default=Path("notebooks"),
                        help=Msg("directory to open (default notebooks/; a course workspace: "
                                 "--dir weibo-course)")(said))
    parser.add_argument("--allow-root", action="store_true",
                        help=Msg("accepted for habit's sake: passed anyway when run as root")(said))
    parser.set_defaults(run=run, pass_through=True)


def command(notebooks: Path, port: int, token: str, open_browser: bool,
            extra: list[str] | tuple[str, ...] = (), *, as_root: bool | None = None) -> list[str]:
    """The ``jupyter lab`` command line: 127.0.0.1, a fixed port (no silent retry onto another,
    so the printed URL is right), the token, the notebooks directory as root, ``--allow-root``
    when running as root, no news, then the caller's own arguments."""
    root = os.geteuid() == 0 if as_root is None else as_root
    return [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebooks.resolve()}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
        *(["--allow-root"] if root else []),
        *QUIET,
        *extra,
    ]


def quiet_config(folder: Path) -> dict[str, str]:
    """Write a ``labconfig/page_config.json`` disabling the announcements plugin into ``folder``;
    the environment that puts it on the child's ``JUPYTER_CONFIG_PATH`` (user config still read)."""
    labconfig = folder / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {ANNOUNCEMENTS: True}}), encoding="utf-8")
    paths = [str(folder),
             *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    return {"JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}


def wait_until_answering(url: str, token: str, process: subprocess.Popen[bytes],
                         timeout: float = START_TIMEOUT) -> bool:
    """True once ``GET /api/status`` answers 200 with the token; False if the process ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            answer = httpx.get(f"{url}/api/status", headers={"Authorization": f"token {token}"},
                               timeout=2)
            if answer.status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def run(args: argparse.Namespace) -> int:
    if not args.notebooks.is_dir():
        print(f"weibo-explorer lab: no directory {args.notebooks}/ here. Run it from the "
              "project's folder (where README.md is), or pass --dir DIR (for the course: "
              "weibo-explorer lab --dir weibo-course).", file=sys.stderr)
        return 1
    if importlib.util.find_spec("jupyterlab") is None:
        print("weibo-explorer lab: JupyterLab is not installed. Install it with the project's "
              "[lab] extra: bash scripts/install.sh (or pip install -e '.[lab]').",
              file=sys.stderr)
        return 1
    token = secrets.token_hex(24)
    config = Path(tempfile.mkdtemp(prefix="weibo-explorer-lab-"))
    env = dict(os.environ, **quiet_config(config))
    extra = [a for a in getattr(args, "extra", []) if a != "--allow-root"]
    url = f"http://127.0.0.1:{args.port}"
    print(f"Starting JupyterLab on {url} (notebooks: {args.notebooks.resolve()}) ...", flush=True)
    process = subprocess.Popen(command(args.notebooks, args.port, token, not args.no_browser,
                                       extra), env=env)
    signal.signal(signal.SIGTERM, _interrupt)  # a terminated `lab` stops its server too
    try:
        if not wait_until_answering(url, token, process):
            if process.poll() is None:
                print(f"weibo-explorer lab: JupyterLab did not answer on {url} within "
                      f"{START_TIMEOUT:.0f} s. Is port {args.port} taken? Try --port "
                      f"{args.port + 1}.", file=sys.stderr)
                process.terminate()
            code = process.wait()
            print(f"weibo-explorer lab: JupyterLab stopped (exit {code}); its own messages "
                  f"above say why (a taken port: --port {args.port + 1}).", file=sys.stderr)
            return code or 1
        print(f"JupyterLab: {url}/lab?token={token}", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
    finally:
        shutil.rmtree(config, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
