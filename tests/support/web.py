"""The web app on a real uvicorn server on 127.0.0.1 (a free port), in a thread."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from watcher.app import Watcher, make_watcher
from watcher.config import load_settings
from watcher.web import create_app


class LiveServer:
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(watcher), log_level="warning", access_log=False, lifespan="off")
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


def start_server(db_url: str, tmp_path: Path, token: str = "") -> LiveServer:
    config = tmp_path / "web-config.toml"
    config.write_text("")
    settings = load_settings(
        config,
        {"WATCHER_DB": db_url, "WATCHER_WEB__TOKEN": token, "WATCHER_ALLOW_PRIVATE_ADDRESSES": "1"},
    )
    return LiveServer(make_watcher(settings))


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
