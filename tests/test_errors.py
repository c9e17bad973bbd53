"""The one exception tree (explorer/errors.py): its docstring is the tree the classes form, no name
is one of httpx's, the facade exports it, and each public error, raised through the surface a user
calls, is caught as ``ExplorerError``."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import nbformat
import pytest

import explorer
from explorer import errors
from explorer.errors import (
    BuildFailed,
    CallFailed,
    CourseError,
    DocsError,
    ExplorerError,
    NoFunction,
    NotebookError,
    SandboxError,
    SiteError,
)

CLASSES = {name: getattr(errors, name) for name in errors.__all__}


def documented_tree() -> dict[str, str | None]:
    """Each class the module docstring's bullet tree names, with its parent (None at the top)."""
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        stripped = line.lstrip()
        if stripped[:2] not in ("* ", "x ", "+ ", "- ", "· "):
            if parents:
                break  # the tree is one block: the prose after it is not part of it
            continue
        depth, name = len(line) - len(stripped), stripped[2:].strip()
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[name] = stack[-1][1] if stack else None
        stack.append((depth, name))
    return parents


def test_the_docstring_is_the_tree_the_classes_form():
    tree = documented_tree()
    assert set(tree) == set(CLASSES), "every class in the tree, every tree entry a class"
    for name, parent in tree.items():
        bases = [b.__name__ for b in CLASSES[name].__bases__]
        assert bases == [parent or "Exception"], name


def test_every_error_derives_from_the_one_base_and_none_is_named_as_an_httpx_error():
    assert all(issubclass(cls, ExplorerError) for cls in CLASSES.values())
    assert not set(CLASSES) & set(dir(httpx))
    public = {name for name in explorer.__all__ if isinstance(getattr(explorer, name), type)}
    assert not {n for n in public if issubclass(getattr(explorer, n), BaseException)} & set(
        dir(httpx))
    assert "TransportError" not in dir(explorer) and "TransportError" not in explorer.__all__


def test_the_facade_exports_the_whole_tree():
    for name, cls in CLASSES.items():
        assert name in explorer.__all__ and getattr(explorer, name) is cls


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed when the with-block ends: nothing listens


def test_a_call_to_a_closed_port_raises_call_failed_caught_as_the_base():
    client = explorer.IdaasClient(f"http://127.0.0.1:{closed_port()}", "app-1", retries=0)
    try:
        with pytest.raises(ExplorerError) as caught:
            client.login_weibo("weibo-token", "1001")
    finally:
        client.close()
    assert type(caught.value) is CallFailed
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.exchange is None and caught.value.url is not None


def test_checking_an_exercise_whose_function_is_missing_raises_no_function(tmp_path: Path):
    from explorer.course import check

    with pytest.raises(CourseError) as caught:
        check(1, workspace=tmp_path)  # this test module defines no exercise function
    assert type(caught.value) is NoFunction and "check(1)" in str(caught.value)


def test_a_notebook_that_must_not_be_published_raises_notebook_error(tmp_path: Path):
    from explorer.docs.site import build_site

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A page")])
    nb.metadata["explorer"] = {"section": "elsewhere"}
    path = tmp_path / "elsewhere.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(DocsError) as caught:
        build_site([path], tmp_path / "site", root=tmp_path, stage_dir=tmp_path / "src")
    assert type(caught.value) is NotebookError and "elsewhere" in str(caught.value)
    assert isinstance(caught.value, ExplorerError)


def test_an_unknown_site_engine_raises_site_error(tmp_path: Path):
    from explorer.docs.site import build_site

    with pytest.raises(ExplorerError) as caught:
        build_site([], tmp_path / "site", root=tmp_path, stage_dir=tmp_path / "src",
                   engine="hugo")
    assert type(caught.value) is SiteError and "hugo" in str(caught.value)


def test_a_site_that_cannot_be_published_raises_build_failed(tmp_path: Path):
    from explorer.docs.build import publish

    def refuse(executed: list[Path], out: Path, **_: object) -> None:
        raise OSError("disk full")

    (tmp_path / "site").mkdir()
    with pytest.raises(ExplorerError) as caught:
        publish([], tmp_path / "site", refuse, tmp_path / "src")
    assert type(caught.value) is BuildFailed and "disk full" in str(caught.value)
    assert isinstance(caught.value, DocsError)


def test_a_refused_admin_call_raises_a_sandbox_error(idaas_admin):
    with pytest.raises(SandboxError):
        idaas_admin.user("nobody")
