"""What the packaged app leaves out, used by judge_app.spec.

PyInstaller's Qt hooks collect every plugin of every category a Qt module might load, every Qt
translation, and on Linux every system library those plugins link (GTK for the GTK theme,
Wayland, EGL…). The app needs few of them; this module says which stay.
"""

from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path, PurePosixPath

# Qt plugin categories kept, with the plugins kept in each (None: all of them). Plugins live in
# PySide6/Qt/plugins/ (Linux, macOS) or PySide6/plugins/ (Windows).
QT_PLUGINS: dict[str, set[str] | None] = {
    # windows: the desktop; xcb: X11 desktops (Wayland ones run it through XWayland); offscreen and
    # minimal: no display (the build test, screenshots); cocoa: macOS
    "platforms": {"qwindows", "qxcb", "qoffscreen", "qminimal", "qcocoa"},
    "platforminputcontexts": None,  # ibus/fcitx: typing Chinese on Linux
    "xcbglintegrations": None,
    "styles": None,  # the native Windows 11 style
    "imageformats": {"qjpeg", "qgif", "qico", "qsvg"},  # PNG is built into QtGui
    "iconengines": None,
    "printsupport": None,  # the CUPS printer backend (Linux)
}
# Qt's own translations: only Chinese (English is Qt's source language).
QT_TRANSLATIONS = {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def _stem(name: str) -> str:
    stem = name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_plugin(dest: str) -> bool:
    parts = _parts(dest)
    if "plugins" not in parts[:-1] or parts[0] != "PySide6":
        return True
    at = parts.index("plugins")
    if len(parts) < at + 3:
        return True
    category, name = parts[at + 1], parts[-1]
    if category not in QT_PLUGINS:
        return False
    chosen = QT_PLUGINS[category]
    return chosen is None or _stem(name) in chosen


def keep_data(dest: str) -> bool:
    parts = _parts(dest)
    if parts[0] == "PySide6" and "translations" in parts[:-1]:
        return parts[-1] in QT_TRANSLATIONS
    if parts[:2] == ("resources", "i18n") and dest.endswith(".ts"):
        return False  # shipped compiled (.qm)
    return keep_plugin(dest)


def compile_translations(source: Path, target: Path) -> Path:
    """Compile every `.ts` with Qt's lrelease (shipped in PySide6-Essentials); returns `target`."""
    import PySide6

    target.mkdir(parents=True, exist_ok=True)
    tool = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    command = [str(tool)] if tool.exists() else ["pyside6-lrelease"]
    for ts in sorted(source.glob("*.ts")):
        subprocess.run([*command, "-silent", str(ts), "-qm", str(target / ts.with_suffix(".qm").name)], check=True)
    return target


def prune_unreferenced_libraries(binaries: list) -> list:
    """Linux only: drop shared libraries nothing kept links to any more.

    Roots are Python extension modules, the Qt plugins kept and the Python library; a library
    stays when a root needs it, directly or through another library (ldd lists the whole
    closure). On Windows and macOS nothing is dropped (their Qt wheels bring no system libraries).
    """
    if not sys.platform.startswith("linux"):
        return binaries
    from PyInstaller.depend.bindepend import get_imports

    def is_root(dest: str, src: str) -> bool:
        name = _parts(dest)[-1]
        return ".cpython-" in name or ".abi3." in name or "plugins" in _parts(dest) or name.startswith("libpython")

    needed: set[str] = set()
    for dest, src, typecode in binaries:
        if typecode == "EXTENSION" or (typecode == "BINARY" and is_root(dest, src)):
            needed.update(Path(name).name for name, _path in get_imports(src))
    for dest, src, typecode in binaries:  # a link kept keeps the file it points to
        if typecode == "SYMLINK" and _parts(dest)[-1] in needed:
            needed.add(_parts(src)[-1])
    return [(dest, src, typecode) for dest, src, typecode in binaries
            if typecode not in ("BINARY", "SYMLINK") or is_root(dest, src) or _parts(dest)[-1] in needed]


def drop_dangling_links(toc: list, *kept: list) -> list:
    """Drop SYMLINK entries (PyInstaller puts them among the datas) whose target is no longer collected."""
    def norm(path: str) -> str:
        return posixpath.normpath(path.replace("\\", "/"))

    present = {norm(dest) for entries in (toc, *kept) for dest, _src, typecode in entries if typecode != "SYMLINK"}
    return [(dest, src, typecode) for dest, src, typecode in toc
            if typecode != "SYMLINK" or norm(posixpath.join(posixpath.dirname(norm(dest)), norm(src))) in present]
