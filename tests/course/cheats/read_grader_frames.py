"""Cheat (ex 1): reads the frames that called it — the grader's, in the old design, with the
hidden scenarios' seed — and writes every name it found to ``found.json`` beside this file."""
import json
import os
import sys
from pathlib import Path


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    found: dict[str, list[str]] = {"locals": [], "files": [], "env": sorted(os.environ)}
    frame = sys._getframe(1)
    while frame is not None:
        found["locals"] += [f"{k}={v!r}"[:200] for k, v in frame.f_locals.items()]
        found["files"].append(frame.f_code.co_filename)
        frame = frame.f_back
    Path(__file__).with_name("found.json").write_text(json.dumps(found))
    return {}
