"""A real chromium page, served from another loopback port, tries to drive the sandbox's admin API
the way any web page a developer visits could — and fails."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from .process import SandboxProcess

ATTACK = """<!doctype html><meta charset="utf-8"><title>innocent page</title><script>
async function attack(sandbox) {
  const tries = [];
  // The "simple" requests a page may send anywhere without asking: text/plain, no preflight.
  for (const [path, body] of [["/sandbox/users", '{"user_name":"planted-by-a-page"}'],
                              ["/sandbox/faults", '{"busy":0.0}'],
                              ["/sandbox/policy", '{"unbound_social":"reject"}']]) {
    try {
      await fetch(sandbox + path, {method: "POST", mode: "no-cors", body: body,
                                   headers: {"content-type": "text/plain"}});
      tries.push(path + " sent");
    } catch (e) { tries.push(path + " " + e); }
  }
  // A JSON request needs a CORS preflight, which the sandbox never grants.
  try {
    const r = await fetch(sandbox + "/sandbox/users", {method: "POST", body: "{}",
                          headers: {"content-type": "application/json"}});
    tries.push("json answered " + r.status);
  } catch (e) { tries.push("json blocked"); }
  // Reading the outbox cross-origin is blocked by the browser (no CORS headers).
  try { await (await fetch(sandbox + "/sandbox/outbox")).text(); tries.push("outbox read"); }
  catch (e) { tries.push("outbox blocked"); }
  return tries;
}
</script>"""


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = ATTACK.encode()
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def evil_origin() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_loopback_port_cannot_write_to_the_admin_api(evil_origin):
    from browser import launch

    with SandboxProcess() as sandbox, launch() as browser:
        before = httpx.get(sandbox.base_url + "/sandbox/users").json()
        page = browser.new_page()
        page.goto(evil_origin + "/")
        tries = page.evaluate("sandbox => attack(sandbox)", sandbox.base_url)
        assert "json blocked" in tries and "outbox blocked" in tries, tries
        assert httpx.get(sandbox.base_url + "/sandbox/users").json() == before
        policy = httpx.get(sandbox.base_url + "/sandbox/policy").json()
        assert policy["unbound_social"] != "reject"
        docs_login = httpx.get(sandbox.base_url + "/sandbox/fixtures").json()[0]
        answer = httpx.post(sandbox.base_url + docs_login["request"]["path"],
                            headers=docs_login["request"]["headers"],
                            json=docs_login["request"]["body"])
        assert answer.status_code != 500, answer.text  # no busy fault was armed


def test_a_page_on_another_loopback_port_cannot_read_the_admin_api_through_an_image(evil_origin):
    """An ``<img>`` GET sends no Origin, but chromium says ``Sec-Fetch-Site: same-site`` (another
    port of 127.0.0.1; ``cross-site`` from another host): the sandbox refuses it before building
    any answer (the log shows the refusal)."""
    from browser import launch

    with SandboxProcess() as sandbox, launch() as browser:
        page = browser.new_page()
        page.goto(evil_origin + "/")
        page.evaluate("""url => new Promise(done => { const image = new Image();
            image.onload = image.onerror = done; image.src = url; })""",
                      sandbox.base_url + "/sandbox/outbox")
        entries = httpx.get(sandbox.base_url + "/sandbox/requests").json()
    image = [e for e in entries if e["path"] == "/sandbox/outbox"]
    assert image, entries
    assert image[-1]["headers"].get("sec-fetch-site") == "same-site"
    assert "origin" not in image[-1]["headers"]
    assert image[-1]["status"] == 403 and "SANDBOX.ADMIN.0004" in image[-1]["answer"]
