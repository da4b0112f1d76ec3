"""`tavana plan-production` run for real, as a separate process, per the contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAVANA = Path(sys.executable).with_name("tavana")

INSTANCE = {
    "order": "1405-shahrban-uniforms",
    "horizon": 20,
    "min_batch": 20,
    "items": [
        {"id": "shirt-M", "product": "shirt", "quantity": 1200, "due": 12},
        {"id": "trousers-M", "product": "trousers", "quantity": 300, "due": 20},
    ],
    "producers": [
        {
            "id": "k04",
            "kind": "unit",
            "day_minutes": 5760,
            "minutes": {"shirt": 35, "trousers": 40},
            "days": [1, 2, 3, 5, 6],
        },
        {
            "id": "p17",
            "kind": "home",
            "tier": 1,
            "day_minutes": 240,
            "minutes": {"shirt": 45},
            "days": [1, 2, 3, 4, 5, 6, 7],
        },
        {
            "id": "p18",
            "kind": "home",
            "tier": 2,
            "day_minutes": 120,
            "minutes": {"trousers": 60},
            "days": [8, 9],
        },
    ],
}


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tavana.config.settings.test"}
    if TAVANA.exists():
        command = [str(TAVANA), "plan-production", *args]
    else:
        command = [sys.executable, "-m", "tavana", "plan-production", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def write(tmp_path: Path, data, name="instance.json") -> Path:
    path = tmp_path / name
    path.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8"
    )
    return path


def test_writes_the_optimal_plan_and_nothing_to_stdout(tmp_path):
    out = tmp_path / "plan.json"
    done = run(str(write(tmp_path, INSTANCE)), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    plan = json.loads(out.read_text("utf-8"))
    assert set(plan) == {"order", "assignments", "shortfall", "optimal", "stats"}
    assert plan["order"] == "1405-shahrban-uniforms"
    assert plan["optimal"] is True
    # The workshop's 28,800 minutes (its days end on day 6) go to shirts, the
    # quicker piece: 822; p17 makes 37 shirts; p18 4 trousers, 296 are short.
    got = {(a["producer"], a["item"]): a["pieces"] for a in plan["assignments"]}
    assert got == {("k04", "shirt-M"): 822, ("p17", "shirt-M"): 37, ("p18", "trousers-M"): 4}
    assert sum(a["pieces"] for a in plan["assignments"]) == plan["stats"]["pieces"]
    assert all(a["pieces"] >= 1 for a in plan["assignments"])
    assert [s["item"] for s in plan["shortfall"]] == ["shirt-M", "trousers-M"]
    assert plan["stats"]["pieces"] + plan["stats"]["shortfall"] == 1500
    assert plan["stats"]["served_by_tier"] == [[1, 1, 1], [2, 0, 1]]
    assert set(plan["stats"]) == {"pieces", "shortfall", "served_by_tier", "handoffs", "seconds"}


def test_an_invalid_instance_exits_2_with_one_line_naming_the_field(tmp_path):
    bad = json.loads(json.dumps(INSTANCE))
    bad["producers"][1]["days"] = [1, 25]
    out = tmp_path / "plan.json"
    done = run(str(write(tmp_path, bad)), "--output", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "producers[1]" in lines[0] and "days" in lines[0]
    assert not out.exists()


def test_a_missing_file_or_broken_json_exits_2(tmp_path):
    out = tmp_path / "plan.json"
    assert run(str(tmp_path / "none.json"), "--output", str(out)).returncode == 2
    done = run(str(write(tmp_path, '{"order": ')), "--output", str(out))
    assert done.returncode == 2 and "JSON" in done.stderr
    assert not out.exists()


def test_a_time_limit_still_writes_a_feasible_plan(tmp_path):
    out = tmp_path / "plan.json"
    done = run(str(write(tmp_path, INSTANCE)), "--output", str(out), "--time-limit", "30")
    assert done.returncode == 0, done.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert plan["stats"]["pieces"] > 0
