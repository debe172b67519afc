"""The seal image placed on electronic certificates: checked before anything is drawn.

It comes from the user's disk, so it is treated as hostile: a PNG of bounded size, opened and
decoded once here (a decompression bomb or a corrupt file is refused with the reason), and it
must have transparency — an opaque square would cover the issuing body it is stamped over.
"""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000


class SealImageError(ValueError):
    pass


def checked_seal_image(path: Path) -> str:
    """The absolute path of a usable seal image, else SealImageError saying why."""
    from PIL import Image

    where = f"印章图片 {path}"
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SealImageError(f"{where}: 无法读取: {exc.strerror} (cannot read the seal image)") from None
    if size > MAX_BYTES:
        raise SealImageError(f"{where}: 文件过大 (至多 5 MB) (seal image too large)")
    try:
        with Image.open(path) as image:
            if image.format != "PNG":
                raise SealImageError(f"{where}: 须为 PNG 图片 (the seal image must be a PNG)")
            if max(image.size) > MAX_SIDE:
                raise SealImageError(f"{where}: 尺寸过大 (至多 {MAX_SIDE} 像素) (seal image too large)")
            image.load()
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    except SealImageError:
        raise
    except Exception as exc:  # PIL raises many kinds for a broken file
        raise SealImageError(f"{where}: 不是可读的 PNG 图片: {exc} (not a readable PNG)") from None
    if not transparent:
        raise SealImageError(f"{where}: 须为透明背景的 PNG, 否则会遮住颁发单位 (the seal image needs transparency)")
    return str(path.resolve())
