"""What a newcomer's first run ends on: the six outcomes at a glance, and the three next commands.

``weibo-explorer demo`` and ``weibo-explorer docs serve`` (the README's main command runs one, then
the other) both end on this screen, so the summary never scrolls away behind the docs build: the
demo prints it last, and the docs server prints it again, replayed against its own live sandbox,
once it is listening. The screen fits in 25 lines of an 80-column terminal.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from .. import i18n
from ..contract import WEIBO_LOGIN

Replayed = list[tuple[dict[str, Any], Any]]
"""``(fixture, result)`` for each fixture replayed, in the sandbox's order."""

SANDBOX_URL = "http://127.0.0.1:8600"
"""Where ``weibo-explorer sandbox`` listens by default: the next commands point there."""


def replay_fixtures(base_url: str, lang: str, only: list[str] | None = None) -> Replayed:
    """Arrange each fixture of the sandbox at ``base_url`` and send its request (at the sandbox's
    clock); the tenant is reset to its docs data at the end, so a live sandbox is left as found."""
    from ..client import IdaasClient, replay, sandbox_clock, wall_clock
    from ..sandbox.tenant_admin import SandboxAdmin

    done: Replayed = []
    admin = SandboxAdmin(base_url)
    try:
        for fixture in admin.fixture_data():
            if only and fixture["name"] not in only:
                continue
            admin.apply(fixture)
            clock = sandbox_clock(base_url) or wall_clock
            with IdaasClient(base_url, fixture["client_id"], language=i18n.x_l(lang),
                             retries=0, clock=clock) as idaas:
                done.append((fixture, replay(idaas, fixture["request"])))
    finally:
        admin.apply([])  # back to the docs data
        admin.close()
    return done


def summary_table(done: Replayed, lang: str) -> Table:
    """One row per way the call ends — the five statuses, then every error code together."""
    word = i18n.words_in(lang)
    table = Table(word("outcome"), word("meaning"), word("fixture"), word("got"),
                  title=word("six_outcomes_title", n=str(len(done))), title_justify="left",
                  box=None, padding=(0, 1), pad_edge=False)
    statuses = [s.name for s in WEIBO_LOGIN.statuses]
    groups: dict[str, Replayed] = {name: [] for name in [*statuses, "error"]}
    for fixture, result in done:
        groups[fixture["outcome"] if fixture["outcome"] in statuses else "error"].append(
            (fixture, result))
    for outcome, rows in groups.items():
        if not rows:
            continue
        meaning = (WEIBO_LOGIN.status(outcome).meaning(lang) if outcome != "error"
                   else word("error_codes", n=str(len(rows))))
        wrong = [(f, r) for f, r in rows if r.status != f["outcome"]]
        got = (f"[green]✓ {word('as_expected')}[/]" if not wrong else
               "[red]✗ " + ", ".join(f"{f['name']} → {r.status}" for f, r in wrong) + "[/]")
        table.add_row(outcome if outcome != "error" else word("error_row"), meaning,
                      ", ".join(f["name"] for f, _ in rows), got)
    return table


def next_commands(lang: str, docs_url: str | None, sandbox_url: str | None) -> list[str]:
    """The three next commands: read the docs, one outcome from the terminal, the course.

    ``docs_url``/``sandbox_url``: what is already listening (the docs server serves both on one
    origin); when nothing is, the commands that start it come first."""
    word = i18n.words_in(lang)
    docs = (word("next_docs_live", url=docs_url.rstrip("/") + "/") if docs_url
            else word("next_docs_start"))
    login = (word("next_login_live", url=sandbox_url) if sandbox_url
             else word("next_login_start", url=SANDBOX_URL))
    return [word("next_title"), f"  1. {docs}", f"  2. {login}", f"  3. {word('next_course')}"]


def print_closing(console: Console, done: Replayed, lang: str, *, docs_url: str | None = None,
                  sandbox_url: str | None = None) -> int:
    """The closing screen: the summary table, whether every outcome was as expected, next steps.
    Returns how many outcomes differ from their fixture's."""
    console.print(summary_table(done, lang))
    differ: int = sum(result.status != fixture["outcome"] for fixture, result in done)
    console.print(i18n.word("differs", lang, n=str(differ)) if differ
                  else i18n.word("all_as_expected", lang))
    console.print(i18n.word("hint_error", lang), markup=False, highlight=False)
    console.print()
    for line in next_commands(lang, docs_url, sandbox_url):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    return differ
