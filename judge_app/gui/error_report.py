"""The one way the workspace shows a failure (see judge_app/errors.py).

A refusal (`KnownError`, or the file system refusing a file) is a message: the user reads what
to change, nothing was written. Anything else is a program error: the traceback goes to a log
file (`error_log_path`) and the message says so and where, so a bug is never presented as if
the user's input were wrong. `install_excepthook` routes exceptions that escape a Qt slot here.
"""

from __future__ import annotations

import sys
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from judge_app.errors import error_log_path, is_refusal, log_program_error  # noqa: F401 - error_log_path for callers
from judge_app.qt.i18n import refusal_message


def report_error(parent: QWidget | None, title: str, exc: BaseException, tb_text: str | None = None) -> str:
    """Show `exc` the one way: a refusal as a warning, anything else as a program error, logged.
    Returns the text shown."""
    if is_refusal(exc):
        text = refusal_message(exc)  # zh_CN: without the English gloss the CLI keeps
        QMessageBox.warning(parent, title, text)
        return text
    logged = log_program_error(exc, tb_text)
    where = str(logged) if logged else QCoreApplication.translate("ErrorReport", "(日志无法写入)")
    text = (QCoreApplication.translate("ErrorReport", "程序错误: 这不是您的操作或数据的问题。未完成的操作已撤销。") + "\n"
            + QCoreApplication.translate("ErrorReport", "详细信息已写入 %1, 请将该文件发给技术支持。").replace("%1", where)
            + f"\n\n{type(exc).__name__}: {exc}")
    QMessageBox.critical(parent, title, text)
    return text


def install_excepthook() -> None:
    """Exceptions escaping a slot or an event handler become program-error reports, not a silent print."""
    previous = sys.excepthook

    def hook(kind, exc, tb):
        if QApplication.instance() is None or isinstance(exc, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        report_error(QApplication.activeWindow(), QCoreApplication.translate("ErrorReport", "程序错误"), exc,
                     "".join(traceback.format_exception(kind, exc, tb)))

    sys.excepthook = hook
