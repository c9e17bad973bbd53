"""The publish gate: planted real-looking values are named (file, cell, kind) and refused, by
``scan``, by ``docs build``; sandbox values, fixtures and placeholders pass; so does the real
site."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import jwt
import nbformat
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from rich.console import Console

from explorer.notebook import SEED
from explorer.publish_gate import Gate, scan_paths
from explorer.redact import Redactor
from explorer.sandbox.tokens import Keys, sandbox_only_key

REAL_PHONE, REAL_EMAIL = "+86-13812349876", "zhang.wei@163.com"
BASE_PORT = int(os.environ.get("WEIBO_EXPLORER_TEST_BASE_PORT", "26600")) + 80


def _foreign_id_token() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode({"iss": "https://tenant.example", "sub": "u-1"}, key, algorithm="RS256",
                      headers={"kid": "k1"})


def _sandbox_tokens() -> tuple[str, str]:
    import hashlib

    secret = hashlib.sha256(f"sandbox-only state secret {SEED}".encode()).digest()
    keys = Keys(sandbox_only_key(), secret)
    user = {"name": "", "mobile": "+86-15907132852", "id": "u", "user_name": "louxi",
            "email": "11@qq.com"}
    return (keys.id_token(issuer="http://127.0.0.1:1", audience="a", user=user, now=1, ttl=60,
                          jti="j"),
            keys.state_token(subject={"userId": "u"}, now=1, jti="j"))


def _notebook(path: Path, *texts: str) -> Path:
    cells = [new_markdown_cell("# Planted")]
    for i, text in enumerate(texts):
        cell = new_code_cell("print(value)")
        cell.outputs = [new_output("stream", name="stdout", text=text)]
        cell.id = f"cell-{i}"
        cells.append(cell)
    nbformat.write(new_notebook(cells=cells), path)
    return path


@pytest.mark.parametrize("planted, kind", [
    (_foreign_id_token(), "jwt"), (REAL_PHONE, "phone"), (REAL_EMAIL, "email"),
    ("POST https://tenant.example/x\nAuthorization: Bearer 9f8e7d6c5b4a39281706", "authorization"),
    ('{"client_secret": "pr0d-secret-value-1234"}', "client_secret"),
], ids=["jwt", "phone", "email", "authorization", "client_secret"])  # one id on every xdist worker
def test_each_kind_is_named_with_its_cell(tmp_path, planted, kind):
    nb = _notebook(tmp_path / "leak.ipynb", "harmless output", f"value: {planted}")
    found = scan_paths([tmp_path])
    assert [(f.kind, f.where.split(" (")[0]) for f in found] == [(kind, "cell 3")], found
    assert found[0].path == str(nb)


def test_sandbox_values_fixtures_and_placeholders_pass(tmp_path):
    id_token, state_token = _sandbox_tokens()
    redacted = Redactor().jwt(_foreign_id_token())
    _notebook(tmp_path / "ok.ipynb", id_token, state_token, redacted, "+86-15907132852",
              "+86-13900002222 and li.na@example.com and 11@qq.com",
              "POST http://127.0.0.1:18600/api/v2/tenant/sso/ticket\n"
              "Authorization: Bearer 9f8e7d6c5b4a39281706",
              "client_secret=docs-demo-secret-sandbox-only-0001",
              "redacted-phone-1 redacted-email-2@redacted.invalid")
    assert scan_paths([tmp_path]) == []


def test_a_sandbox_token_tampered_with_passes_beside_its_original(tmp_path):
    id_token, _ = _sandbox_tokens()
    head, _, signature = id_token.split(".")
    tampered = ".".join([head, "eyJzdWIiOiJFVklMIn0", signature])  # {"sub":"EVIL"}
    _notebook(tmp_path / "tamper.ipynb", tampered)
    assert [f.kind for f in scan_paths([tmp_path])] == ["jwt"]  # alone: nothing vouches for it
    _notebook(tmp_path / "tamper.ipynb", id_token, tampered)
    assert scan_paths([tmp_path]) == []


def test_allow_declares_a_value_safe(tmp_path):
    _notebook(tmp_path / "mine.ipynb", REAL_EMAIL)
    assert scan_paths([tmp_path], Gate(allow=frozenset({REAL_EMAIL}))) == []


def test_widget_state_is_scanned(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# x")])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"m1": {"state": {"value": REAL_PHONE}}}}}
    nbformat.write(nb, tmp_path / "w.ipynb")
    found = scan_paths([tmp_path])
    assert [f.kind for f in found] == ["phone"] and found[0].where.startswith("metadata.widgets")


def test_cli_exits_non_zero_and_names_file_cell_kind(tmp_path):
    _notebook(tmp_path / "leak.ipynb", f"mail {REAL_EMAIL}")
    done = subprocess.run([sys.executable, "-m", "explorer", "scan", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "leak.ipynb: cell 2 (id cell-0) outputs[0].text: email: zhan…om (17)" in done.stderr
    assert REAL_EMAIL not in done.stderr  # the report (a CI log) never repeats the secret
    (tmp_path / "leak.ipynb").unlink()
    clean = subprocess.run([sys.executable, "-m", "explorer", "scan", str(tmp_path)],
                           capture_output=True, text=True, timeout=60)
    assert clean.returncode == 0, clean.stderr


def test_docs_build_refuses_a_planted_id_token(tmp_path):
    from explorer.docs.build import build

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    token = _foreign_id_token()
    nb = new_notebook(cells=[new_markdown_cell("# Planted"),
                             new_code_cell(f"print({token!r})")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells[1].id = "planted"
    nbformat.write(nb, notebooks / "planted.ipynb")
    published = []
    report = build(notebooks, tmp_path / "site", jobs=1, cache_dir=tmp_path / "cache",
                   work_dir=tmp_path / "work", base_port=BASE_PORT, required=(),
                   site_builder=lambda *a, **k: published.append(a),
                   console=Console(file=io.StringIO()))
    assert not report.ok and not published and not (tmp_path / "site").exists()
    assert "publish gate" in report.failure
    assert "planted.ipynb: cell 2 (id planted)" in report.failure and ": jwt:" in report.failure


def test_the_real_site_passes_the_gate(real_docs):
    report, site = real_docs
    assert report.ok, report.failure
    executed = site.parent / "work" / "executed"
    assert len(list(executed.glob("*.ipynb"))) >= 29
    published = [p for p in site.rglob("*")  # not the theme's vendored JS, in either edition
                 if p.is_file() and "assets" not in p.relative_to(site).parts]
    assert scan_paths([executed, *published]) == []


# ------------------------------------------------------------------------------ the corpus
CORPUS = Path(__file__).resolve().parent / "redaction_corpus"
ROOT = CORPUS.parents[1]
LEAKING = sorted(p for p in (CORPUS / "leaking").rglob("*") if p.is_file())
CLEAN = sorted(p for p in (CORPUS / "clean").rglob("*") if p.is_file())


def _scan_cli(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "explorer", "scan", *map(str, paths)],
                          capture_output=True, text=True, timeout=300)


def test_the_corpus_is_big_enough():
    assert len(LEAKING) >= 60 and len(CLEAN) >= 15
    suffixes = {p.suffix or p.name for p in LEAKING}
    assert {".ipynb", ".json", ".har", ".md", ".rst", ".svg", ".yaml", ".txt", ".html",
            ".env"} <= suffixes
    assert any(".ipynb_checkpoints" in p.parts for p in LEAKING)


def test_scan_refuses_every_leaking_corpus_file():
    """Through the real CLI, the folder as a whole: every file is named (hidden ones, SVG, reST,
    a file with one non-UTF-8 byte), and no secret is repeated in the report."""
    done = _scan_cli(CORPUS / "leaking")
    assert done.returncode == 1, done.stdout
    named = {line.split(": ", 1)[0] for line in done.stderr.splitlines() if ": " in line}
    missed = [str(p.relative_to(CORPUS)) for p in LEAKING if str(p) not in named]
    assert not missed, missed
    for secret in ("zhang.wei@163.com", "Xk29fLmQ7rT3vB8nW1cZ5yH0pD4sJ6gA", "13812349876"):
        assert secret not in done.stderr


def test_scan_passes_the_clean_corpus_and_the_projects_own_sources():
    """Documented placeholders, the vendor page's examples, the sandbox's values (tokens from
    its seeded stream, JWTs its keys signed), images, dates and ids, and the project's own
    notebooks and docs: nothing is refused."""
    done = _scan_cli(CORPUS / "clean", ROOT / "notebooks", ROOT / "docs")
    assert done.returncode == 0, done.stderr


def test_a_file_the_gate_cannot_decode_is_refused_by_name(tmp_path):
    (tmp_path / "notes.md").write_bytes(b"caf\xe9 au lait\n")
    done = _scan_cli(tmp_path)
    assert done.returncode == 1
    assert f"{tmp_path / 'notes.md'}: byte 3: unreadable: not UTF-8 text" in done.stderr
    zh = subprocess.run([sys.executable, "-m", "explorer", "scan", "--lang", "zh", str(tmp_path)],
                        capture_output=True, text=True, timeout=300)
    assert "不是 UTF-8 文本" in zh.stderr and "个看起来未脱敏的值" in zh.stderr


def test_scan_prints_the_rule_table_it_shares_with_redaction():
    from explorer.redact import rules_table

    for language in ("en", "zh"):
        done = subprocess.run([sys.executable, "-m", "explorer", "scan", "--rules", "--lang",
                               language], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stdout == rules_table(language)
    assert "| `cookie` |" in done.stdout and "拒绝" in done.stdout


@pytest.mark.parametrize("path", LEAKING, ids=lambda p: str(p.relative_to(CORPUS / "leaking")))
def test_what_redaction_writes_scans_clean(path, tmp_path):
    """One detector: whatever the gate would refuse, redaction has replaced."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    redacted = tmp_path / path.name
    redacted.write_text(Redactor().document(text, path.suffix), encoding="utf-8")
    assert scan_paths([redacted]) == []
