"""The code keeps the shape docs/architecture.md describes, so every new context
copies a tree that reads easily:

- no Python file over 600 lines (migrations and benchmarks aside: bench/ is
  read for function length only);
- no function or method over 80 lines, except in the demo generators
  (tavana_demo/), which build long, deterministic lists of made-up rows. The
  benchmarks (bench/) and the deployment drill (deploy/) are held to it too:
  the issue exempts benchmarks from the file-length limit alone.

A file that grows past the limit is split by concern (a sub-package with its
own modules, as tavana/people/importing/); a long function is split into named
steps. The limits are counted on the source as written: blank lines,
comments and docstrings count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
CHECKED = ("tavana", "tavana_demo", "tests", "bench", "deploy")
EXEMPT_FILES = ("bench",)  # benchmarks: no file-length limit (the "Done when")
EXEMPT_FUNCTIONS = ("tavana_demo",)
# Files over the limit while another issue reworks them: whose, and why. An entry
# fails the test as soon as its file is back under the limit, so it is removed.
PENDING: dict[str, str] = {}


def _python_files():
    for top in CHECKED:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, first, node.end_lineno or node.lineno


def test_no_file_is_over_600_lines():
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in _python_files()
        if p.relative_to(ROOT).parts[0] not in EXEMPT_FILES
    }
    long = {f: n for f, n in sizes.items() if n > MAX_FILE_LINES and f not in PENDING}
    assert not long, f"split these by concern (lines): {long}"
    done = [f for f in PENDING if sizes.get(f, 0) <= MAX_FILE_LINES]
    assert not done, f"back under the limit: remove from PENDING: {done}"


def test_no_function_is_over_80_lines_outside_the_demo_generators():
    long = {}
    for path in _python_files():
        rel = path.relative_to(ROOT)
        if rel.parts[0] in EXEMPT_FUNCTIONS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))
        for name, first, last in _functions(tree):
            if last - first + 1 > MAX_FUNCTION_LINES:
                long[f"{rel}:{first} {name}"] = last - first + 1
    assert not long, f"split these into named steps (lines): {long}"


@pytest.mark.parametrize("limit", [MAX_FILE_LINES, MAX_FUNCTION_LINES])
def test_the_checks_see_the_code(limit):
    """The walk finds the application (a check that reads nothing cannot fail)."""
    files = list(_python_files())
    assert any(p.name == "services.py" for p in files) and len(files) > 100
    tops = {p.relative_to(ROOT).parts[0] for p in files}
    assert tops == set(CHECKED), f"nothing read under {set(CHECKED) - tops}"
    assert {"bench/web/run.py", "deploy/drill.py"} <= {str(p.relative_to(ROOT)) for p in files}
    assert limit > 0


def _typed_by_mypy() -> set[Path]:
    """The Python files [tool.mypy] files names (globs, folders walked)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    typed: set[Path] = set()
    for pattern in config["tool"]["mypy"]["files"]:
        for match in ROOT.glob(pattern):
            typed |= set(match.rglob("*.py")) if match.is_dir() else {match}
    return typed


def test_mypy_reads_every_domain_service_and_selector_module():
    """The code every context copies is type-checked in CI: a new context's
    `selectors_x.py` or `services/` is not left out by a glob that misses it."""
    meant = {
        p
        for p in (ROOT / "tavana").rglob("*.py")
        if "migrations" not in p.parts
        and (
            "domain" in p.relative_to(ROOT / "tavana").parts[1:-1]
            or "services" in p.relative_to(ROOT / "tavana").parts[1:-1]
            or p.stem.split("_")[0] in ("services", "selectors")
        )
    }
    assert len(meant) > 100
    missing = sorted(str(p.relative_to(ROOT)) for p in meant - _typed_by_mypy())
    assert not missing, f"add to [tool.mypy] files: {missing}"
