"""``weibo-explorer docs build|serve``: build the site from executed notebooks; serve it with a
sandbox on one loopback origin."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..catalogue import Msg
from ..docs.sitekey import ENGINES
from ..i18n import LANGUAGES, add_lang_option, cli_language, word

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser("docs", help=Msg("build or serve the documentation site")(said))
    actions = parser.add_subparsers(dest="docs_command", metavar="ACTION", required=True)

    build = actions.add_parser(
        "build", help=Msg("execute the notebooks (cached), gate coverage, build the site")(said),
        description=Msg(
            "Execute notebooks/*.ipynb against deterministic sandboxes, in English and in "
           "Chinese, check that every status and seed error code is asserted in each, and build "
           "the offline site: English at /, Chinese at /zh/. A failing notebook "
           "exits non-zero and publishes nothing.")(said),
    )
    build.add_argument("--jobs", "-j", type=int, default=None,
                       help=Msg("notebooks executed at once (default: CPU count)")(said))
    build.add_argument("--force", action="store_true",
                       help=Msg("re-execute every notebook")(said))
    build.add_argument("--only", metavar="GLOB",
                       help=Msg("re-execute only the notebooks matching GLOB (others from the "
                                "cache)")(said))
    build.add_argument("--out", type=Path, default=Path("site"),
                       help=Msg("site directory (site/)")(said))
    build.add_argument("--edition", action="append", choices=LANGUAGES, metavar="LANG",
                       help=Msg("build only this edition (en or zh; repeat for both, the "
                                "default). One edition alone is published at the site's root, "
                                "without the language switcher")(said))
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help=Msg("the static-site engine that builds the pages from mkdocs.yml: "
                                "mkdocs (default) or zensical (pip install zensical); see "
                                "docs/building-the-docs.md")(said))
    build.add_argument("--notebooks", type=Path, default=Path("notebooks"), help=argparse.SUPPRESS)
    build.add_argument("--base-port", type=int, default=None,
                       help=Msg("first sandbox port; notebook i gets base+i in English, "
                                "base+100+i in Chinese (default 18600)")(said))
    build.set_defaults(run=run_build)

    serve = actions.add_parser("serve", help=Msg("serve the built site and a sandbox on one "
                                                 "origin")(said))
    serve.add_argument("--host", default="127.0.0.1",
                       help=Msg("loopback address (default 127.0.0.1)")(said))
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--site", type=Path, default=Path("site"),
                       help=Msg("built site directory")(said))
    serve.add_argument("--build", action="store_true",
                       help=Msg("run 'docs build' first")(said))
    serve.add_argument("--no-sandbox", action="store_true",
                       help=Msg("serve the site alone (the Try-it panel replays recorded "
                                "exchanges)")(said))
    add_lang_option(serve, said)
    serve.set_defaults(run=run_serve)


def run_build(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..docs.build import BASE_PORT
    from ..docs.editions import build_editions

    console = Console(stderr=True)
    chosen = args.edition or LANGUAGES
    report = build_editions(args.notebooks, args.out, jobs=args.jobs, force=args.force,
                            only=args.only, base_port=args.base_port or BASE_PORT,
                            languages=tuple(lang for lang in LANGUAGES if lang in chosen),
                            console=console, engine=args.engine)
    console.print(report)
    return 0 if report.ok else 1


def run_serve(args: argparse.Namespace) -> int:
    said = cli_language(args.lang)
    if args.host not in LOOPBACK:
        print("weibo-explorer docs serve: " + word("serve_not_loopback", said, host=args.host))
        return 2
    if args.build and run_build(argparse.Namespace(
            notebooks=Path("notebooks"), out=args.site, jobs=None, force=False, only=None,
            base_port=None, edition=None, engine="mkdocs")):
        return 1
    if not (args.site / "index.html").is_file():
        print("weibo-explorer docs serve: " + word("serve_no_site", said, site=str(args.site)))
        return 1
    from rich.console import Console

    from ..docs.serve import ServedSite
    from ..notebook import CLOCK, SEED
    from ._closing import next_commands, print_closing, replay_fixtures

    sandbox = None
    if not args.no_sandbox:
        from ..sandbox import SandboxConfig

        sandbox = SandboxConfig(db=":memory:", fixtures="docs", seed=SEED, clock=CLOCK)
    lang = cli_language(args.lang)
    try:
        served = ServedSite(args.site, host=args.host, port=args.port, sandbox=sandbox)
    except OSError as exc:
        print(word("serve_port_taken", lang, error=str(exc), port=str(args.port + 1)))
        return 2
    console = Console()
    with served:
        url = served.base_url
        console.print(word("serving", lang, site=str(args.site), url=url + "/") + " " + word(
            "serving_sandbox" if sandbox else "serving_no_sandbox", lang), markup=False,
            highlight=False, soft_wrap=True)
        console.print()
        if sandbox is not None:  # the closing screen, replayed against the live sandbox
            print_closing(console, replay_fixtures(url, lang), lang, docs_url=url, sandbox_url=url)
        else:
            for line in next_commands(lang, url, None):
                console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print(word("ctrl_c", lang), markup=False, highlight=False)
        console.file.flush()  # a log or a pipe sees the closing screen now, not at exit
        try:
            served.wait()
        except KeyboardInterrupt:
            pass
    return 0
