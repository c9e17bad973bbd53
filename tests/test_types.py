"""The package's tools, as configured in pyproject.toml: mypy (strict for the whole package) and
ruff (pyflakes, pycodestyle, isort, bugbear, pyupgrade) find nothing; and a user's code sees the
real types — also from a folder of their own after the README's install, in mypy and in pyright."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from venvs import make_venv, offline_env, run

ROOT = Path(__file__).resolve().parents[1]

USER_CODE = '''
from explorer import IdaasClient, expect
from explorer.sandbox import SandboxAdmin

client = IdaasClient("http://127.0.0.1:1", "app")
reveal_type(IdaasClient)
reveal_type(client.get_captcha())
reveal_type(client.login_weibo("t", "u"))
reveal_type(SandboxAdmin("http://127.0.0.1:1").add_user("alice"))
reveal_type(expect)
'''


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh mypy cache for both runs: nothing stale, the second run reuses the first."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=900)


def test_mypy_finds_no_error_in_the_package(cache: Path) -> None:
    done = mypy("--cache-dir", cache)
    assert done.returncode == 0 and "Success: no issues found" in done.stdout, done.stdout


def test_ruff_finds_nothing_in_the_package() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                           "--output-format", "concise"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "All checks passed!" in done.stdout, done.stdout + done.stderr


def test_a_user_of_the_package_sees_the_real_types(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "use.py").write_text(USER_CODE)
    done = mypy("--config-file", ROOT / "pyproject.toml", "--cache-dir", cache,
                tmp_path / "use.py")
    revealed = [line.split("Revealed type is ", 1)[1] for line in done.stdout.splitlines()
                if "Revealed type is" in line]
    assert len(revealed) == 5, done.stdout
    assert revealed[0].startswith('"def (base_url: ') and \
        revealed[0].endswith('-> explorer.client.clients.IdaasClient"'), revealed[0]  # not Any
    assert revealed[1] == '"explorer.results.Captcha | explorer.results.IdaasError"'
    assert "explorer.results.MfaAuth" in revealed[2] and "Captcha" not in revealed[2]
    assert revealed[3] == '"explorer.sandbox.tenant_admin.User"'
    assert revealed[4].startswith('"def (result: Any, outcome: '), revealed[4]  # the function


USER_FILE = '''
from explorer import IdaasClient

reveal_type(IdaasClient)
reveal_type(IdaasClient("http://127.0.0.1:1", "app").get_captcha())
'''


def test_after_the_readme_install_a_users_own_folder_sees_the_types(tmp_path: Path) -> None:
    """``bash scripts/install.sh`` in a fresh clone, into an activated venv; then mypy and pyright,
    run in the user's folder outside the clone without its configuration, see the class."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, clone / part)
    for folder in ("explorer", "scripts"):
        shutil.copytree(ROOT / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__"))
    env = offline_env(PIP_NO_BUILD_ISOLATION="0")  # pip's spelling of --no-build-isolation
    python = make_venv(tmp_path / "venv", env)
    env.update(VIRTUAL_ENV=str(python.parents[1]), PATH=f"{python.parent}:{env['PATH']}")
    run("bash", "scripts/install.sh", cwd=clone, env=env)  # python3 is the venv's, as if activated

    user = tmp_path / "user"
    user.mkdir()
    (user / "use.py").write_text(USER_FILE)
    seen = run("python3", "-m", "mypy", "--no-incremental", "use.py", cwd=user, env=env)
    assert "note: Revealed type is \"def (base_url: str" in seen and \
        "-> explorer.client.clients.IdaasClient\"" in seen, seen  # not Any
    assert ("Revealed type is \"explorer.results.Captcha | explorer.results.IdaasError\""
            in seen), seen
    assert "Success: no issues found" in seen, seen

    seen = run("python3", "-m", "pyright", "use.py", cwd=user, env=env)
    assert 'Type of "IdaasClient" is "type[IdaasClient]"' in seen, seen  # not Unknown
    assert 'is "Captcha | IdaasError"' in seen and "0 errors" in seen, seen
