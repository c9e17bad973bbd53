"""Cheat (ex 1): a correct call, then it never returns — and leaves a grandchild behind (its pid
in ``grandchild.pid`` beside this file) that must die with it."""
import subprocess
import sys
import threading
from pathlib import Path

import httpx


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    Path(__file__).with_name("grandchild.pid").write_text(str(grandchild.pid))
    httpx.post(f"{base_url}/api/v2/sdk/login/weibo", json={"access_token": access_token,
                                                            "uid": uid})
    threading.Event().wait()  # forever
    return {}
