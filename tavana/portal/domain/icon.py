"""The web app's icon, drawn as a PNG in pure Python (no imaging library).

A flower of six petals round a heart, white on Tavana's teal: the shape stays
inside the middle 80 % (the safe zone of a "maskable" icon, which a phone may
crop to a circle). `tavana/portal/static/portal/icons/` holds the files this
writes; a test draws them again and compares bytes, so they cannot drift from
the code. Redraw with `python -m tavana.portal.domain.icon`.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

BRAND = (0x1D, 0x5C, 0x63)
WHITE = (0xFF, 0xFF, 0xFF)
SIZES = (180, 192, 512)


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + r for r in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _coverage(x: float, y: float) -> float:
    """How much of the white shape covers the point (x, y) in a unit square
    centred on 0: 1 inside, 0 outside (petals and heart, 4×4 supersampled)."""
    r = math.hypot(x, y)
    if r < 0.11:
        return 1.0
    if 0.15 < r < 0.19:  # a ring of teal between heart and petals
        return 0.0
    for k in range(6):
        a = k * math.pi / 3
        cx, cy = 0.24 * math.cos(a), 0.24 * math.sin(a)
        # an ellipse along the petal's axis
        dx, dy = x - cx, y - cy
        u = dx * math.cos(a) + dy * math.sin(a)
        v = -dx * math.sin(a) + dy * math.cos(a)
        if (u / 0.15) ** 2 + (v / 0.085) ** 2 <= 1.0:
            return 1.0
    return 0.0


def icon_png(size: int) -> bytes:
    """The icon at `size`×`size` pixels, antialiased by 4×4 supersampling."""
    rows = []
    n = 4
    for j in range(size):
        row = bytearray()
        for i in range(size):
            hits = 0
            for sj in range(n):
                for si in range(n):
                    x = (i + (si + 0.5) / n) / size - 0.5
                    y = (j + (sj + 0.5) / n) / size - 0.5
                    hits += _coverage(x, y) > 0
            t = hits / (n * n)
            row += bytes(round(b + (w - b) * t) for b, w in zip(BRAND, WHITE, strict=True))
        rows.append(bytes(row))
    return _png(size, size, rows)


def icon_paths(folder: Path) -> dict[int, Path]:
    return {s: folder / f"icon-{s}.png" for s in SIZES}


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    here = Path(__file__).resolve().parents[1] / "static" / "portal" / "icons"
    here.mkdir(parents=True, exist_ok=True)
    for s, path in icon_paths(here).items():
        path.write_bytes(icon_png(s))
        print(path, path.stat().st_size)
