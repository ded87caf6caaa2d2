"""Rendering a page built by scripts: the fetched page, run in headless Chromium.

Some sites send a shell and fill the article in with JavaScript. For a watch added with
``--render``, the page fetched by ``Fetcher`` is loaded into a headless browser (driven by
Playwright), its scripts run, and the document they leave is what is stored and read.

The browser reaches no network of its own: it runs in a network namespace with no interface
up (``browser.isolate_network``), and every request it makes is answered here:

- the page itself with the bytes already fetched (one fetch a check, and the snapshot is the
  document those bytes became);
- scripts, data and other documents' text through the same ``Fetcher`` as every page, in the
  host's turn (``HostLimiter``), so the address policy (no private or loopback address unless
  allowed), size cap, timeouts, user agent and politeness hold for them too; only GET, at
  most ``browser.max_requests`` a page;
- images, media, fonts and style sheets are refused: they add no text; so are WebSockets,
  event streams, beacons, frames, popups' pages and scripts' navigations away.

One browser is started on the first rendered page given to a ``Renderer`` (a run of ``watcher
check``, or the service) and closed with it; at most ``browser.pages`` pages render at once.
A browser that cannot start, a page that does not finish in ``browser.timeout``, a document
over ``fetch.max_bytes``: each is a ``FetchError``, recorded on the watch's check like any
failed fetch. A browser that crashed, or whose page would not close, is started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import shutil
import tempfile
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from watcher.config import BrowserSettings
from watcher.errors import BodyTooLargeError, FetchError
from watcher.redact import redact_url
from watcher.types import FetchResult

if TYPE_CHECKING:
    from watcher.fetch import Fetcher

__all__ = ["Renderer", "find_browser"]

log = logging.getLogger(__name__)

#: where Chromium or Chrome is usually found, when ``browser.executable`` is empty
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: headless, and nothing of the browser's own talking to the network (updates, sync, metrics)
_ARGS = [
    "--headless",
    "--no-sandbox",  # (as root in a container the sandbox cannot start)
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--mute-audio",
    "--dns-prefetch-disable",
    # whatever the browser would send past the routes over HTTP goes to a proxy that is not
    # there, loopback included ("<-loopback>": no proxy bypass for it); see also ``_offline``
    "--proxy-bypass-list=<-loopback>",
]
#: a network namespace of its own (``--map-root-user``: also for a user who is not root)
_UNSHARE = ("--net", "--map-root-user")
_NOT_ISOLATED = (
    "the browser cannot be kept off the network (browser.isolate_network = false renders "
    "without that: a page's WebRTC could then reach any address)"
)
#: the discard port on loopback: nothing listens, so nothing sent through it arrives
_NO_PROXY: Any = {"server": "http://127.0.0.1:9"}
#: requests that add nothing to a document's text
_REFUSED_TYPES = frozenset(
    {"image", "media", "font", "stylesheet", "manifest", "texttrack", "websocket", "eventsource", "ping"}
)
#: seconds a page's context, or the browser, is given to close
CLOSE_TIMEOUT = 10.0
#: seconds before a browser that could not start is tried again (a long-running service)
RETRY_LAUNCH = 300.0
#: a page whose requests have all ended this long ago is taken as rendered
QUIET = 0.2
#: run in every page before its own scripts: milliseconds since its document's text or
#: elements last changed (-1 while it is parsed), as a property the page cannot redefine,
#: computed with functions taken before the page could replace them
_WATCH_MUTATIONS = """(() => {
  const now = performance.now.bind(performance);
  const state = Object.getOwnPropertyDescriptor(Document.prototype, 'readyState').get;
  const doc = document;
  let changed = now();
  new MutationObserver(() => { changed = now(); })
    .observe(doc, {subtree: true, childList: true, characterData: true});
  Object.defineProperty(window, '__watcherQuiet', {
    get: () => (state.call(doc) === 'loading' ? -1 : now() - changed),
    configurable: false,
  });
  const root = Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement').get;
  const outer = Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML').get;
  Object.defineProperty(window, '__watcherSize', {
    get: () => { const el = root.call(doc); return el ? outer.call(el).length : 0; },
    configurable: false,
  });
})();"""
_QUIET_MS = "window.__watcherQuiet"
#: the document's length in UTF-16 code units, never more than its length in UTF-8 bytes
_SIZE = "window.__watcherSize"
#: any content type is taken for a subresource (its bytes go back to the browser as they came)
_ANY_TYPE = ("",)


def find_browser(configured: str) -> str | None:
    """The browser to start: ``browser.executable`` if set, else the first one on PATH."""
    if configured:
        return shutil.which(configured) or None
    for name in _BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class Renderer:
    """Runs fetched pages in one headless browser, started when first needed."""

    def __init__(self, settings: BrowserSettings, fetcher: Fetcher, max_bytes: int) -> None:
        self.settings = settings
        self.fetcher = fetcher  #: its politeness is kept by the pages' own requests too
        self.max_bytes = max_bytes
        self._slots = asyncio.Semaphore(settings.pages)
        self._start_lock = asyncio.Lock()
        self._playwright: Any = None
        self._browser: Any = None
        #: why the browser could not start, and when (tried again ``RETRY_LAUNCH`` seconds later)
        self._failure: tuple[str, float] | None = None
        self._workdir: str | None = None  #: where the launcher is (``_offline``)

    async def render(self, page: FetchResult) -> FetchResult:
        """``page`` as its scripts leave it: the same check's result, with the document for body."""
        started = time.perf_counter()
        async with self._slots:
            browser = await self._started()  # (in the page's turn: one started again meanwhile)
            try:
                async with asyncio.timeout(self.settings.timeout):
                    html = await self._run(browser, page)
            except TimeoutError:
                raise FetchError(
                    f"rendering did not finish in {self.settings.timeout:g}s (browser.timeout)",
                    status=page.status,
                ) from None
            except FetchError:
                raise
            except Exception as exc:  # Playwright's errors: the page or the browser failed
                if not browser.is_connected():  # (crashed or killed: the next page starts another)
                    self._browser = None
                raise FetchError(f"rendering failed: {_first_line(exc)}", status=page.status) from None
        body = html.encode("utf-8", "replace")
        if len(body) > self.max_bytes:
            raise BodyTooLargeError(
                f"rendered page too large: {len(body)} bytes > fetch.max_bytes {self.max_bytes}",
                status=page.status,
            )
        return replace(
            page,
            body=body,
            text=body.decode("utf-8"),
            content_type="text/html; charset=utf-8",
            etag=None,  # (a rendered page is never asked for conditionally: its data may move alone)
            last_modified=None,
            elapsed_ms=page.elapsed_ms + (time.perf_counter() - started) * 1000,
        )

    async def aclose(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                await browser.close()
        finally:
            try:
                if playwright is not None:
                    await playwright.stop()
            finally:
                if self._workdir is not None:
                    shutil.rmtree(self._workdir, ignore_errors=True)
                    self._workdir = None

    async def _started(self) -> Any:
        async with self._start_lock:
            now = asyncio.get_running_loop().time()
            if self._failure is not None and now - self._failure[1] < RETRY_LAUNCH:
                raise FetchError(self._failure[0])
            if self._browser is None:
                try:
                    self._browser = await self._launch()
                except FetchError as exc:
                    self._failure = (exc.reason, now)
                    raise
                self._failure = None
            return self._browser

    async def _launch(self) -> Any:
        try:
            from playwright.async_api import async_playwright
        except ImportError:
            raise FetchError(
                "rendering needs Playwright: pip install 'watcher[browser]' (and a Chromium)"
            ) from None
        executable = find_browser(self.settings.executable)
        if executable is None:
            wanted = self.settings.executable or " or ".join(_BROWSERS[:3])
            raise FetchError(f"cannot render: no browser found ({wanted}; set browser.executable)")
        launcher = await self._offline(executable) if self.settings.isolate_network else executable
        # (a browser started again after a crash is started by the same Playwright)
        playwright = self._playwright or await async_playwright().start()
        try:
            browser = await playwright.chromium.launch(
                executable_path=launcher, args=_ARGS, headless=True, proxy=_NO_PROXY
            )
        except Exception as exc:
            if playwright is not self._playwright:
                await playwright.stop()
            raise FetchError(f"cannot start the browser {executable}: {_first_line(exc)}") from None
        finally:  # (the browser, once started, no longer needs it: nothing is left if killed)
            if self._workdir is not None:
                shutil.rmtree(self._workdir, ignore_errors=True)
                self._workdir = None
        self._playwright = playwright
        return browser

    async def _offline(self, executable: str) -> str:
        """A launcher that starts ``executable`` in a network namespace of its own, with no
        interface up: the browser talks to Playwright over a pipe, and gets every page and
        request from the routes, so it needs no network, and whatever a page may try past the
        routes (WebRTC's UDP, a socket yet unknown) reaches nothing."""
        unshare = shutil.which("unshare")
        if unshare is None:
            raise FetchError(f"cannot render: {_NOT_ISOLATED} (no unshare command: util-linux)")
        probe = await asyncio.create_subprocess_exec(
            unshare, *_UNSHARE, "true", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        _, err = await probe.communicate()
        if probe.returncode != 0:
            why = err.decode(errors="replace").strip().splitlines()[-1:] or [f"exit code {probe.returncode}"]
            raise FetchError(f"cannot render: {_NOT_ISOLATED} (unshare: {_printable(why[0])})")
        self._workdir = _executable_folder()
        launcher = os.path.join(self._workdir, "browser-offline")
        with open(launcher, "w", encoding="utf-8") as out:
            out.write(f'#!/bin/sh\nexec {shlex.join([unshare, *_UNSHARE, executable])} "$@"\n')
        os.chmod(launcher, 0o700)
        return launcher

    async def _run(self, browser: Any, page: FetchResult) -> str:
        context = await browser.new_context(service_workers="block", accept_downloads=False)
        answer = _Answers(self, page)
        try:
            await context.route("**/*", answer.route)  # (the context's: popups too)
            await context.route_web_socket("**/*", _no_socket)
            tab = await context.new_page()
            await tab.add_init_script(_WATCH_MUTATIONS)
            # (not until "load": a script's navigation away, refused, cancels the load event for
            # good; the document is read once it is parsed and quiet, see ``settled``)
            await tab.goto(page.final_url, wait_until="commit")
            await answer.settled(tab, self.settings.settle)
            size = int(await tab.evaluate(_SIZE))
            if size > self.max_bytes:  # (not read back: a huge document would cost this process first)
                raise BodyTooLargeError(
                    f"rendered page too large: at least {size} bytes > fetch.max_bytes {self.max_bytes}",
                    status=page.status,
                )
            return str(await tab.content())
        finally:
            await answer.stop()
            await self._close(browser, context)

    async def _close(self, browser: Any, context: Any) -> None:
        """Close a page's context; one that does not close (its page stuck in a script) takes
        the browser with it, and the next page starts another."""
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await context.close()
        except Exception:
            if self._browser is browser:
                self._browser = None
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CLOSE_TIMEOUT):
                    await browser.close()


class _Answers:
    """What the browser's requests for one page get (see the module's docstring)."""

    def __init__(self, renderer: Renderer, page: FetchResult) -> None:
        self.renderer = renderer
        self.page = page
        self.served_page = False
        self.requests = 0
        self.in_flight = 0
        self.last_answer = asyncio.get_running_loop().time()
        self.closed = False
        self.running: set[asyncio.Task[Any]] = set()  #: the answers being given

    async def stop(self) -> None:
        """The page is read or given up: its answers still running stop, and give back their
        host's turn and fetch slot to the other checks (a page's slow requests would hold them
        after the page is gone)."""
        self.closed = True
        for task in self.running:
            task.cancel()
        await asyncio.gather(*self.running, return_exceptions=True)

    async def settled(self, tab: Any, settle: float) -> None:
        """Once the browser has the page: until it is parsed, no request of its own has been
        open and its document has not changed for ``QUIET`` seconds (scripts that write the
        article after load), or ``settle`` seconds have passed (a page that polls or ticks:
        what is there then is the page). Every request passes through ``route``, so it is known
        when the last one ended; a request the browser has made but not yet handed over is
        covered by the quiet time, and by the document's changes."""
        loop = asyncio.get_running_loop()
        self.last_answer = max(self.last_answer, loop.time())
        deadline = loop.time() + settle
        while (now := loop.time()) < deadline:
            wait = QUIET - (now - self.last_answer) if self.in_flight == 0 else QUIET
            if wait <= 0:
                try:
                    unchanged = float(await tab.evaluate(_QUIET_MS)) / 1000
                except Exception:  # (the page between two documents, or broken: not quiet yet)
                    if tab.is_closed() or not tab.context.browser.is_connected():
                        raise
                    unchanged = 0.0
                if unchanged >= QUIET and self.in_flight == 0 and loop.time() - self.last_answer >= QUIET:
                    return
                wait = max(QUIET - unchanged, 0.02)
            await asyncio.sleep(min(wait, max(deadline - loop.time(), 0)))

    async def route(self, route: Any, request: Any) -> None:
        task = asyncio.current_task()
        if self.closed or task is None:
            return  # (the browser no longer waits for it)
        self.running.add(task)
        self.in_flight += 1
        try:
            await self._answer(route, request)
        except Exception as exc:  # (the page was closed meanwhile: a timeout, the run's end)
            log.debug("rendering: request %s not answered: %s", redact_url(request.url), _first_line(exc))
        finally:
            self.running.discard(task)
            self.in_flight -= 1
            self.last_answer = asyncio.get_running_loop().time()

    async def _answer(self, route: Any, request: Any) -> None:
        if request.is_navigation_request():
            if request.frame.parent_frame is not None:
                # a frame: its document is not the page's; an empty one loads at once
                await route.fulfill(status=200, headers={"content-type": "text/html"}, body=b"")
                return
            if self.served_page:
                # scripts leaving the page, popups: "204 No Content" leaves the page as it is
                await route.fulfill(status=204, body=b"")
                return
            self.served_page = True
            await route.fulfill(
                status=200,
                headers={"content-type": self.page.content_type or "text/html"},
                body=self.page.body,
            )
            return
        self.requests += 1
        refused = (
            request.method not in ("GET", "HEAD")
            or request.resource_type in _REFUSED_TYPES
            or self.requests > self.renderer.settings.max_requests
            or not request.url.startswith(("http://", "https://"))
        )
        if refused:
            await route.abort("blockedbyclient")
            return
        try:
            got = await self.renderer.fetcher.fetch(request.url, accept=_ANY_TYPE)
        except FetchError:
            await route.abort("failed")
            return
        await route.fulfill(
            status=got.status,
            headers={"content-type": got.content_type, "access-control-allow-origin": "*"},
            body=got.body,
        )


def _executable_folder() -> str:
    """A new private folder where a script may be run: under the user's cache directory, else
    the temporary one (either may be mounted ``noexec``, as a hardened /tmp is)."""
    from platformdirs import user_cache_dir

    for parent in (user_cache_dir("watcher"), tempfile.gettempdir()):
        with contextlib.suppress(OSError):
            os.makedirs(parent, exist_ok=True)
            if not os.statvfs(parent).f_flag & os.ST_NOEXEC:
                return tempfile.mkdtemp(prefix="browser-", dir=parent)
    raise FetchError(f"cannot render: {_NOT_ISOLATED} (no folder where its launcher may run: noexec)")


async def _no_socket(socket: Any) -> None:
    """A WebSocket of the page's: never connected (it is not a fetch the policy can check)."""
    await socket.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return _printable(text[0] if text else type(exc).__name__)[:300]


def _printable(text: str) -> str:
    """``text`` without control characters (a page may write the message of an error)."""
    return "".join(c if c.isprintable() else " " for c in text)
