"""`judge-app serve`: the LAN scoring service judges open on their phones.

Host actions through its API run as the acting user (`--user`, authenticated when the database
has accounts, and needing the "stage" permission); the host key stays in this process.
It binds to one address: `--host ADDR`, else this machine's address on the local network,
never every interface unless the organizer types `--host 0.0.0.0`.
"""

from __future__ import annotations

import sys

from judge_app.cli.common import actor, db_options, open_db


def cmd_serve(args) -> int:
    import signal

    from judge_app.lan.server import LanServer
    from judge_app.services.contest_day.lan_address import lan_address

    # A shell that starts a command in the background hands it SIGINT ignored; Ctrl+C (or the
    # SIGINT a supervisor sends) must still stop the service, so take the default handler back.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    from judge_app.services.contest_day.lan_access import require_host

    host = args.host or lan_address()
    who = actor(args)  # with accounts: --user and a password with the "stage" permission, checked now
    db = open_db(args)
    try:
        require_host(db, who)
    except Exception:
        db.close()
        raise
    from judge_app.services.contest_day.lan_service import ServiceWatch

    running = ServiceWatch().running(db)
    if running is not None:  # allowed (both serve the same file), but the cards carry one address
        print(f"注意: 本比赛已有评分服务在运行: {running.url} (another scoring service already runs for this contest)",
              file=sys.stderr, flush=True)
    server = LanServer(db, host, args.port, rate=args.rate, actor=who)
    try:
        server.start()
    except OSError as exc:
        db.close()
        print(f"错误 (refused): {exc}", flush=True)
        return 2
    print(f"评分服务已启动 (scoring service running): {server.base_url}", flush=True)
    print(f"评委链接 (judge links): judge-app tokens issue --round ROUND --url {server.base_url}", flush=True)
    print(f"主持人操作记为 (host actions recorded as): {who}", flush=True)
    print("按 Ctrl+C 停止 (press Ctrl+C to stop)", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        db.close()
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", parents=[db_options()], help="启动局域网评分服务 (run the LAN scoring service)")
    p.add_argument("--host", help="监听地址, 默认本机局域网地址 (address to bind; default: this machine's LAN address)")
    p.add_argument("--port", type=int, default=8000, help="端口 (port; default 8000)")
    p.add_argument("--rate", type=float, default=5.0, help="每个评委每秒请求数上限 (requests per second per judge)")
    p.set_defaults(handler=cmd_serve)
