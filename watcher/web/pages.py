"""The server-rendered pages: dashboard, watch page, diff view, add-a-URL form, login.

No JavaScript. Forms carry a CSRF token (double-submit cookie); all page text goes through
Jinja2 autoescaping. Handlers only gather data and pick a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlencode

import jinja2
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from watcher.app import Watcher
from watcher.config import WebSettings
from watcher.errors import WatcherError
from watcher.labels import MAX_LABEL
from watcher.redact import redact_url
from watcher.schedule import format_interval
from watcher.store.sql import MAX_ID
from watcher.types import FILTER_KINDS
from watcher.web import queries, render
from watcher.web.api import KindQuery, resolve_pair
from watcher.web.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    csrf_ok,
    new_csrf,
    session_value,
    token_matches,
)
from watcher.web.errors import ApiError, status_for

MAX_FORM_BYTES = 64 * 1024
PAGE_SIZE = 50
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def short(value: datetime | str | None) -> str:
    """A compact UTC time for tables: 2025-03-28 21:42Z."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value.replace("T", " ")[:16] + ("Z" if value.endswith("Z") else "")
    return value.strftime("%Y-%m-%d %H:%MZ")


def newer_offset(offset: int, total: int) -> int | None:
    """Where the dashboard's "newer" link goes: the page before, or from past the end the last
    page; None on the first page."""
    if offset <= 0:
        return None
    last = (total - 1) // PAGE_SIZE * PAGE_SIZE if total else 0
    return max(min(offset - PAGE_SIZE, last), 0)


def is_web_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def query_string(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "", 0)})


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("watcher.web", "templates"),
        autoescape=True,  # every template, every value: page text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = short
    env.filters["is_web_url"] = is_web_url
    env.filters["shown_url"] = redact_url  # every URL a page shows or links to: no password
    env.globals.update(
        badges=render.badges,
        inline_paragraphs=render.inline_paragraphs,
        side_by_side=render.side_by_side,
        query=query_string,
        kind_labels=render.KIND_LABELS,
    )
    return env


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form body (the pages post nothing else), size-capped."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise ApiError(413, "form too large")
    try:
        parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=20)
    except ValueError:  # more fields than any of our forms has
        raise ApiError(400, "too many form fields") from None
    return {k: v[0] for k, v in parsed.items()}


class Pages:
    """Renders templates with the CSRF token and login state every page needs."""

    def __init__(self, env: jinja2.Environment, settings: WebSettings) -> None:
        self.env = env
        self.settings = settings

    def render(
        self, request: Request, name: str, context: Mapping[str, Any], status: int = 200
    ) -> HTMLResponse:
        csrf = request.cookies.get(CSRF_COOKIE) or new_csrf()
        html = self.env.get_template(name).render(
            **context,
            csrf=csrf,
            logged_in=bool(self.settings.token) and SESSION_COOKIE in request.cookies,
        )
        response = HTMLResponse(html, status_code=status)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(
                CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=request.url.scheme == "https"
            )
        return response

    def error(
        self, request: Request, status: int, message: str, headers: Mapping[str, str] | None
    ) -> Response:
        response = self.render(request, "error.html", {"status": status, "message": message}, status)
        for k, v in (headers or {}).items():
            response.headers[k] = v
        return response


