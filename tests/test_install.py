"""The package as a library, from the outside, in throwaway virtual environments (offline, nothing
downloaded, nothing written into this repository):

* a throwaway project pip-installs the package's wheel (not editable) and runs the docs page's test
  file, which reaches SUCCESS, USER_REGISTER, MFA_AUTH and an error through the plugin's fixtures —
  with and without xdist;
* a venv with only the base dependencies imports ``from explorer import *``, and a name that needs
  an extra says which one when it is used.

The wheel is built once, by this interpreter's own setuptools (the ``test`` extra's, with
``bdist_wheel`` built in). The venvs do not take the base interpreter's site-packages (in a
virtualenv that is another Python's, with older tools): they see exactly the folders this
interpreter sees, or only the base dependencies' files among them."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from venvs import make_venv, offline_env, run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "test_weibo_login.py"


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return offline_env()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """The package's wheel, built from a copy of the source by this interpreter's setuptools."""
    import setuptools

    version = tuple(int(p) for p in setuptools.__version__.split(".")[:2])
    assert version >= (70, 1), (f"setuptools {setuptools.__version__} cannot build a wheel without "
                                "the 'wheel' package: install the test extra (bash "
                                "scripts/install.sh test), which asks for setuptools>=70.1")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    shutil.copytree(ROOT / "explorer", source / "explorer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", work / "dist", source, cwd=work, env=env)
    [built] = (work / "dist").glob("weibo_login_explorer-*.whl")
    return built


def install(python: Path, wheel: Path, env: dict[str, str]) -> None:
    """This interpreter's pip installs the wheel into the venv of ``python`` (no deps, offline)."""
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel,
        cwd=wheel.parent, env=env)


def base_dependencies() -> list[importlib.metadata.Distribution]:
    """The installed distributions that the package's base dependencies need, and theirs, read
    from pyproject.toml (not from installed metadata, which may be an older copy)."""
    wanted = [Requirement(r) for r in
              tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]]
    seen: dict[str, importlib.metadata.Distribution] = {}
    while wanted:
        requirement = wanted.pop()
        key = requirement.name.lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = dist = importlib.metadata.distribution(requirement.name)
        for text in dist.requires or ():
            needed = Requirement(text)
            extras = [{"extra": e} for e in requirement.extras] or [{"extra": ""}]
            if needed.marker is None or any(needed.marker.evaluate(e) for e in extras):
                wanted.append(needed)
    return list(seen.values())


def only_base_dependencies(folder: Path) -> Path:
    """``folder`` holding links to the base dependencies' top-level files, and nothing else."""
    folder.mkdir()
    for dist in base_dependencies():
        location = Path(str(dist.locate_file("")))
        tops = {Path(str(f)).parts[0] for f in dist.files or () if not str(f).startswith("..")}
        for top in tops - {"__pycache__"}:
            if (location / top).exists() and not (folder / top).exists():
                (folder / top).symlink_to(location / top)
    return folder


def test_a_throwaway_project_installs_the_package_and_its_tests_pass(
        tmp_path: Path, wheel: Path, env: dict[str, str]) -> None:
    project = tmp_path / "my-app"
    (project / "tests").mkdir(parents=True)
    shutil.copy(EXAMPLE, project / "tests" / EXAMPLE.name)
    assert len(EXAMPLE.read_text().splitlines()) <= 30

    # what this interpreter sees (the dependencies, pytest, xdist), not its base's site-packages
    python = make_venv(tmp_path / "venv", env)
    install(python, wheel, env)

    where = run(python, "-c", "import explorer, pathlib; p = pathlib.Path(explorer.__file__);"
                "print(p.parent, (p.parent / 'py.typed').is_file())", cwd=project, env=env)
    package, typed = where.split()
    assert Path(package).is_relative_to(tmp_path / "venv") and typed == "True", where

    # no -p: the pytest11 entry point of the installed package loads the plugin
    alone = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=project,
                env=env)
    assert "4 passed" in alone, alone
    spread = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests",
                 cwd=project, env=env)
    assert "4 passed" in spread and "bringing up nodes" in spread, spread  # xdist ran it


STAR = """
from explorer import *
client = IdaasClient("http://127.0.0.1:1", "app")
print(type(client).__name__, render.__name__, expect.__name__)
try:
    import ipywidgets
except ModuleNotFoundError:
    print("no ipywidgets")
try:
    LoginForm()
except ModuleNotFoundError as error:
    print("LoginForm:", error)
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_package_imports_with_only_its_base_dependencies(
        tmp_path: Path, wheel: Path, env: dict[str, str], lang: str) -> None:
    python = make_venv(tmp_path / "venv", env, [str(only_base_dependencies(tmp_path / "base"))])
    install(python, wheel, env)
    env = {**env, "LANG": "zh_CN.UTF-8" if lang == "zh" else "C.UTF-8"}
    env.pop("LC_ALL", None), env.pop("LC_MESSAGES", None), env.pop("WEIBO_EXPLORER_LANG", None)

    out = run(python, "-c", STAR, cwd=tmp_path, env=env).splitlines()
    assert out[:2] == ["IdaasClient render expect", "no ipywidgets"], out
    assert out[2].startswith("LoginForm: LoginForm ") and \
        "pip install 'weibo-login-explorer[lab]'" in out[2] and "ipywidgets" in out[2], out
    assert ("需要安装可选依赖 [lab]" in out[2]) == (lang == "zh"), out
