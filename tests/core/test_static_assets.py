"""The vendored front-end assets load nothing from outside the server.

Pure file checks: no database, no Django.
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "tavana" / "static"
VENDOR = STATIC / "vendor"
TEXT_ASSETS = sorted([*STATIC.rglob("*.css"), *STATIC.rglob("*.js")])

# A reference the browser would fetch: url(...) that is not a data: URI or a
# relative path, an @import, or a source map comment.
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?:https?:)?//", re.IGNORECASE)
IMPORT = re.compile(r"@import\b", re.IGNORECASE)
SOURCE_MAP = re.compile(r"[#@]\s*sourceMappingURL=")


def test_vendor_assets_are_present():
    expected = [
        "vazirmatn/Vazirmatn-Variable.woff2",
        "vazirmatn/Vazirmatn-Regular.woff2",
        "vazirmatn/Vazirmatn-Medium.woff2",
        "vazirmatn/Vazirmatn-Bold.woff2",
        "vazirmatn/OFL.txt",
        "bootstrap/bootstrap.rtl.min.css",
        "bootstrap/bootstrap.bundle.min.js",
        "htmx/htmx.min.js",
        "jalalidatepicker/jalalidatepicker.min.js",
        "jalalidatepicker/jalalidatepicker.min.css",
        "chartjs/chart.umd.min.js",
        "VERSIONS.md",
    ]
    missing = [name for name in expected if not (VENDOR / name).is_file()]
    assert missing == []


@pytest.mark.parametrize("path", TEXT_ASSETS, ids=lambda p: str(p.relative_to(STATIC)))
def test_asset_loads_nothing_from_outside(path):
    text = path.read_text(encoding="utf-8")
    assert not EXTERNAL_URL.search(text)
    assert not IMPORT.search(text)
    assert not SOURCE_MAP.search(text)


def test_font_faces_point_at_vendored_files():
    css_dir = STATIC / "css"
    css = (css_dir / "tavana.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(\"([^\"]+)\"\)", css)
    assert urls, "tavana.css declares no font files"
    for url in urls:
        assert url.startswith("../vendor/vazirmatn/")
        assert (css_dir / url).resolve().is_file(), url
