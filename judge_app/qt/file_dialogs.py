"""File dialogs that never open the files they list: every open/save dialog of the app goes through here.

Why: on Linux and macOS SQLite coordinates processes with POSIX advisory locks, and the kernel
drops *all* of a process's locks on a file as soon as *any* descriptor of that file is closed in
that process. Qt's file dialog sniffs the content of every file it lists to choose an icon and a
type name (MIME magic), so showing the folder that holds the open contest (`c.sqlite`,
`c.sqlite-wal`, `c.sqlite-shm`) silently released the workspace's locks. The next `judge-app` run
in a terminal then believed it was alone: it reset the shared WAL index and, on exit, checkpointed
and deleted the `-wal`/`-shm` files under the open window, whose next read or write failed with
"database disk image is malformed". Here icons and type names come from the file name alone.

The functions take and return what `QFileDialog`'s static functions do, so a call site reads
`path, _ = file_dialogs.getOpenFileName(self, title, "", filters)`. The Qt (non-native) dialog
is used on Linux: the GTK one runs inside the process and sniffs content too. Windows locks are
per handle and macOS runs its panel in another process, so their native dialogs are kept.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget


class NamesOnlyIcons(QAbstractFileIconProvider):
    """A folder or file icon and a type name from the name, without reading any file."""

    def icon(self, what) -> QIcon:  # noqa: D401 - Qt override (icon(IconType) and icon(QFileInfo))
        style = QApplication.style()
        if isinstance(what, QFileInfo):
            folder = what.isDir()
        else:
            folder = what in (QAbstractFileIconProvider.IconType.Folder, QAbstractFileIconProvider.IconType.Drive)
        return style.standardIcon(QStyle.StandardPixmap.SP_DirIcon if folder else QStyle.StandardPixmap.SP_FileIcon)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} File" if suffix else "File"


_icons: NamesOnlyIcons | None = None


def names_only_icons() -> NamesOnlyIcons:
    global _icons
    if _icons is None:
        _icons = NamesOnlyIcons()
    return _icons


def make_dialog(parent: QWidget | None, caption: str, directory: str, filter: str) -> QFileDialog:
    """A dialog that lists nothing before its icon provider is set (the listing starts with the folder)."""
    dialog = QFileDialog(parent)
    if sys.platform.startswith("linux"):
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(names_only_icons())
    dialog.setWindowTitle(caption)
    if filter:
        dialog.setNameFilters(filter.split(";;"))
    if directory:
        info = QFileInfo(directory)
        if info.isDir():
            dialog.setDirectory(directory)
        else:
            if info.absoluteDir().exists():
                dialog.setDirectory(info.absolutePath())
            dialog.selectFile(info.fileName())
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return [], ""
    return dialog.selectedFiles(), dialog.selectedNameFilter()


def getOpenFileName(parent=None, caption: str = "", directory: str = "", filter: str = "") -> tuple[str, str]:
    dialog = make_dialog(parent, caption, directory, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def getOpenFileNames(parent=None, caption: str = "", directory: str = "", filter: str = "") -> tuple[list[str], str]:
    dialog = make_dialog(parent, caption, directory, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def getSaveFileName(parent=None, caption: str = "", directory: str = "", filter: str = "") -> tuple[str, str]:
    dialog = make_dialog(parent, caption, directory, filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def getExistingDirectory(parent=None, caption: str = "", directory: str = "") -> str:
    dialog = make_dialog(parent, caption, directory, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    files, _ = _run(dialog)
    return files[0] if files else ""
