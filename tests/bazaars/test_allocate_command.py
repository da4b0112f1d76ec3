"""`tavana allocate` run for real, as a separate process, per the contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TAVANA = Path(sys.executable).with_name("tavana")

INSTANCE = {
    "round": "1403-nowruz",
    "events": [
        {
            "id": "tajrish",
            "start": "1403-12-16",
            "end": "1403-12-25",
            "booths": 2,
            "category_cap": 0.5,
            "district": 1,
        },
        {"id": "metro-7", "start": "۱۴۰۳-۱۲-۲۵", "end": "۱۴۰۳-۱۲-۲۸", "booths": 1, "district": 7},
    ],
    "applicants": [
        {
            "id": "p17",
            "category": "handicrafts",
            "district": 4,
            "priority": 1,
            "past": 0,
            "quota": 1,
        },
        {"id": "p18", "category": "handicrafts", "district": 4, "priority": 0, "past": 0},
        {"id": "p19", "category": "dolls", "district": 2, "priority": 0, "past": 1, "quota": 2},
        {"id": "p90", "category": "candles", "district": 9, "priority": 0, "past": 2},
    ],
    "applications": [
        {"applicant": "p17", "event": "tajrish", "rank": 1},
        {"applicant": "p18", "event": "tajrish", "rank": 1},
        {"applicant": "p18", "event": "metro-7", "rank": 2},
        {"applicant": "p19", "event": "tajrish", "rank": 1},
        {"applicant": "p19", "event": "metro-7", "rank": 2},
    ],
}


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tavana.config.settings.test"}
    if TAVANA.exists():
        command = [str(TAVANA), "allocate", *args]
    else:
        command = [sys.executable, "-m", "django", "allocate", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def write(tmp_path: Path, data, name="instance.json") -> Path:
    path = tmp_path / name
    path.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8"
    )
    return path


def test_writes_the_optimal_result(tmp_path):
    out = tmp_path / "result.json"
    done = run(str(write(tmp_path, INSTANCE)), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    result = json.loads(out.read_text("utf-8"))
    assert set(result) == {"round", "assignments", "unassigned", "optimal", "stats"}
    assert result["round"] == "1403-nowruz"
    assert result["optimal"] is True
    # The category cap (0.5 x 2 = 1 handicraft) keeps p17 and p18 apart at
    # tajrish; metro-7 overlaps tajrish on the 25th, so p19 gets only one.
    assert sorted((a["applicant"], a["event"]) for a in result["assignments"]) == [
        ("p17", "tajrish"),
        ("p18", "metro-7"),
        ("p19", "tajrish"),
    ]
    assert result["unassigned"] == ["p90"]
    stats = result["stats"]
    assert stats["served_by_tier"] == [[0, 1, 1, 1], [0, 0, 1, 1], [1, 0, 1, 1], [2, 0, 0, 1]]
    assert stats["booths_assigned"] == 3
    assert stats["rank_sum"] == 4
    assert isinstance(stats["seconds"], int | float)


def test_time_limit_is_accepted(tmp_path):
    out = tmp_path / "result.json"
    done = run(str(write(tmp_path, INSTANCE)), "--output", str(out), "--time-limit", "30")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads(out.read_text("utf-8"))["stats"]["booths_assigned"] == 3


def spoil(change) -> dict:
    data = json.loads(json.dumps(INSTANCE))
    change(data)
    return data


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (spoil(lambda d: d["events"][1].update(booths=-3)), "events[1].booths"),
        (spoil(lambda d: d["events"][0].update(end="1403-12-31")), "events[0].end"),
        (spoil(lambda d: d["events"][0].update(category_cap=0)), "events[0].category_cap"),
        (spoil(lambda d: d["applicants"][2].update(priority=3)), "applicants[2].priority"),
        (spoil(lambda d: d["applicants"].append(d["applicants"][0])), "applicants[4].id"),
        (spoil(lambda d: d["applications"][4].update(event="x")), "applications[4].event"),
        (spoil(lambda d: d["applications"].append(d["applications"][0])), "applications[5]"),
        (spoil(lambda d: d["applications"][0].update(rank=0)), "applications[0].rank"),
        ('{"round": "x", "events": [', "JSON"),
        ("[]", "object"),
    ],
)
def test_invalid_instance_exits_2_with_one_line(tmp_path, content, reason):
    out = tmp_path / "result.json"
    done = run(str(write(tmp_path, content)), "--output", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert reason in lines[0]
    assert not out.exists()


def test_missing_file_exits_2(tmp_path):
    out = tmp_path / "result.json"
    done = run(str(tmp_path / "absent.json"), "--output", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()