def make_router(watcher: Watcher, pages: Pages) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    store = watcher.store
    engine = store.engine
    settings = pages.settings

    def dashboard_context(kind: str | None, label: str | None, offset: int) -> dict[str, Any]:
        changes = store.list_changes(
            kind=kind, label=label, limit=PAGE_SIZE, offset=offset, newest_first=True
        )
        watches = store.list_watches(limit=200)
        titles = {w.id: w.title for w in watches}
        for c in changes:
            if c["watch"]["id"] not in titles:
                titles[c["watch"]["id"]] = store.get_watch(c["watch"]["id"]).title
        total = queries.count_changes(engine, kind=kind, label=label)
        return {
            "changes": changes,
            "total": total,
            "newer": newer_offset(offset, total),
            "kind": kind or "",
            "label": label or "",
            "offset": offset,
            "limit": PAGE_SIZE,
            "kinds": FILTER_KINDS,
            "labels": queries.all_labels(engine),
            "titles": titles,
            "watches": watches,
            "watch_total": store.count_watches(),
            "form": {"url": "", "every": "", "labels": ""},
            "form_error": None,
        }

    @router.get("/", response_class=HTMLResponse)
    def dashboard(
        request: Request,
        kind: KindQuery = None,
        label: Annotated[str | None, Query(max_length=MAX_LABEL, pattern=r"^[^,\x00]*$")] = None,
        offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    ) -> Response:
        """Recent changes across all watches, newest first."""
        return pages.render(request, "dashboard.html", dashboard_context(kind or None, label or None, offset))

    @router.post("/watches")
    async def add_watch(request: Request) -> Response:
        """The add-a-URL form."""
        form = await read_form(request)
        if not csrf_ok(request, form.get("csrf", "")):
            raise ApiError(403, "the form expired or came from another site: reload the page and try again")
        url = form.get("url", "").strip()
        every = form.get("every", "").strip() or None
        labels = [x.strip() for x in form.get("labels", "").split(",") if x.strip()]
        try:
            bad_label = any("\x00" in x or len(x) > MAX_LABEL for x in labels)
            if not url or "\x00" in url + (every or "") or bad_label:
                raise ApiError(422, f"give an http(s) URL; labels are at most {MAX_LABEL} characters")
            if len(labels) > 10:  # (as the API: refused, never cut short)
                raise ApiError(422, f"at most 10 labels, not {len(labels)}")
            watch = await run_in_threadpool(watcher.add, url, every=every, labels=labels)
        except (WatcherError, ApiError) as exc:
            status = exc.status if isinstance(exc, ApiError) else status_for(exc)
            context = await run_in_threadpool(dashboard_context, None, None, 0)
            context["form"] = {k: form.get(k, "") for k in ("url", "every", "labels")}
            context["form"]["url"] = redact_url(context["form"]["url"])
            context["form_error"] = str(exc)
            return pages.render(request, "dashboard.html", context, status)
        return RedirectResponse(f"/watches/{watch.id}", status_code=303)

    @router.get("/watches/{watch_id}", response_class=HTMLResponse)
    def watch_page(request: Request, watch_id: Id) -> Response:
        """A watch's timeline: stated times against seen times, its changes and versions."""
        watch = store.get_watch(watch_id)
        versions = queries.version_rows(engine, watch_id)
        changes = store.list_changes(watch_id=watch_id, newest_first=True)
        chart = render.stamp_chart([(v.seq, v.fetched_at, v.updated_at) for v in versions])
        return pages.render(
            request,
            "watch.html",
            {
                "watch": watch,
                "every": format_interval(watch.interval_seconds),
                "versions": list(reversed(versions)),
                "changes": changes,
                "chart": chart,
            },
        )

    @router.get("/watches/{watch_id}/diff", response_class=HTMLResponse)
    def diff_page(
        request: Request,
        watch_id: Id,
        from_seq: Annotated[int | None, Query(alias="from", ge=1, le=MAX_ID)] = None,
        to_seq: Annotated[int | None, Query(alias="to", ge=1, le=MAX_ID)] = None,
        view: Annotated[Literal["inline", "side"], Query()] = "inline",
    ) -> Response:
        """The diff between any two versions; the permalink email alerts link to."""
        watch = store.get_watch(watch_id)
        a, b = resolve_pair(watch, from_seq, to_seq)
        doc = watcher.diff(watch, a, b)
        title_ops = doc["title"]
        return pages.render(
            request,
            "diff.html",
            {
                "watch": watch,
                "doc": doc,
                "change": doc["change"],
                "old": watcher.version(watch, a),
                "new": watcher.version(watch, b),
                "view": view,
                "view_q": "&view=side" if view == "side" else "",
                "permalink": f"/watches/{watch.id}/diff?from={a}&to={b}",
                "title_changed": any(op != 0 for op, _ in title_ops),
                "title_paras": render.inline_paragraphs(title_ops),
            },
        )

    @router.get("/login", response_class=HTMLResponse)
    def login_form(
        request: Request, next: Annotated[str, Query(max_length=2048, pattern=r"^[^\x00]*$")] = "/"
    ) -> Response:
        if not settings.token:
            return RedirectResponse("/", status_code=303)
        return pages.render(request, "login.html", {"next": _local(next), "error": None})

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await read_form(request)
        target = _local(form.get("next", "/"))
        if not settings.token:
            return RedirectResponse("/", status_code=303)
        if not csrf_ok(request, form.get("csrf", "")):
            raise ApiError(403, "the form expired or came from another site: reload the page and try again")
        if not token_matches(form.get("token", ""), settings.token):
            return pages.render(request, "login.html", {"next": target, "error": "wrong token"}, 401)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            session_value(settings.token),
            httponly=True,
            # (lax: a link in a mail alert, followed from webmail, finds the reader logged in;
            # a form posted from another site still goes without it, and pages' forms carry a
            # CSRF token of their own)
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        form = await read_form(request)
        if not csrf_ok(request, form.get("csrf", "")):
            raise ApiError(403, "the form expired or came from another site: reload the page and try again")
        response = RedirectResponse("/login" if settings.token else "/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    return router


def _local(target: str) -> str:
    """Only same-site paths after login: no open redirect."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
