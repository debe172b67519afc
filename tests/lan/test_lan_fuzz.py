"""Hostile input to the LAN API (hypothesis): generated garbage at every endpoint.

Property: every request ends in a clean HTTP response — never a 500, never a traceback; on
`/api/…` a JSON body `{"error": "…"}` with a message for every refusal — and the database is
exactly as it was (a digest of every table) unless the request was an accepted change: a new
submission (then the judge's stored values are the ones sent, for an entry and panel the judge
may score in an unlocked round), a stage change or a close/reopen. The audit chain verifies after
every request. The app runs in-process (Starlette's TestClient), so a run takes seconds.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote
from decimal import Decimal, InvalidOperation

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lan_fuzz_support import chain_ok, dump, make_fuzz_contest
from judge_app.lan.app import LanContext, create_app
from judge_app.lan.ratelimit import GuessGuard
from judge_app.services.scores.score_entry import judge_sheet

EXAMPLES = int(os.environ.get("JUDGE_APP_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
HOST_KEY = "host-key-for-fuzzing"
JUDGE_OF = {"J1": ("J1", "final"), "J2": ("J2", "final"), "J3": ("J3", "final"), "J4": ("J4", "semi")}


@pytest.fixture(scope="module")
def lan(tmp_path_factory):
    contest = make_fuzz_contest(tmp_path_factory.mktemp("lanfuzz") / "fuzz.sqlite")
    ctx = LanContext(contest.db, host_key=HOST_KEY, rate=10**6, burst=10**6, allowed_hosts={"venue"})
    ctx.guesses = GuessGuard(10**6, 10**6, 10**6, 10**6)  # let wrong tokens through to the 401 path, not 429
    yield contest, Client(create_app(ctx))
    contest.db.close()


class Client:
    """One request at a time through the ASGI app in-process, as a phone on the LAN (192.168.1.23)
    or the host machine itself (127.0.0.1). An exception in the app comes back as a 500, not raised."""

    def __init__(self, app):
        self.app = app

    def request(self, method, path, headers, content=None, address="192.168.1.23"):
        async def call():
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False, client=(address, 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://venue") as c:
                return await c.request(method, path, headers=headers, content=content)

        return anyio.run(call)


# --- generated pieces -------------------------------------------------------------------------

HOSTILE_TEXT = ["", " ", "\x00", "\ud800", "\udfff", "\u202e", "评委", "E1\x00", "' OR 1=1 --", "<script>",
                "a" * 3000, "../../etc/passwd", "%00", "\n", "null", "E1 ", "e1", "Ｅ１"]
hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12),
                         st.text(st.characters(blacklist_categories=()), max_size=6))
NUMBER_TEXT = ["10", "0", "-0", "0.0001", "10.0001", "9.99999", "1e1", "1E-4", "3E+0", "NaN", "sNaN", "-Infinity",
               "Infinity", "1_0", "３", "٣", " 5 ", "0x10", "1e999999999", "-1e-999999999", "9" * 5000, "5.", ".5",
               "+5", "5,5", "5。5", "1/2", "10.00000000000000000000000000001"]
number_text = st.one_of(st.sampled_from(NUMBER_TEXT), st.decimals(allow_nan=True, allow_infinity=True).map(str),
                        st.decimals(min_value=0, max_value=10, places=4).map(str))
scalar = st.one_of(number_text, st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True),
                   st.none(), st.booleans(), hostile_text)
anything = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(hostile_text, inner, max_size=3)), max_leaves=8)
criteria = st.sampled_from(["a", "b", "overall", "c", "", "A", "a "])
values = st.one_of(
    st.fixed_dictionaries({"a": number_text, "b": number_text}),
    st.fixed_dictionaries({"a": st.decimals(min_value=0, max_value=10, places=4).map(str),
                           "b": st.decimals(min_value=0, max_value=10, places=2)
                           .map(lambda d: float(d) if d == d.quantize(Decimal("0.01")) else str(d))}),
    st.fixed_dictionaries({"overall": number_text}),
    st.dictionaries(st.one_of(criteria, hostile_text), scalar, max_size=4),
    anything,
)
keys = st.one_of(st.sampled_from(["k1", "k2", "k3", "k4"]), hostile_text, st.integers(), st.none(),
                 st.text(min_size=95, max_size=110))
submission = st.fixed_dictionaries(
    {"key": keys, "component": st.one_of(st.sampled_from(["expert", "jury", "online", "nope"]), scalar),
     "entry": st.one_of(st.sampled_from(["E1", "E2", "E3", "E9"]), scalar), "values": values},
    optional={"comment": st.one_of(hostile_text, st.sampled_from(["好", "很好" * 1001]), scalar)},
)
host_body = st.fixed_dictionaries(
    {"round": st.one_of(st.sampled_from(["final", "semi", "nope"]), scalar)},
    optional={"entry": st.one_of(st.sampled_from(["E1", "E2", "E3", "E9"]), scalar),
              "closed": st.one_of(st.booleans(), st.sampled_from(["false", "true", 0, 1, "", None]), scalar)},
)


def mangle(doc: dict, drop: list[str], swap: dict) -> object:
    out = {k: v for k, v in doc.items() if k not in drop}
    out.update(swap)
    return out


@st.composite
def bodies(draw, shape):
    """A request body (bytes) and a content type."""
    kind = draw(st.sampled_from(["json", "json", "json", "json", "any-json", "bytes", "nested", "huge", "none"]))
    if kind == "json":
        doc = draw(shape)
        if draw(st.booleans()):
            doc = mangle(doc, draw(st.lists(st.sampled_from(sorted(doc)), max_size=2)),
                         draw(st.dictionaries(st.sampled_from(sorted(doc) + ["extra"]), anything, max_size=2)))
        raw = (json.dumps(doc, ensure_ascii=draw(st.booleans()))
               .encode("utf-8", "surrogatepass"))
    elif kind == "any-json":
        raw = json.dumps(draw(anything)).encode()
    elif kind == "bytes":
        raw = draw(st.binary(max_size=200))
    elif kind == "nested":
        depth = draw(st.sampled_from([10, 900, 5000, 100000]))
        opener = draw(st.sampled_from(["[", '{"a":']))
        closer = "]" if opener == "[" else "}"
        raw = (opener * depth + "1" + closer * depth).encode()
    elif kind == "huge":
        raw = json.dumps({"key": "big", "component": "expert", "entry": "E2", "values": {"a": "1", "b": "1"},
                          "comment": "好" * draw(st.sampled_from([2001, 300_000]))}, ensure_ascii=False).encode()
    else:
        raw = b""
    ctype = draw(st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain",
                                  "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", None,
                                  "application/json; charset=gbk"]))
    return raw, ctype


header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)


@st.composite
def authorizations(draw, tokens):
    who = draw(st.sampled_from(["J1", "J2", "J3", "J4", "revoked", "none", "garbage", "raw", "lower", "long"]))
    if who in tokens:
        return f"Bearer {tokens[who]}", who
    return {"none": None, "garbage": "Bearer " + draw(header_text), "raw": draw(header_text),
            "lower": "bearer " + tokens["J1"][:-2] + "xx", "long": "Bearer " + "A" * 5000}[who], None


PATHS = ["/api/judge", "/api/judge/scores", "/api/host", "/api/host/current", "/api/host/close", "/", "/j/TOKEN",
         "/static/judge.js", "/static/nope.js", "/static/../app.py", "/static/%2e%2e/app.py", "/static/%00",
         "/api/", "/api/judge/", "/api/judge/scores/x", "/api/nope", "/j/", "/j/%00", "/api/host?round=final",
         "/api/host?round=%00", "/api/host?round=final&round=semi", "/api/host?round=%ud800"]
paths = st.one_of(st.sampled_from(PATHS), st.text(max_size=20).map(lambda s: "/" + quote(s, safe="/%?=&.")),
                  st.text(max_size=20).map(lambda s: "/api/" + quote(s, safe="/%?=&.")))
methods = st.sampled_from(["GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])


# --- the property -----------------------------------------------------------------------------

def assert_clean(path: str, response, method: str = "GET") -> None:
    assert response.status_code < 500, (path, response.status_code, response.text[:500])
    body = response.text
    assert "Traceback" not in body and "File \"" not in body, body[:500]
    if path.startswith("/api") and response.status_code >= 400 and method != "HEAD":
        assert response.headers.get("content-type", "").startswith("application/json"), (path, response.status_code, body[:200])
        error = response.json()["error"]
        assert isinstance(error, str) and error.strip(), body[:200]


def parsed(raw_values) -> dict[str, Decimal] | None:
    try:
        return {str(k): Decimal(str(v).strip()) for k, v in raw_values.items()}
    except (InvalidOperation, AttributeError):
        return None


def check_accepted(contest, sent: dict, judge: str, round_key: str, answer: dict) -> None:
    """An accepted submission: what is stored is what was sent, where the judge may score."""
    assert answer["ok"] is True and answer["entry"] == sent["entry"] and answer["component"] == sent["component"]
    assert round_key == "final" and sent["component"] == "expert", "a locked panel or round accepted a score"
    assert (judge, sent["entry"]) not in {("J1", "E1"), ("J2", "E3")}, "a conflicted entry accepted a score"
    assert sent["entry"] in {"E1", "E2", "E3"} and judge in {"J1", "J2", "J3"}
    sheet = {r.entry: r.values for r in judge_sheet(contest.db, round_key, "expert", judge).rows}
    assert sheet[sent["entry"]] == parsed(sent["values"])
    assert {k: Decimal(v) for k, v in answer["values"].items()} == parsed(sent["values"])


def send(client, method, path, headers, raw=None, ctype=None, address="192.168.1.23"):
    headers = {k: v.encode("latin-1") for k, v in headers.items() if v is not None}  # as a browser may send them
    if ctype:
        headers["content-type"] = ctype
    return client.request(method, path, headers, raw if method not in ("GET", "HEAD") else None, address)


@FUZZ
@given(st.data())
def test_any_request_ends_cleanly_and_changes_nothing_unless_accepted(lan, data):
    contest, client = lan
    method, path = data.draw(methods), data.draw(paths)
    path = path.replace("TOKEN", contest.tokens["J1"])
    auth, who = data.draw(authorizations(contest.tokens))
    host_key = data.draw(st.sampled_from([None, HOST_KEY, "wrong", HOST_KEY + " "]))
    shape = host_body if path.startswith("/api/host") else submission
    raw, ctype = data.draw(bodies(shape)) if method in ("POST", "PUT", "PATCH", "DELETE") else (None, None)
    headers = {"authorization": auth, "x-host-key": host_key, "user-agent": data.draw(st.one_of(st.none(), header_text))}
    address = data.draw(st.sampled_from(["192.168.1.23", "127.0.0.1"]))
    before = dump(contest.db)
    r = send(client, method, path, headers, raw, ctype, address)
    assert_clean(path, r, method)
    changed = dump(contest.db) != before
    accepted = r.status_code == 200 and method == "POST"
    if changed:
        assert accepted and path in ("/api/judge/scores", "/api/host/current", "/api/host/close"), (method, path, r.status_code)
        if path == "/api/judge/scores":
            assert r.json()["replayed"] is False
            judge, round_key = JUDGE_OF[who]
            check_accepted(contest, json.loads(raw), judge, round_key, r.json())
        if path == "/api/host/close":
            assert r.json()["changed"] is True
    assert chain_ok(contest.db)


@FUZZ
@given(st.data())
def test_submissions_from_every_kind_of_judge(lan, data):
    """Well-formed requests with every token (valid, another round's, revoked) and hostile field values."""
    contest, client = lan
    auth, who = data.draw(authorizations(contest.tokens))
    doc = data.draw(submission)
    raw = json.dumps(doc, ensure_ascii=data.draw(st.booleans())).encode("utf-8", "surrogatepass")
    before = dump(contest.db)
    r = send(client, "POST", "/api/judge/scores", {"authorization": auth, "user-agent": "FuzzPhone/1.0"}, raw,
             "application/json")
    assert_clean("/api/judge/scores", r)
    if dump(contest.db) != before:
        assert r.status_code == 200 and r.json()["replayed"] is False
        judge, round_key = JUDGE_OF[who]
        check_accepted(contest, doc, judge, round_key, r.json())
    elif r.status_code == 200:
        assert r.json()["replayed"] is True or parsed(doc["values"]) is not None
    assert chain_ok(contest.db)


# --- the cases fuzzing found, one by one (each failed before its fix) -------------------------

@pytest.fixture
def fresh(tmp_path):
    contest = make_fuzz_contest(tmp_path / "fresh.sqlite")
    yield contest, Client(create_app(LanContext(contest.db, host_key=HOST_KEY, rate=10**6, burst=10**6, allowed_hosts={"venue"})))
    contest.db.close()


def post(client, path, doc_or_raw, token=None, host=False):
    raw = doc_or_raw if isinstance(doc_or_raw, bytes) else json.dumps(doc_or_raw).encode()
    headers = {"authorization": f"Bearer {token}" if token else None, "x-host-key": HOST_KEY if host else None}
    return send(client, "POST", path, headers, raw, "application/json")


def scores(doc=None, **change):
    return {"key": "k", "component": "expert", "entry": "E2", "values": {"a": "7", "b": "8"}, **(doc or {}), **change}


def refused(contest, client, path, body, status, token=None, host=False, text=""):
    before = dump(contest.db)
    r = post(client, path, body, token, host)
    assert r.status_code == status, r.text
    assert text in r.json()["error"]
    assert dump(contest.db) == before and chain_ok(contest.db)
    return r


def test_unknown_api_paths_and_wrong_methods_answer_json(fresh):
    _, client = fresh
    for method, path, status in [("GET", "/api/judge/scores", 405), ("DELETE", "/api/host/close", 405),
                                 ("GET", "/api/nope", 404), ("POST", "/api/", 404)]:
        r = send(client, method, path, {})
        assert r.status_code == status and r.headers["content-type"].startswith("application/json")
        assert r.json()["error"]
    assert send(client, "GET", "/static/nope.js", {}).status_code == 404


@pytest.mark.parametrize("depth,status", [(5000, 400), (100000, 413)])
def test_deeply_nested_json_is_a_clean_refusal(fresh, depth, status):
    contest, client = fresh
    nested = b"[" * depth + b"]" * depth
    refused(contest, client, "/api/judge/scores", nested, status, contest.tokens["J3"])
    refused(contest, client, "/api/host/current", nested, status, host=True)


@pytest.mark.parametrize("change,text", [
    ({"comment": "\ud800"}, "控制字符"), ({"comment": "a\x00b"}, "控制字符"), ({"key": "\udfff"}, "提交编号"),
    ({"key": "k\x00"}, "提交编号"), ({"values": {"\ud800": "x", "b": "1"}}, "评分项"), ({"entry": "E2\x00"}, "作品"),
])
def test_text_a_database_cannot_hold_is_refused(fresh, change, text):
    """A lone surrogate made SQLite's UTF-8 encoding raise (HTTP 500); a NUL breaks PostgreSQL."""
    contest, client = fresh
    refused(contest, client, "/api/judge/scores", scores(**change), 422, contest.tokens["J3"], text=text)


NaN_JSON = "NaN-JSON"  # written as the bare JSON literal NaN


@pytest.mark.parametrize("change", [{"key": None}, {"key": 123}, {"entry": ["E2"]}, {"values": [["a", "1"]]},
                                    {"values": {"a": True, "b": "1"}}, {"values": {"a": NaN_JSON, "b": "1"}},
                                    {"comment": 5}])
def test_fields_of_the_wrong_type_are_malformed(fresh, change):
    """`null` used to be saved as the key "None", and `[["a", "1"]]` read as a dict."""
    contest, client = fresh
    body = json.dumps(scores(**change)).replace('"NaN-JSON"', "NaN").encode()
    refused(contest, client, "/api/judge/scores", body, 400, contest.tokens["J3"])


def test_numbers_are_read_exactly_not_as_floats(fresh):
    contest, client = fresh
    body = b'{"key": "f1", "component": "expert", "entry": "E2", "values": {"a": 1.00000000000000001, "b": 2}}'
    refused(contest, client, "/api/judge/scores", body, 422, contest.tokens["J3"], text="小数")  # float() made it 1
    body = b'{"key": "f2", "component": "expert", "entry": "E2", "values": {"a": 7.25, "b": 10}}'
    assert post(client, "/api/judge/scores", body, contest.tokens["J3"]).status_code == 200
    row = next(r for r in judge_sheet(contest.db, "final", "expert", "J3").rows if r.entry == "E2")
    assert row.values == {"a": Decimal("7.25"), "b": Decimal("10")}


def test_a_reused_key_with_other_scores_is_refused(fresh):
    contest, client = fresh
    token = contest.tokens["J3"]
    assert post(client, "/api/judge/scores", scores(key="same"), token).json()["replayed"] is False
    assert post(client, "/api/judge/scores", scores(key="same"), token).json()["replayed"] is True
    refused(contest, client, "/api/judge/scores", scores(key="same", values={"a": "1", "b": "1"}), 422, token,
            text="已用于另一份评分")
    refused(contest, client, "/api/judge/scores", scores(key="same", entry="E3"), 422, token)


def test_closed_must_be_a_boolean(fresh):
    """{"closed": "false"} used to close the entry (bool("false") is True)."""
    contest, client = fresh
    for bad in ("false", 0, None, "no"):
        refused(contest, client, "/api/host/close", {"round": "final", "entry": "E2", "closed": bad}, 400, host=True)
    assert post(client, "/api/host/close", {"round": "final", "entry": "E2"}, host=True).json()["changed"] is True
    assert post(client, "/api/host/close", {"round": "final", "entry": "E2", "closed": False}, host=True).json()["changed"]


def test_an_oversized_body_is_refused_before_it_is_read_whole(fresh):
    contest, client = fresh
    refused(contest, client, "/api/judge/scores", scores(comment="好" * 100_000), 413, contest.tokens["J3"])


def test_links_work_once_accounts_exist_and_only_staff_issue_them(fresh):
    """With an administrator account every phone submission was refused: the actor '评委 J3 手机 …'
    has no account. The link is the judge's credential; issuing links needs an administrator or clerk."""
    from judge_app.services.contest_day.lan_access import issue_tokens
    from judge_app.services.integrity.users import PermissionRefused, add_user

    contest, client = fresh
    add_user(contest.db, "admin", "administrator", "123456", "setup")
    add_user(contest.db, "host1", "host", "123456", "admin")
    add_user(contest.db, "clerk1", "clerk", "123456", "admin")
    r = post(client, "/api/judge/scores", scores(key="acc"), contest.tokens["J3"])
    assert r.status_code == 200, r.text
    refused(contest, client, "/api/judge/scores", scores(key="acc2", entry="E1"), 422, contest.tokens["J1"], text="回避")
    with pytest.raises(PermissionRefused):
        issue_tokens(contest.db, "final", "J1", "host1")
    with pytest.raises(PermissionRefused):
        issue_tokens(contest.db, "final", "J1", "nobody")
    assert issue_tokens(contest.db, "final", "J1", "clerk1")[0].judge == "J1"


RAW_REQUESTS = [
    b"\x00\x01\x02garbage\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET /api/judge HTTP/9.9\r\n\r\n",
    b"POST /api/judge/scores HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /api/judge/scores HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
    b"POST /api/judge/scores HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n",
    b"GET /api/judge HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\xfd\r\n\r\n",
    b"GET /api/judge HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 200_000 + b"\r\n\r\n",
    b"GET /%ff%fe/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /api/host?round=%ff HTTP/1.1\r\nHost: x\r\n\r\n",
]


@pytest.mark.parametrize("raw", RAW_REQUESTS, ids=range(len(RAW_REQUESTS)))
def test_malformed_http_over_a_real_socket_never_gets_a_500(fresh, raw):
    """Below the app: uvicorn's HTTP parser answers garbage with a 4xx or closes, and keeps serving."""
    import socket

    from judge_app.lan.server import LanServer

    contest, _ = fresh
    with LanServer(contest.db, "127.0.0.1", 0) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            try:
                s.sendall(raw)
                s.shutdown(socket.SHUT_WR)
                answer = b""
                while chunk := s.recv(65536):
                    answer += chunk
            except (ConnectionResetError, BrokenPipeError):
                answer = b""
        if answer:
            status = int(answer.split(b" ", 2)[1])
            assert status < 500 and b"Traceback" not in answer, answer[:300]
        r = httpx.get(f"{server.base_url}/api/judge", headers={"Authorization": f"Bearer {contest.tokens['J3']}"})
        assert r.status_code == 200
