"""The lock files and pyproject.toml agree (refresh with `requirements/refresh`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(name: str) -> dict[str, list[tuple[Version, Marker | None]]]:
    """Package → [(version, marker)] of a lock file; every pin must carry hashes."""
    found: dict[str, list[tuple[Version, Marker | None]]] = {}
    lines = (ROOT / "requirements" / name).read_text().splitlines()
    for i, line in enumerate(lines):
        if not line or line.startswith((" ", "#")):
            continue
        m = PIN.match(line)
        assert m, f"{name}: not an exact pin: {line!r}"
        assert i + 1 < len(lines) and lines[i + 1].strip().startswith("--hash=sha256:"), (
            f"{name}: {m[1]} has no hash"
        )
        marker = Marker(m[3]) if m[3] else None
        found.setdefault(canonicalize_name(m[1]), []).append((Version(m[2]), marker))
    return found


def direct(extra: str | None) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    if extra:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    reqs += [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    return reqs


@pytest.mark.parametrize(
    ("lock", "extra"), [("app.txt", None), ("test.txt", "test"), ("bench.txt", "bench")]
)
def test_every_direct_dependency_is_pinned_within_its_range(lock, extra):
    locked = pins(lock)
    env = {"python_version": "3.11", "python_full_version": "3.11.7"}
    for req in direct(extra):
        name = canonicalize_name(req.name)
        assert name in locked, f"{lock}: {req.name} is in pyproject.toml but not locked"
        versions = [v for v, marker in locked[name] if marker is None or marker.evaluate(env)]
        assert versions, f"{lock}: no pin of {req.name} for Python 3.11"
        for version in versions:
            assert req.specifier.contains(version, prereleases=True), (
                f"{lock}: {req.name}=={version} is outside pyproject.toml's {req.specifier}"
            )


def test_every_direct_dependency_has_an_upper_bound():
    for req in direct("test") + direct("bench"):
        assert any(s.operator in ("<", "<=", "==", "~=") for s in req.specifier), (
            f"{req} has no upper bound: a major release could break a fresh install"
        )


def test_the_test_lock_is_the_app_lock_plus_test_tools():
    app, test = pins("app.txt"), pins("test.txt")
    for name, versions in app.items():
        assert test.get(name) == versions, f"{name}: app.txt and test.txt pin different versions"
