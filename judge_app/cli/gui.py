"""`judge-app gui [--db PATH]`: open the organizer and clerk workspace.

`--screenshot PATH` (for checking a build without a display, see judge_app/gui/screenshot.py):
save the first window shown to PATH and exit.
"""

from __future__ import annotations

from judge_app.cli.common import db_options


def cmd_gui(args) -> int:
    import os

    if args.screenshot:
        from judge_app.gui.screenshot import capture_first_window

        capture_first_window(args.screenshot, args.screenshot_pdf)
    from judge_app.gui.app import run

    return run(getattr(args, "db", None) or os.environ.get("JUDGE_APP_DB"), getattr(args, "user", None), args.lang)


def register(sub) -> None:
    p = sub.add_parser("gui", help="打开图形界面工作台 (open the desktop workspace)", parents=[db_options()])
    p.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言 (language; default zh_CN or the last choice)")
    p.add_argument("--screenshot", metavar="PNG",
                   help="把显示的第一个窗口存为 PNG 后退出, 用于无显示器检查 (save the first window to PNG and exit)")
    p.add_argument("--screenshot-pdf", metavar="PDF",
                   help="同时在应用内预览此 PDF 并截图为 PNG 名-pdf.png (with --screenshot: also grab this PDF's preview)")
    p.set_defaults(handler=cmd_gui)
