"""The docs build beside its peer: ``weibo-explorer docs build`` and mkdocs-jupyter
(``execute: true``) on the project's own notebooks, in the same run, for four situations:

* cold — nothing built before (empty cache and site);
* warm — built, nothing changed;
* markdown edit — one markdown cell of one notebook changed;
* module edit — a label in ``explorer/rendering/labels.py`` changed, which the outputs of every
  notebook that renders a card show.

Ours runs twice: as the README builds it (both editions, English and Chinese: every notebook
executed twice, two sites) and with ``--edition en`` — the same notebooks, once each, one site:
the peer's work, which the ratio is taken against. Each build works on its own copy of the
project in a temporary directory (the repository is never edited), with its kernels importing
that copy. The builds alternate within each round; the table shows medians over ``--rounds``, the
ratios to the peer, and after a module edit how many pages of each site show the new label — a
page that still shows the old one is stale.

    python benchmarks/docs_build.py [--rounds 1] [--base-port 23600] [--jobs 2] [--svg PATH]

With ``--forks`` it measures the fork server instead (``explorer/docs/forks.py``): ours only,
both editions, with kernels forked from the server and with ``WEIBO_EXPLORER_KERNEL_FORKS=0``,
alternating within each round, for a cold build and a code edit (one code cell of one notebook
changed: that notebook runs again, in both editions).

    python benchmarks/docs_build.py --forks [--rounds 3]

Needs the ``bench`` extra (mkdocs-jupyter). Target (issue 14): cold <= 0.2x the peer on the same
notebooks; markdown edit <= warm + 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

LABEL_FILE = "explorer/rendering/labels.py"
OLD_LABEL = "Ways to prove the user (data)"
NEW_LABEL = "Ways to prove the user (data, edited)"
SITUATIONS = ("cold", "warm", "markdown edit", "module edit")


def copy_project(dest: Path) -> Path:
    """The parts of the project a docs build reads, copied (``explorer/``, notebooks, docs, and
    the course's reference solutions, which its pages show)."""
    for part in ("explorer", "notebooks", "docs", "tests/course/solutions"):
        shutil.copytree(ROOT / part, dest / part,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


PEER_CONFIG = """site_name: peer
docs_dir: docs_src
site_dir: site
theme:
  name: material
plugins:
  - mkdocs-jupyter:
      execute: true
      allow_errors: false
nav:
{nav}
"""


def peer_project(dest: Path) -> Path:
    """The same notebooks as an mkdocs-jupyter site (the notebooks are its pages)."""
    copy_project(dest)
    src = dest / "docs_src"
    src.mkdir()
    names = sorted(p.name for p in (dest / "notebooks").glob("*.ipynb"))
    (src / "index.md").write_text("# peer\n")
    for name in names:
        os.symlink(dest / "notebooks" / name, src / name)
    nav = "\n".join(["  - index.md", *(f"  - {name}" for name in names)])
    (dest / "mkdocs.yml").write_text(PEER_CONFIG.format(nav=nav))
    return dest


def env_for(project: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(project), **extra}
    env.pop("WEIBO_EXPLORER_SANDBOX_URL", None)
    return env


def ours(project: Path, args: argparse.Namespace, *options: str, **env: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "explorer", "docs", "build", "--base-port",
                    str(args.base_port), "--jobs", str(args.jobs), *options], cwd=project,
                   env=env_for(project, **env), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def ours_english(project: Path, args: argparse.Namespace) -> float:
    return ours(project, args, "--edition", "en")


def peer(project: Path, args: argparse.Namespace) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                   env=env_for(project), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _edit_first(project: Path, cell_type: str, added: str) -> None:
    """Append ``added`` to the first ``cell_type`` cell of the first notebook."""
    import nbformat

    path = sorted((project / "notebooks").glob("*.ipynb"))[0]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == cell_type)
    cell.source += added
    nbformat.write(nb, path)


def edit_markdown(project: Path) -> None:
    """Append a sentence to the first markdown cell of the first notebook."""
    _edit_first(project, "markdown", f"\n\nEdited by the benchmark at {time.time():.0f}.")


def edit_code(project: Path) -> None:
    """Append a comment to the first code cell of the first notebook: it runs again."""
    _edit_first(project, "code", f"\n# edited by the benchmark at {time.time():.0f}")


def edit_module(project: Path, new: bool) -> None:
    path = project / LABEL_FILE
    text = path.read_text()
    old, repl = (OLD_LABEL, NEW_LABEL) if new else (NEW_LABEL, OLD_LABEL)
    path.write_text(text.replace(f'"{old}"', f'"{repl}"'))


def pages_with(site: Path, text: str) -> int:
    return sum(text in page.read_text(errors="replace") for page in site.rglob("*.html"))


def one_round(work: Path, args: argparse.Namespace, order: tuple[str, ...]) -> dict:
    """Both tools through the four situations (fresh copies), alternating in ``order``."""
    projects = {"ours": copy_project(work / "ours"), "ours-en": copy_project(work / "ours-en"),
                "peer": peer_project(work / "peer")}
    tools = {"ours": ours, "ours-en": ours_english, "peer": peer}
    times: dict[tuple[str, str], float] = {}
    stale: dict[str, tuple[int, int]] = {}
    for situation in SITUATIONS:
        for tool in order:
            project = projects[tool]
            if situation == "markdown edit":
                edit_markdown(project)
            elif situation == "module edit":
                edit_module(project, new=True)
            times[(tool, situation)] = tools[tool](project, args)
            if situation == "module edit":
                site = project / "site"
                stale[tool] = (pages_with(site, NEW_LABEL), pages_with(site, OLD_LABEL))
            print(f"  {tool:7} {situation:14} {times[(tool, situation)]:7.1f} s", flush=True)
    return {"times": times, "stale": stale}


FORK_CONFIGS = {"forks": "1", "no forks": "0"}
FORK_SITUATIONS = ("cold", "code edit")


def forks_round(work: Path, args: argparse.Namespace, order: tuple[str, ...]) -> dict:
    """Ours (both editions) with and without the fork server, cold then a code edit."""
    projects = {config: copy_project(work / config.replace(" ", "-")) for config in order}
    times: dict[tuple[str, str], float] = {}
    for situation in FORK_SITUATIONS:
        for config in order:
            if situation == "code edit":
                edit_code(projects[config])
            times[(config, situation)] = ours(projects[config], args,
                                              WEIBO_EXPLORER_KERNEL_FORKS=FORK_CONFIGS[config])
            print(f"  {config:9} {situation:10} {times[(config, situation)]:7.1f} s "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    return times


def forks_main(args: argparse.Namespace) -> int:
    rounds = []
    for n in range(args.rounds):
        order = tuple(FORK_CONFIGS) if n % 2 == 0 else tuple(reversed(FORK_CONFIGS))
        print(f"round {n + 1}/{args.rounds}", flush=True)
        with tempfile.TemporaryDirectory(prefix="wle-forks-bench-") as tmp:
            rounds.append(forks_round(Path(tmp), args, order))
    print(f"\n{args.rounds} round(s), medians (min-max); both editions, --jobs {args.jobs}; "
          f"{len(os.sched_getaffinity(0))} cores shared with the rest of the machine")
    for situation in FORK_SITUATIONS:
        cells = []
        for config in FORK_CONFIGS:
            values = [r[(config, situation)] for r in rounds]
            cells.append(f"{config} {statistics.median(values):6.1f} s "
                         f"({min(values):.1f}-{max(values):.1f})")
        print(f"{situation:10} " + "   ".join(cells))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--base-port", type=int, default=23600,
                        help="first port of our build's per-notebook sandboxes")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--svg", metavar="PATH", help="write the table as an SVG chart")
    parser.add_argument("--forks", action="store_true",
                        help="ours with and without the fork server instead of the peer")
    args = parser.parse_args()
    if args.forks:
        return forks_main(args)
    try:
        import mkdocs_jupyter  # noqa: F401
    except ImportError:
        raise SystemExit("the peer needs the bench extra: pip install mkdocs-jupyter") from None
    rounds = []
    for n in range(args.rounds):
        order = ("ours", "ours-en", "peer") if n % 2 == 0 else ("peer", "ours-en", "ours")
        print(f"round {n + 1}/{args.rounds}", flush=True)
        with tempfile.TemporaryDirectory(prefix="wle-docs-bench-") as tmp:
            rounds.append(one_round(Path(tmp), args, order))
    notebooks = len(list((ROOT / "notebooks").glob("*.ipynb")))
    print(f"\n{notebooks} notebooks, {args.rounds} round(s), medians; ours with --jobs "
          f"{args.jobs}; {len(os.sched_getaffinity(0))} cores shared with the rest of the machine")
    print(f"ours: both editions (English and Chinese: {2 * notebooks} executions, two sites); "
          f"ours-en: --edition en, the peer's work ({notebooks} executions, one site); the peer "
          f"builds the English notebooks ({notebooks} executions, one site)\n")
    tools = ("ours", "ours-en", "peer")
    print(f"{'situation':14} {'ours s':>8} {'ours-en s':>10} {'peer s':>8} {'ours-en/peer':>13} "
          f"{'ours/peer':>10}")
    med = {(tool, s): statistics.median(r["times"][(tool, s)] for r in rounds)
           for tool in tools for s in SITUATIONS}
    for situation in SITUATIONS:
        a, e, b = (med[(tool, situation)] for tool in tools)
        print(f"{situation:14} {a:8.1f} {e:10.1f} {b:8.1f} {e / b:12.2f}x {a / b:9.2f}x")
    last = rounds[-1]["stale"]
    for tool in tools:
        new, old = last[tool]
        verdict = "STALE" if old else "up to date"
        print(f"after the module edit, {tool}: {new} page(s) show the new label, {old} the old "
              f"one — {verdict}")
    for tool in ("ours", "ours-en"):
        warm, edit = med[(tool, "warm")], med[(tool, "markdown edit")]
        print(f"{tool}: markdown edit vs warm {edit - warm:+.1f} s (target <= +1 s); cold "
              f"{tool}/peer {med[(tool, 'cold')] / med[('peer', 'cold')]:.2f}x (target <= 0.2x "
              "on the peer's work)")
    if args.svg:
        from svg_chart import Bar, Panel, write

        groups = [(s, [Bar("ours, both editions", med[("ours", s)], f"{med[('ours', s)]:.1f} s"),
                       Bar("mkdocs-jupyter execute: true", med[("peer", s)],
                           f"{med[('peer', s)]:.1f} s"
                           + (" (stale pages)" if s == "module edit" and last["peer"][1] else "")),
                       Bar("ours --edition en (the peer's work)", med[("ours-en", s)],
                           f"{med[('ours-en', s)]:.1f} s")])
                  for s in SITUATIONS]
        path = write(args.svg, [Panel("build time", "s, lower is better", groups)],
                     title=f"Docs build of {notebooks} notebooks beside mkdocs-jupyter",
                     note=f"{args.rounds} round(s), medians")
        print(f"chart: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
