"""`judge-app stage`: open the host console and the projector screen for a round."""

from __future__ import annotations

from judge_app.cli.common import actor, db_options, open_db


def cmd_stage(args) -> int:
    from judge_app.services.contest.contest_access import ServiceError
    from judge_app.services.results.standings import round_report

    db = open_db(args)
    round_report(db, args.round)  # refuse an unknown round or an empty database before any window opens
    if args.minutes <= 0:
        raise ServiceError("--minutes 须为正数 (must be positive)")
    from judge_app.qt.app import ensure_app, install_saved_language
    from judge_app.stage import open_stage

    app = ensure_app()
    install_saved_language()  # the console in the workspace's language, Qt's own dialogs too
    serve = None
    if args.serve:
        from judge_app.services.contest_day.lan_address import lan_address

        serve = (args.host or lan_address(), args.port)
    console = open_stage(db, args.round, actor(args), theme=args.theme, minutes=args.minutes,
                         live_totals=args.live_totals, anonymise=not args.judge_names, chime=args.chime,
                         serve=serve)
    link = console.controller.scoring
    if link is not None and link.attached is not None:
        print(f"已连接到正在运行的评分服务 (attached to the running scoring service): {link.address()}", flush=True)
    elif serve is not None:
        print(f"扫码评分服务 (LAN scoring service): {link.address()}", flush=True)
    if args.windowed:
        console.screen_choice = "window"
        console.place_stage()
    try:
        return app.exec()
    finally:
        db.close()


def register(sub) -> None:
    p = sub.add_parser("stage", help="打开现场大屏与主持人控制台 (open the live stage and host console)",
                       parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--theme", choices=["formal", "light", "contrast"], default="formal",
                   help="主题: formal 红金, light 浅色, contrast 高对比度 (theme)")
    p.add_argument("--minutes", type=float, default=8, help="每位选手时长, 分钟 (speaking time per entry)")
    p.add_argument("--live-totals", action="store_true",
                   help="总分实时上榜, 不等亮分 (show totals as they arrive instead of at the reveal)")
    p.add_argument("--judge-names", action="store_true", help="亮分时显示评委姓名而非 评委1…N (show judge names)")
    p.add_argument("--chime", action="store_true", help="最后一分钟和超时时提示音 (chime)")
    p.add_argument("--serve", action="store_true",
                   help="在本进程中开启扫码评分服务, 手机跟随舞台 (start the LAN scoring service in this console)")
    p.add_argument("--host", help="--serve 绑定的地址, 默认本机局域网地址 (address to bind; default: this machine's LAN address)")
    p.add_argument("--port", type=int, default=8000, help="--serve 的端口 (port, default 8000)")
    p.add_argument("--windowed", action="store_true", help="舞台以窗口显示, 不全屏 (stage in a window)")
    p.set_defaults(handler=cmd_stage)
