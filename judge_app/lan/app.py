"""The LAN scoring web application (Starlette): the judge page, the judge API and the host API.

Judge API (the token from the judge's link in `Authorization: Bearer TOKEN`):
  GET  /api/judge          the judge's own sheet (entries they may score, their values, the entry on stage)
  POST /api/judge/scores   {key, component, entry, values: {criterion: "12.5"}, comment}
Host API (from the host's own machine, or with `X-Host-Key`):
  GET  /api/host?round=R   connected judges, who has scored the entry on stage, last seen
  POST /api/host/current   {round, entry}      put an entry on stage (entry null: none)
  POST /api/host/close     {round, entry, closed: true|false}
Every database call runs in a worker thread; refusals come back as 4xx with a Chinese message.
Every answer under /api is JSON — `{"error": "…"}` for a refusal, an unknown path or a wrong method
too — and a request body is read only up to MAX_BODY bytes, parsed with exact decimals (never
floats) and checked for its shape before anything else runs (tests/test_lan_fuzz.py).
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from decimal import Decimal
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from judge_app.lan.ratelimit import RateLimiter
from judge_app.services.contest_access import ServiceError
from judge_app.services.lan_access import authenticate, close_entry, set_current_entry
from judge_app.services.lan_scoring import Presence, Submission, host_view, judge_view, submit_scores
from judge_app.store.database import Database

STATIC = Path(__file__).with_name("static")
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
NO_STORE = {"Cache-Control": "no-store"}
MAX_BODY = 64 * 1024  # a submission is well under 10 KB (a comment is at most 2,000 characters)
MALFORMED = "请求格式错误 (malformed request)"
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
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise too_big
    except ClientDisconnect:
        raise BadRequest() from None
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
                 actor: str = "主持人 (LAN)"):
        self.db = db
        self.actor = actor  # who host actions run as (the account `serve` was started with)
        self.closing = threading.Event()  # set when the server stops: open long polls answer at once
        self.presence = Presence()
        self.host_key = host_key or secrets.token_urlsafe(16)
        self.per_token = RateLimiter(rate, burst)
        self.per_address = RateLimiter(1.0, 20)  # for requests with a wrong token: slows down guessing
        self.write_lock = threading.Lock() if db.engine.dialect.name == "sqlite" else None


def create_app(ctx: LanContext) -> Starlette:
    def address(request: Request) -> str:
        return request.client.host if request.client else ""

    async def judge_access(request: Request):
        auth = request.headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not token or not ctx.per_token.allow("t:" + token):
            if token:
                return None, _error(429, "请求过于频繁, 请稍候再试 (too many requests)")
        access = await run_in_threadpool(authenticate, ctx.db, token) if token else None
        if access is None:
            if not ctx.per_address.allow("a:" + address(request)):
                return None, _error(429, "请求过于频繁, 请稍候再试 (too many requests)")
            return None, _error(401, "评分链接无效或已停用, 请向工作人员索取新的二维码 (invalid or revoked link)")
        ctx.presence.touch(access.round, access.judge, address(request))
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

    def host_allowed(request: Request) -> bool:
        if address(request) in LOOPBACK:
            return True
        return hmac.compare_digest(request.headers.get("x-host-key", ""), ctx.host_key)

    async def api_host(request: Request):
        if not host_allowed(request):
            return _error(403, "仅限主持人电脑 (host only)")
        round_key = request.query_params.get("round", "")
        try:
            view = await run_in_threadpool(host_view, ctx.db, round_key, ctx.presence)
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse(view.as_json(), headers=NO_STORE)

    async def api_host_current(request: Request):
        if not host_allowed(request):
            return _error(403, "仅限主持人电脑 (host only)")
        try:
            body = _object(await _read_json(request))
            round_key, entry = _text(body, "round"), _text(body, "entry", optional=True)
            await run_in_threadpool(set_current_entry, ctx.db, round_key, entry, "主持人 (LAN)")
        except BadRequest as exc:
            return _error(exc.status, str(exc))
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse({"ok": True}, headers=NO_STORE)

    async def api_host_close(request: Request):
        if not host_allowed(request):
            return _error(403, "仅限主持人电脑 (host only)")
        try:
            body = _object(await _read_json(request))
            closed = body.get("closed", True)
            if not isinstance(closed, bool):  # "false" is not False: a string must not close an entry
                raise BadRequest(f"{MALFORMED}: closed")
            changed = await run_in_threadpool(close_entry, ctx.db, _text(body, "round"), _text(body, "entry"),
                                              "主持人 (LAN)", closed)
        except BadRequest as exc:
            return _error(exc.status, str(exc))
        except ServiceError as exc:
            return _error(422, str(exc))
        return JSONResponse({"ok": True, "changed": changed}, headers=NO_STORE)

    async def judge_page(request: Request):
        return FileResponse(STATIC / "judge.html", headers=NO_STORE)

    async def index(request: Request):
        return HTMLResponse("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
                            "<title>评分系统</title><p style='font:18px sans-serif;padding:2em'>请扫描评委卡上的二维码进入评分页面。</p>")

    routes = [
        Route("/", index),
        Route("/j/{token}", judge_page),
        Route("/api/judge", api_judge),
        Route("/api/judge/scores", api_submit, methods=["POST"]),
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
