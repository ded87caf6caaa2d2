"""The web app on a real uvicorn server on 127.0.0.1 (a free port), in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from tests.support.cli import Run
from tests.support.site import Site
from watcher.app import Watcher, make_watcher
from watcher.config import load_settings
from watcher.web import create_app


class LiveServer:
    """``extend``: adds to the app before it is served (routes a test needs)."""

    def __init__(self, watcher: Watcher, extend: Callable[[FastAPI], None] | None = None) -> None:
        self.watcher = watcher
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(watcher)
        if extend is not None:
            extend(app)
        config = uvicorn.Config(app, log_level="critical", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:  # start-up, not schedule logic: a bounded poll
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)

    def client(self, token: str | None = None, **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10, **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        self.watcher.close()


def start_server(
    db_url: str, tmp_path: Path, token: str = "", extend: Callable[[FastAPI], None] | None = None
) -> LiveServer:
    config = tmp_path / "web-config.toml"
    config.write_text("")
    settings = load_settings(
        config,
        {"WATCHER_DB": db_url, "WATCHER_WEB__TOKEN": token, "WATCHER_ALLOW_PRIVATE_ADDRESSES": "1"},
    )
    return LiveServer(make_watcher(settings), extend)


def run_carney(site: object, cli: object) -> str:
    """Serve every step of seeds/carney-call from ``site`` and ``watcher check`` it; the URL."""
    import json

    from tests.conftest import SEEDS

    scenario = SEEDS / "carney-call"
    spec = json.loads((scenario / "scenario.json").read_text())
    url: str = site.url(spec["path"])  # type: ignore[attr-defined]
    assert cli("add", url, "--label", "politics").code == 0  # type: ignore[operator]
    for step in spec["steps"]:
        site.serve(spec["path"], (scenario / step["serve"]).read_bytes())  # type: ignore[attr-defined]
        run = cli("check", url, "--json")  # type: ignore[operator]
        assert run.code == 0, run.err
    return url


HOSTILE = """<!doctype html><html><head><title>Hostile &lt;script&gt;alert(1)&lt;/script&gt;</title>
<meta property="article:modified_time" content="2025-03-28T21:42:00Z"></head><body><article>
<h1>Hostile &lt;script&gt;alert(1)&lt;/script&gt; headline</h1>
<p>First paragraph mentions &lt;img src=x onerror=alert(1)&gt; as plain text, said nobody at all today.</p>
<p>Second paragraph with &lt;script&gt;document.title='pwned'&lt;/script&gt; inside it, long enough.</p>
<p>Third paragraph: &lt;a href="javascript:alert(1)" onclick="alert(2)"&gt;click&lt;/a&gt; for more words.</p>
</article></body></html>"""


def hostile_watch(site: Site, cli: Callable[..., Run]) -> str:
    url = site.serve("/hostile", HOSTILE)
    assert cli("add", url).code == 0
    assert cli("check", url).code == 0
    site.serve(
        "/hostile", HOSTILE.replace("First paragraph", "First &lt;b onmouseover=alert(3)&gt; paragraph")
    )
    assert cli("check", url, "--all").code == 0
    return url
