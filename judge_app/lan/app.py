"""The LAN scoring web application (Starlette): the judge page, the judge API and the host API.

Judge API (the token from the judge's link in `Authorization: Bearer TOKEN`):
  GET  /api/judge          the judge's own sheet (entries they may score, their values, the entry on stage)
  POST /api/judge/scores   {key, component, entry, values: {criterion: "12.5"}, comment}
  GET  /api/judge/wait?since=V   long poll: answers when the entry on stage differs from version V
                           (at most WAIT seconds later); the page then reloads its sheet
Host API (only with the host key made when the service starts, in `X-Host-Key`; never printed):
  GET  /api/host?round=R   each seated judge's state for the entry on stage, last seen, the count
  POST /api/host/current   {round, entry}      put an entry on stage (entry null: none)
  POST /api/host/close     {round, entry, closed: true|false}
A page open in the host laptop's browser must not reach the host API (cross-site request forgery,
DNS rebinding): besides the key, a POST must say `Content-Type: application/json` (a form or a
no-cors fetch cannot), a browser's `Origin`/`Sec-Fetch-Site` must be this service, and the `Host`
header must name this machine. Host actions run as the account `serve` was started with and are
permission-checked in the services ("stage").
Every database call runs in a worker thread; refusals come back as 4xx with a Chinese message.
Every answer under /api is JSON — `{"error": "…"}` for a refusal, an unknown path or a wrong method
too — and a request body is read only up to MAX_BODY bytes, parsed with exact decimals (never
floats) and checked for its shape before anything else runs (tests/lan/test_lan_fuzz.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from decimal import Decimal
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from judge_app.lan.follow import StageWatch
from judge_app.lan.ratelimit import GuessGuard, RateLimiter
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.integrity.users import PermissionRefused
from judge_app.services.contest_day.lan_access import authenticate, close_entry, set_current_entry
from judge_app.services.documents.page_font import contest_font
from judge_app.services.contest_day.lan_scoring import Presence, Submission, host_view, judge_view, submit_scores
from judge_app.store.database import Database

STATIC = Path(__file__).with_name("static")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
NO_STORE = {"Cache-Control": "no-store"}
BODY_TIMEOUT = 10.0  # seconds to receive a request body (a submission is sent in well under one)
MAX_BODY = 64 * 1024  # a submission is well under 10 KB (a comment is at most 500 characters)
MALFORMED = "请求格式错误 (malformed request)"
GUESSING = "此设备无效链接过多, 请稍候再试 (too many invalid links from this address: wait a minute)"
HTTP_MESSAGES = {
    404: "没有这个地址 (not found)",
    405: "不支持此请求方法 (method not allowed)",
}


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={**NO_STORE, **(headers or {})})


class BadRequest(Exception):
    """A request body that is not what the endpoint takes: answered 400 (or 413), nothing run."""

    def __init__(self, message: str = MALFORMED, status: int = 400):
        super().__init__(message)
        self.status = status


async def _read_json(request: Request):
    """The body as JSON, at most MAX_BODY bytes; numbers with a fraction become exact Decimals."""
    too_big = BadRequest(f"请求过大, 最多 {MAX_BODY // 1024} KB (request body too large)", 413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise too_big
    body = bytearray()
    try:
        with anyio.fail_after(BODY_TIMEOUT):  # a body trickled in byte by byte holds a slot: cut it off
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY:
                    raise too_big
    except ClientDisconnect:
        raise BadRequest() from None
    except TimeoutError:
        raise BadRequest(f"请求超时, 请重试 (request body not received within {BODY_TIMEOUT:g} s)", 408) from None
    try:
        return json.loads(bytes(body), parse_float=Decimal)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond the parser's depth
        raise BadRequest() from None


def _text(doc: dict, field: str, *, optional: bool = False) -> str | None:
    """A string field of a JSON object (None allowed only when optional)."""
    value = doc.get(field)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{MALFORMED}: {field}")
    return value


def _object(value) -> dict:
    if not isinstance(value, dict):
        raise BadRequest()
    return value


class LanContext:
    """What the request handlers share: the database, who is connected, the rate limits."""

    def __init__(self, db: Database, host_key: str | None = None, rate: float = 5.0, burst: int = 30,
                 actor: str = "主持人 (LAN)", allowed_hosts: set[str] | None = None):
        self.db = db
        self.allowed_hosts = set(LOOPBACK | (allowed_hosts or set()))  # names the Host header may give
        self.actor = actor  # who host actions run as (the account `serve` was started with)
        self.closing = threading.Event()  # set when the server stops: open long polls answer at once
        self.presence = Presence()
        self.host_key = host_key or secrets.token_urlsafe(16)
        self.per_token = RateLimiter(rate, burst)
        self.guesses = GuessGuard()  # wrong tokens: 1 per second per address (burst 10), 20 per second in all
        self.write_lock = threading.Lock() if db.engine.dialect.name == "sqlite" else None
        self.watch = StageWatch(db, self.closing)


def _hostname(value: str) -> str:
    """`192.168.1.5:8000` → `192.168.1.5`, `[::1]:8000` → `::1` (lower case)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def create_app(ctx: LanContext) -> Starlette:
    def address(request: Request) -> str:
        return request.client.host if request.client else ""

    async def judge_access(request: Request):
        """The judge a request's token names, or the refusal to answer. An address that sent too
        many wrong tokens is refused before anything else (`GuessGuard`); a token not seen valid
        lately is charged to its address and to the service before it is looked up."""
        where = address(request)
        if ctx.guesses.limited(where):
            return None, _error(429, GUESSING, {"Retry-After": str(int(ctx.guesses.window))})
        auth = request.headers.get("authorization", "")
        token = auth[7:].strip()[:200] if auth.lower().startswith("bearer ") else ""
        if token and not ctx.per_token.allow("t:" + token):
            return None, _error(429, "请求过于频繁, 请稍候再试 (too many requests)")
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        ticket = ctx.guesses.charge(where, digest)
        if ticket is None:
            return None, _error(429, GUESSING, {"Retry-After": str(int(ctx.guesses.window))})
        access = await run_in_threadpool(authenticate, ctx.db, token) if token else None
        if access is None:
            return None, _error(401, "评分链接无效或已停用, 请向工作人员索取新的二维码 (invalid or revoked link)")
        ctx.guesses.valid(where, digest, ticket)
        ctx.presence.touch(access.round, access.judge, where)
        return access, None

    async def api_judge(request: Request):
        access, refused = await judge_access(request)
        if refused:
            return refused
        try:
            view = await run_in_threadpool(judge_view, ctx.db, access)
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse(view.as_json(), headers=NO_STORE)

    async def api_submit(request: Request):
        access, refused = await judge_access(request)
        if refused:
            return refused
        try:
            body = _object(await _read_json(request))
            values = _object(body.get("values"))
            if not all(isinstance(v, (str, int, Decimal)) and not isinstance(v, bool) for v in values.values()):
                raise BadRequest(f"{MALFORMED}: values")
            sub = Submission(_text(body, "key"), _text(body, "component"), _text(body, "entry"),
                             {k: str(v) for k, v in values.items()}, _text(body, "comment", optional=True) or "")
        except BadRequest as exc:
            return _error(exc.status, str(exc))
        device = request.headers.get("user-agent", "")
        try:
            outcome = await run_in_threadpool(submit_scores, ctx.db, access, sub, address(request), device, ctx.write_lock)
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse({"ok": True, "replayed": outcome.replayed, "entry": outcome.entry,
                             "component": outcome.component, "values": outcome.values, "comment": outcome.comment},
                            headers=NO_STORE)

    def host_refused(request: Request) -> JSONResponse | None:
        """Why a host request is refused, or None: wrong Host, a foreign page, no key, not JSON."""
        if _hostname(request.headers.get("host", "")) not in ctx.allowed_hosts:
            return _error(421, "未知的主机名 (unknown Host)")
        origin = request.headers.get("origin")
        if origin is not None:
            scheme, _, rest = origin.partition("://")
            if scheme != "http" or _hostname(rest) not in ctx.allowed_hosts:
                return _error(403, "拒绝跨站请求 (cross-origin request refused)")
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return _error(403, "拒绝跨站请求 (cross-site request refused)")
        if not hmac.compare_digest(request.headers.get("x-host-key", "").encode(), ctx.host_key.encode()):
            return _error(403, "仅限主持人控制台 (host console only: host key missing or wrong)")
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media != "application/json":
                return _error(415, "请求须为 JSON (Content-Type: application/json required)")
        return None

    async def api_wait(request: Request):
        access, refused = await judge_access(request)
        if refused:
            return refused
        since = request.query_params.get("since", "")[:200]
        version = await ctx.watch.wait(access.round, since)
        return JSONResponse({"version": version}, headers=NO_STORE)

    async def api_host(request: Request):
        if (refused := host_refused(request)) is not None:
            return refused
        round_key = request.query_params.get("round", "")
        try:
            view = await run_in_threadpool(host_view, ctx.db, round_key, ctx.presence)
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse(view.as_json(), headers=NO_STORE)

    async def api_host_current(request: Request):
        if (refused := host_refused(request)) is not None:
            return refused
        try:
            body = _object(await _read_json(request))
            round_key, entry = _text(body, "round"), _text(body, "entry", optional=True)
            await run_in_threadpool(set_current_entry, ctx.db, round_key, entry, ctx.actor)
        except BadRequest as exc:
            return _error(exc.status, str(exc))
        except PermissionRefused as exc:
            return _error(403, str(exc))
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse({"ok": True}, headers=NO_STORE)

    async def api_host_close(request: Request):
        if (refused := host_refused(request)) is not None:
            return refused
        try:
            body = _object(await _read_json(request))
            closed = body.get("closed", True)
            if not isinstance(closed, bool):  # "false" is not False: a string must not close an entry
                raise BadRequest(f"{MALFORMED}: closed")
            changed = await run_in_threadpool(close_entry, ctx.db, _text(body, "round"), _text(body, "entry"),
                                              ctx.actor, closed)
        except BadRequest as exc:
            return _error(exc.status, str(exc))
        except PermissionRefused as exc:
            return _error(403, str(exc))
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse({"ok": True, "changed": changed}, headers=NO_STORE)

    font: list[bytes] = []  # the page font, cut on first request from the contest's texts

    async def page_font(request: Request):
        if not font:
            pages = [(STATIC / name).read_text(encoding="utf-8") for name in ("judge.html", "judge.js", "judge.css")]
            own = Path(__file__).read_text(encoding="utf-8")  # the messages the service answers with
            font.append(await run_in_threadpool(contest_font, ctx.db, *pages, own))
        return Response(font[0], media_type="font/woff", headers={"Cache-Control": "max-age=3600"})

    async def judge_page(request: Request):
        return FileResponse(STATIC / "judge.html", headers=NO_STORE)

    async def index(request: Request):
        return HTMLResponse("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
                            "<title>评分系统</title><p style='font:18px sans-serif;padding:2em'>请扫描评委卡上的二维码进入评分页面。</p>")

    routes = [
        Route("/", index),
        Route("/j/{token}", judge_page),
        Route("/font.woff", page_font),
        Route("/api/judge", api_judge),
        Route("/api/judge/scores", api_submit, methods=["POST"]),
        Route("/api/judge/wait", api_wait),
        Route("/api/host", api_host),
        Route("/api/host/current", api_host_current, methods=["POST"]),
        Route("/api/host/close", api_host_close, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

    async def http_error(request: Request, exc: HTTPException):
        if not request.url.path.startswith("/api"):
            return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
        message = HTTP_MESSAGES.get(exc.status_code, f"请求被拒绝 (HTTP {exc.status_code})")
        return _error(exc.status_code, message, exc.headers)

    async def server_error(request: Request, exc: Exception):
        # Last resort: a bug must still reach the phone as a clear message, never as a traceback.
        return _error(500, "服务器内部错误, 请联系工作人员 (internal error)")

    return Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: server_error})
