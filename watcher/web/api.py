"""The JSON API under ``/api``: watches, versions, snapshots, diffs, changes, alerts, export.

Every handler is thin: validate (pydantic), call the service or a query, shape the JSON.
Errors are raised, never returned; ``watcher.web.errors`` turns them into the one shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from watcher.app import Watcher, log_left_out
from watcher.clock import parse_time
from watcher.errors import InvalidURLError, NotFoundError, VersionNotFoundError
from watcher.fetch import validate_url
from watcher.fetch.decode import decode_body
from watcher.labels import MAX_LABEL
from watcher.redact import redact_urls
from watcher.shapes import watch_json
from watcher.store import alerting_queries as aq
from watcher.store.outbox import STATUSES as ALERT_STATUSES
from watcher.store.outbox import count_by_status
from watcher.store.sql import MAX_ID
from watcher.types import FILTER_KINDS, WATCH_STATUSES, Watch
from watcher.web import queries
from watcher.web.errors import ApiError
from watcher.web.export import changes_csv
from watcher.web.schema import DAMAGED_SNAPSHOT, ERRORS

NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="numeric id", examples=[1])]
Seq = Annotated[int, Path(ge=1, le=MAX_ID, description="version number (1 is the first)", examples=[2])]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="rows to skip")]
FromQ = Annotated[int | None, Query(alias="from", ge=1, le=MAX_ID, description="older version", examples=[1])]
ToQ = Annotated[int | None, Query(alias="to", ge=1, le=MAX_ID, description="newer version", examples=[3])]
Kind = Literal[
    "first_version",
    "title_changed",
    "byline_changed",
    "published_changed",
    "updated_changed",
    "text_added",
    "text_removed",
    "text_changed",
    "text_moved",
    "quote_added",
    "quote_removed",
    "quote_altered",
    "date_added",
    "date_removed",
    "correction_added",
    "stealth_edit",
    "timestamp_only",
    "reverted",
]
assert set(Kind.__args__) == set(FILTER_KINDS)  # type: ignore[attr-defined]
#: a kind to filter changes by; empty is no filter (the dashboard's form sends it for "any kind")
KindQuery = Annotated[Kind | Literal[""] | None, Query(description="a kind or verdict (empty: any)")]
WatchStatus = Literal["active", "paused", "stopped"]
assert set(WatchStatus.__args__) == set(WATCH_STATUSES)  # type: ignore[attr-defined]
AlertStatus = Literal["pending", "failed", "sent", "dead"]
assert set(AlertStatus.__args__) == set(ALERT_STATUSES)  # type: ignore[attr-defined]
LabelText = Annotated[str, Field(min_length=1, max_length=MAX_LABEL, pattern=r"^[^,\x00]+$")]
LabelQuery = Annotated[str | None, Query(max_length=MAX_LABEL, pattern=r"^[^,\x00]*$", description="label")]
#: a time, as an ISO 8601 date or date-time (not a Unix time: ``20261130`` is a date)
TimeQuery = Annotated[
    str | None,
    Query(
        max_length=64,
        description="ISO 8601 date or date-time, UTC without an offset",
        examples=["2025-03-28"],
    ),
]
#: a rule's label: one label, as a watch has it (no comma: it could never match)
RuleLabel = Annotated[str | None, Field(max_length=MAX_LABEL, pattern=r"^[^,\x00]*$", description="label")]


#: request bodies: no unknown field, and JSON's own types only (``"yes"`` is no boolean,
#: ``"5"`` no number): a client's mistake is a 422, not a guess
BODY = ConfigDict(extra="forbid", strict=True)


class CsvResponse(Response):
    """CSV, as UTF-8 (so the OpenAPI document says ``text/csv``, as the response does)."""

    media_type = "text/csv"


#: a stored page is shown as text, and even a browser that took it for a page would run and load nothing
SNAPSHOT_CSP = "sandbox; default-src 'none'"


class WatchCreate(BaseModel):
    model_config = BODY
    url: str = Field(max_length=2048, pattern=NO_NUL, description="http(s) URL of the article")
    every: str | None = Field(None, max_length=32, pattern=NO_NUL, description="e.g. 15m, 1h, 2d")
    labels: list[LabelText] = Field(default_factory=list, max_length=10)
    render: bool = Field(False, description="the page is built by scripts: run it in a browser first")


class WatchUpdate(BaseModel):
    model_config = BODY
    every: str | None = Field(None, max_length=32, pattern=NO_NUL, description="new interval")
    labels: list[LabelText] | None = Field(None, max_length=10, description="replaces the labels")
    active: bool | None = Field(None, description="false pauses the watch")
    render: bool | None = Field(None, description="run the page in a browser (only before its first version)")


class ChannelCreate(BaseModel):
    model_config = BODY
    name: str = Field(min_length=1, max_length=128, pattern=NO_NUL)
    kind: Literal["email", "webhook", "apprise"]
    config: dict[str, Any] = Field(default_factory=dict, description="secrets are never shown back")
    active: bool = True


class ChannelUpdate(BaseModel):
    model_config = BODY
    name: str | None = Field(None, min_length=1, max_length=128, pattern=NO_NUL)
    kind: Literal["email", "webhook", "apprise"] | None = None
    config: dict[str, Any] | None = Field(None, description="merged key by key; '***' keeps a secret")
    active: bool | None = None


#: where a channel sends its secrets
_DESTINATIONS = ("smtp_url", "url")


def _no_environment(sent: dict[str, Any], stored: dict[str, Any]) -> None:
    """Secrets read from the server's environment (``secret_env``, ``smtp_password_env``) are
    named in the config file or with the CLI, by whoever runs the server. Through the API, a
    client could name any variable of the server's environment and have it sent to a server
    of its own; nor may it move a channel that sends one to another destination."""
    for key, value in sent.items():
        if key.endswith("_env") and value != stored.get(key):
            raise ApiError(
                422,
                f"config.{key}: an environment variable is named in the config file or with "
                "'watcher channel add', not through the API",
            )
    if any(stored.get(k) for k in stored if k.endswith("_env")):
        for key in _DESTINATIONS:
            if key in sent and sent[key] != stored.get(key):
                raise ApiError(
                    422,
                    f"config.{key}: this channel sends a secret from the server's environment; "
                    "change where it goes in the config file or with the CLI",
                )


class RuleCreate(BaseModel):
    model_config = BODY
    channel_id: int = Field(ge=1, le=MAX_ID)
    kinds: list[Kind] = Field(
        default_factory=list, max_length=len(FILTER_KINDS), description="empty: any kind"
    )
    label: RuleLabel = None
    url_pattern: str | None = Field(None, max_length=2048, pattern=NO_NUL)
    min_chars: int = Field(0, ge=0, le=MAX_ID)
    skip_kinds: list[Kind] = Field(
        default_factory=list,
        max_length=len(FILTER_KINDS),
        description="changes with any of these are left out",
    )
    active: bool = True


class RuleUpdate(BaseModel):
    model_config = BODY
    channel_id: int | None = Field(None, ge=1, le=MAX_ID)
    kinds: list[Kind] | None = Field(None, max_length=len(FILTER_KINDS))
    label: RuleLabel = None
    url_pattern: str | None = Field(None, max_length=2048, pattern=NO_NUL)
    min_chars: int | None = Field(None, ge=0, le=MAX_ID)
    skip_kinds: list[Kind] | None = Field(None, max_length=len(FILTER_KINDS))
    active: bool | None = None


def query_time(value: str | None, name: str) -> datetime | None:
    """A time in the query as ``watcher changes --since`` takes it (``watcher.clock.parse_time``):
    an ISO 8601 date or date-time, UTC unless it has an offset; anything else is a 422."""
    try:
        return parse_time(value)
    except ValueError as exc:
        raise ApiError(422, f"{name}: {exc}") from None


def resolve_pair(watch: Watch, from_seq: int | None, to_seq: int | None) -> tuple[int, int]:
    """Default: the latest version against the one before it."""
    to = to_seq or watch.latest_seq
    if to < 1:
        raise VersionNotFoundError(f"watch {watch.id} has no versions yet")
    return (from_seq or max(to - 1, 1)), to


def make_router(watcher: Watcher, render_fragment: Any) -> APIRouter:
    """The API bound to one service object (no module globals)."""
    api = APIRouter(prefix="/api", responses=ERRORS)
    store = watcher.store
    engine = store.engine

    def watch_of(watch_id: int) -> Watch:
        return store.get_watch(watch_id)

    # -- watches ----------------------------------------------------------------------------
    @api.get("/watches", tags=["watches"])
    def list_watches(
        label: LabelQuery = None,
        status: WatchStatus | None = None,
        search: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Watches, filtered by label, status and text in the URL or title; paginated."""
        found = store.list_watches(label=label, status=status, search=search, limit=limit, offset=offset)
        total = store.count_watches(label=label, status=status, search=search)
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "watches": [watch_json(w) for w in found],
        }

    @api.post("/watches", status_code=201, tags=["watches"])
    def create_watch(body: WatchCreate) -> dict[str, Any]:
        """Start watching a URL. 409 if it is already watched, 422 for a bad URL or interval."""
        if len(validate_url(body.url)) > 2048:
            raise InvalidURLError("invalid URL: longer than 2048 characters")
        return watch_json(watcher.add(body.url, every=body.every, labels=body.labels, render=body.render))

    @api.get("/watches/{watch_id}", tags=["watches"])
    def get_watch(watch_id: Id) -> dict[str, Any]:
        return watch_json(watch_of(watch_id))

    @api.patch("/watches/{watch_id}", tags=["watches"])
    def update_watch(watch_id: Id, body: WatchUpdate) -> dict[str, Any]:
        """Change the interval, the labels, pause/resume, or (before the first version) whether
        the page is rendered in a browser."""
        updated = watcher.update(
            watch_of(watch_id), every=body.every, labels=body.labels, active=body.active, render=body.render
        )
        return watch_json(updated)

    @api.delete("/watches/{watch_id}", status_code=204, tags=["watches"])
    def delete_watch(watch_id: Id) -> Response:
        """Stop watching and delete the history."""
        store.remove_watch(watch_id)
        return Response(status_code=204)

    # -- versions ---------------------------------------------------------------------------
    @api.get("/watches/{watch_id}/versions", tags=["versions"])
    def list_versions(watch_id: Id, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        watch_of(watch_id)
        rows = queries.version_rows(engine, watch_id, limit=limit, offset=offset)
        return {
            "total": queries.count_versions(engine, watch_id),
            "limit": limit,
            "offset": offset,
            "versions": [r.as_dict() for r in rows],
        }

    @api.get("/watches/{watch_id}/versions/{seq}", tags=["versions"])
    def get_version(watch_id: Id, seq: Seq) -> dict[str, Any]:
        """The extracted article: fields, stated times, quotes, dates."""
        return redact_urls(watcher.version_detail(watcher.version(watch_of(watch_id), seq)))

    @api.get(
        "/watches/{watch_id}/versions/{seq}/snapshot",
        tags=["versions"],
        response_class=PlainTextResponse,
        responses={
            200: {"content": {"text/plain": {}, "application/octet-stream": {}}},
            500: DAMAGED_SNAPSHOT,
        },
    )
    def get_snapshot(
        watch_id: Id,
        seq: Seq,
        download: Annotated[bool, Query(description="as an attachment")] = False,
    ) -> Response:
        """The raw page as fetched: as text, or a download. Never served as live HTML."""
        version = watcher.version(watch_of(watch_id), seq)
        if not version.snapshot_hash:
            raise NotFoundError(f"version {seq} of watch {watch_id} has no snapshot")
        body, content_type = watcher.raw_page(version)
        headers = {"Content-Security-Policy": SNAPSHOT_CSP, "X-Content-Type-Options": "nosniff"}
        if download:
            headers["Content-Disposition"] = f'attachment; filename="watch-{watch_id}-v{seq}.html"'
            return Response(body, media_type="application/octet-stream", headers=headers)
        # Decoded as the check read it, and sent as UTF-8: the page's own Content-Type never
        # reaches the header (``charset=x, text/html`` made browsers render it as HTML).
        text = decode_body(body, content_type)
        # ("replace": a charset such as UTF-7 can decode to lone surrogates)
        shown = text.encode("utf-8", "replace")
        return Response(shown, media_type="text/plain; charset=utf-8", headers=headers)

    # -- diffs ------------------------------------------------------------------------------
    @api.get("/watches/{watch_id}/diff", tags=["diffs"])
    def get_diff(watch_id: Id, from_seq: FromQ = None, to_seq: ToQ = None) -> dict[str, Any]:
        """Word diff (title and body operations: -1 removed, 0 same, 1 added) and the change."""
        watch = watch_of(watch_id)
        a, b = resolve_pair(watch, from_seq, to_seq)
        return redact_urls(watcher.diff(watch, a, b))

    @api.get("/watches/{watch_id}/diff.html", tags=["diffs"], response_class=HTMLResponse)
    def get_diff_html(
        watch_id: Id,
        from_seq: FromQ = None,
        to_seq: ToQ = None,
        view: Annotated[Literal["inline", "side"], Query()] = "inline",
    ) -> HTMLResponse:
        """The same diff as an HTML fragment (escaped; insertions in <ins>, removals in <del>)."""
        watch = watch_of(watch_id)
        a, b = resolve_pair(watch, from_seq, to_seq)
        return HTMLResponse(render_fragment(watcher.diff(watch, a, b), view))

    # -- changes ----------------------------------------------------------------------------
    @api.get("/changes", tags=["changes"])
    def list_changes(
        kind: KindQuery = None,
        label: LabelQuery = None,
        since: TimeQuery = None,
        until: TimeQuery = None,
        watch: Annotated[int | None, Query(ge=1, le=MAX_ID, description="watch id")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
        before: Annotated[
            int | None,
            Query(
                ge=1, le=MAX_ID, description="only changes older than this change id: the next page's cursor"
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Change records across watches, newest first. Page with ``before`` (the
        ``next_before`` of the page before): no record is skipped or repeated while new
        changes come in, as they may between two pages by ``offset``."""
        filters: dict[str, Any] = {
            "watch_id": watch,
            "kind": kind or None,
            "label": label,
            "since": query_time(since, "since"),
            "until": query_time(until, "until"),
        }
        found = store.list_changes(**filters, limit=limit, offset=offset, newest_first=True, before=before)
        return {
            "total": queries.count_changes(engine, **filters),
            "limit": limit,
            "offset": offset,
            "next_before": found[-1]["id"] if len(found) == limit else None,
            "changes": redact_urls(found),
        }

    @api.get("/changes/{change_id}", tags=["changes"])
    def get_change(change_id: Id) -> dict[str, Any]:
        return redact_urls(store.get_change(change_id))

    # -- export -----------------------------------------------------------------------------
    @api.get("/watches/{watch_id}/export.json", tags=["export"])
    def export_json(watch_id: Id) -> Response:
        """The whole history: the watch, every version in full, every change."""
        watch = watch_of(watch_id)
        return StreamingResponse(
            queries.history_json(watcher, watch),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="watch-{watch.id}.json"'},
        )

    @api.get("/watches/{watch_id}/export.csv", tags=["export"], response_class=CsvResponse)
    def export_csv(watch_id: Id) -> Response:
        """The watch's changes, one row each."""
        watch = watch_of(watch_id)
        return CsvResponse(
            changes_csv(store.list_changes(watch_id=watch.id)),
            headers={"Content-Disposition": f'attachment; filename="watch-{watch.id}-changes.csv"'},
        )

    @api.get(
        "/watches/{watch_id}/export.warc.gz",
        tags=["export"],
        response_class=StreamingResponse,
        responses={200: {"content": {"application/warc": {}}}},
    )
    def export_warc(watch_id: Id) -> StreamingResponse:
        """The pages as fetched, with what watcher read from them, as a WARC 1.1 file for web
        archives: one ``resource`` and one ``metadata`` record per version."""
        watch = watch_of(watch_id)
        name = f"watch-{watch.id}.warc.gz"
        records = watcher.warc(watch, name, seen=log_left_out)
        return StreamingResponse(
            records,
            media_type="application/warc",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    # -- alerts, channels, rules ------------------------------------------------------------
    @api.get("/alerts", tags=["alerts"])
    def list_alerts(
        status: AlertStatus | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Alerts, newest first, as ``watcher alerts --json`` lists them (``counts``: by status)."""
        found, total = aq.list_alerts(engine, status=status, limit=limit, offset=offset)
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "counts": count_by_status(engine),
            "alerts": redact_urls(found),
        }

    @api.post("/alerts/{alert_id}/retry", tags=["alerts"])
    def retry_alert(alert_id: Id) -> dict[str, Any]:
        """Deliver a failed or pending alert again now. 409 if it was already sent."""
        if aq.get_alert(engine, alert_id)["status"] == "sent":
            raise ApiError(409, f"alert {alert_id} was already sent")
        return redact_urls(aq.retry_alert(engine, alert_id, now=watcher.clock.now()))

    @api.get("/channels", tags=["alerts"])
    def list_channels() -> dict[str, Any]:
        return {"channels": aq.list_channels(engine)}

    @api.post("/channels", status_code=201, tags=["alerts"])
    def create_channel(body: ChannelCreate) -> dict[str, Any]:
        _no_environment(body.config, {})
        return aq.create_channel(engine, **body.model_dump(), now=watcher.clock.now())

    @api.get("/channels/{channel_id}", tags=["alerts"])
    def get_channel(channel_id: Id) -> dict[str, Any]:
        return aq.get_channel(engine, channel_id)

    @api.patch("/channels/{channel_id}", tags=["alerts"])
    def update_channel(channel_id: Id, body: ChannelUpdate) -> dict[str, Any]:
        if body.config is not None:
            _no_environment(body.config, aq.get_channel(engine, channel_id)["config"])
        return aq.update_channel(engine, channel_id, **body.model_dump(exclude_none=True))

    @api.delete("/channels/{channel_id}", status_code=204, tags=["alerts"])
    def delete_channel(channel_id: Id) -> Response:
        aq.delete_channel(engine, channel_id)
        return Response(status_code=204)

    @api.get("/rules", tags=["alerts"])
    def list_rules(
        channel: Annotated[int | None, Query(ge=1, le=MAX_ID, description="channel id")] = None,
    ) -> dict[str, Any]:
        """Each channel's rules, its default rule included while it has no active rule of its
        own (``"id": null, "default": true``), as ``watcher rule list --json`` lists them."""
        return aq.rules_listing(engine, channel_id=channel)

    @api.post("/rules", status_code=201, tags=["alerts"])
    def create_rule(body: RuleCreate) -> dict[str, Any]:
        return aq.create_rule(engine, **body.model_dump(), now=watcher.clock.now())

    @api.get("/rules/{rule_id}", tags=["alerts"])
    def get_rule(rule_id: Id) -> dict[str, Any]:
        return aq.get_rule(engine, rule_id)

    @api.patch("/rules/{rule_id}", tags=["alerts"])
    def update_rule(rule_id: Id, body: RuleUpdate) -> dict[str, Any]:
        given = body.model_dump(exclude_unset=True)
        # label and url_pattern may be cleared with null; the other columns cannot be null
        values = {k: v for k, v in given.items() if v is not None or k in ("label", "url_pattern")}
        return aq.update_rule(engine, rule_id, **values)

    @api.delete("/rules/{rule_id}", status_code=204, tags=["alerts"])
    def delete_rule(rule_id: Id) -> Response:
        aq.delete_rule(engine, rule_id)
        return Response(status_code=204)

    @api.get("/labels", tags=["watches"])
    def list_labels() -> dict[str, Any]:
        """Every label in use."""
        return {"labels": queries.all_labels(engine)}

    return api
