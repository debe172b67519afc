"""`judge-app stage`: open the host console and the projector screen for a round."""

from __future__ import annotations

from judge_app.cli.common import actor, db_options, open_db


def cmd_stage(args) -> int:
    from judge_app.services.contest_access import ServiceError
    from judge_app.services.standings import round_report

    db = open_db(args)
    round_report(db, args.round)  # refuse an unknown round or an empty database before any window opens
    if args.minutes <= 0:
        raise ServiceError("--minutes 须为正数 (must be positive)")
    from judge_app.gui.qt_app import ensure_app
    from judge_app.stage import open_stage

    app = ensure_app()
    console = open_stage(db, args.round, actor(args), theme=args.theme, minutes=args.minutes,
                         live_totals=args.live_totals, anonymise=not args.judge_names, chime=args.chime)
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
    p.add_argument("--windowed", action="store_true", help="舞台以窗口显示, 不全屏 (stage in a window)")
    p.set_defaults(handler=cmd_stage)
