"""Our own processes skip rfc3987-syntax's ≈ 2 s import; a library user's process never does."""

from __future__ import annotations

import subprocess
import sys
from importlib.util import find_spec

import pytest

pytestmark = pytest.mark.skipif(find_spec("rfc3987_syntax") is None,
                                reason="rfc3987-syntax is not installed: nothing to skip")

LOADED = "import sys; print(sys.modules.get('rfc3987_syntax') is not None)"


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120).stdout.strip()


def test_the_command_line_opts_out_and_jsonschema_still_validates():
    out = _python(
        "import sys\n"
        "from explorer.cli import main\n"
        "main(['fixtures'])\n"  # any command: main() opts out before the command runs
        "import jsonschema\n"
        "jsonschema.validate({'a': 1}, {'properties': {'a': {'type': 'integer'}}})\n"
        "try:\n"
        "    jsonschema.validate({'a': 'x'}, {'properties': {'a': {'type': 'integer'}}})\n"
        "except jsonschema.ValidationError:\n"
        "    print('refused')\n"
        + LOADED)
    assert out.splitlines()[-2:] == ["refused", "False"]


def test_importing_the_library_changes_nothing():
    assert _python("import explorer, explorer.sandbox, jsonschema\n" + LOADED) == "True"


def test_too_late_is_a_no_op():
    assert _python("import jsonschema\n"
                   "from explorer.import_costs import skip_unused_format_checkers\n"
                   "skip_unused_format_checkers()\n" + LOADED) == "True"
