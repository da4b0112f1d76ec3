"""Instance generator for the booth-allocation benchmark.

    python bench/allocation/generate.py [--seed N] [--out bench/out/allocation]

Writes three instances (``shared/contracts/allocation.md`` format):

- ``nowruz.json``: a pre-Nowruz exhibition, 16-25 Esfand, at 20 overlapping
  venues (Goftegu park, 13 metro stations, 6 parks), ~1,500 applicants.
- ``district-year.json``: a year of district bazaars -- a monthly bazaar in
  each of 22 districts plus seasonal and occasion bazaars.
- ``national.json``: a national round, 20,000 applicants and 600 events.

Data are synthetic; the shapes (skewed category demand, past opportunities,
ranked choices near home, application order) follow the Center's rounds.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import jdatetime

CATEGORIES = [
    ("women's clothing", 14),
    ("handicrafts", 12),
    ("dried fruit and food packaging", 12),
    ("hijab goods", 8),
    ("children's clothing", 8),
    ("jewellery", 7),
    ("needlework", 7),
    ("bedding", 5),
    ("kitchen goods", 5),
    ("teen clothing", 4),
    ("men's clothing", 4),
    ("pottery", 3),
    ("macramé", 3),
    ("dolls", 3),
    ("candles", 3),
    ("small cultural products", 2),
]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def jdate(year: int, month: int, day: int, persian: bool = False) -> str:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return text.translate(PERSIAN) if persian else text


def shift(year: int, month: int, day: int, days: int) -> tuple[int, int, int]:
    d = jdatetime.date(year, month, day) + jdatetime.timedelta(days=days)
    return d.year, d.month, d.day


def applicant(rng: random.Random, pid: str, districts: list[int], quota_weights) -> dict:
    past = rng.choices([0, 1, 2, 3, 4], weights=[45, 30, 15, 7, 3])[0]
    return {
        "id": pid,
        "category": rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0],
        "district": rng.choice(districts),
        "priority": 1 if rng.random() < 0.3 else 0,
        "past": past,
        "quota": rng.choices([1, 2, 3, 4], weights=quota_weights)[0],
    }


def applications(
    rng: random.Random,
    people: list[dict],
    events: list[dict],
    choices: tuple[int, int],
    near: float,
    pool=None,
    appeal: dict | None = None,
) -> list[dict]:
    """Ranked choices, mostly near home, drawn by each event's appeal (some venues
    are far more wanted than others); returned in (shuffled) submission order."""
    appeal = appeal or {}
    by_district: dict[int, list[dict]] = {}
    for e in events:
        by_district.setdefault(e["district"], []).append(e)
    out = []
    for p in people:
        candidates = pool(p) if pool else events
        local = [e for e in candidates if e["district"] == p["district"]]
        k = min(rng.randint(*choices), len(candidates))
        picked: list[dict] = []
        seen = set()
        while len(picked) < k:
            src = local if local and rng.random() < near else candidates
            e = rng.choices(src, weights=[appeal.get(x["id"], 1.0) for x in src])[0]
            if e["id"] not in seen:
                seen.add(e["id"])
                picked.append(e)
        for rank, e in enumerate(picked, start=1):
            out.append({"applicant": p["id"], "event": e["id"], "rank": rank})
    rng.shuffle(out)
    return out


def nowruz(seed: int) -> dict:
    """Goftegu park, 13 metro stations and 6 parks, 16-25 Esfand 1403."""
    rng = random.Random(seed)
    districts = [2, 4, 9, 19, 20, 22]
    events = [
        {
            "id": "goftegu-park",
            "start": jdate(1403, 12, 16, True),
            "end": jdate(1403, 12, 25, True),
            "booths": 120,
            "category_cap": 0.2,
            "district": 3,
        }
    ]
    for i in range(13):
        # Stations run in two shifts: the first or second half of the fortnight.
        first = i % 2 == 0
        events.append(
            {
                "id": f"metro-{i + 1:02d}",
                "start": jdate(1403, 12, 16 if first else 21, True),
                "end": jdate(1403, 12, 20 if first else 25, True),
                "booths": rng.randint(8, 16),
                "category_cap": 0.3,
                "district": rng.choice(districts),
            }
        )
    for i in range(6):
        events.append(
            {
                "id": f"park-{districts[i]}",
                "start": jdate(1403, 12, 18, True),
                "end": jdate(1403, 12, 25, True),
                "booths": rng.randint(20, 35),
                "category_cap": 0.25,
                "district": districts[i],
            }
        )
    people = [applicant(rng, f"p{i:05d}", districts + [3], [75, 20, 5, 0]) for i in range(1500)]
    apps = applications(rng, people, events, (1, 4), 0.6)
    return {"round": "1403-nowruz", "events": events, "applicants": people, "applications": apps}


def district_year(seed: int) -> dict:
    """A year of bazaars in 22 districts: monthly, seasonal, occasion."""
    rng = random.Random(seed)
    districts = list(range(1, 23))
    events = []
    for month in range(1, 13):
        for d in districts:
            day = rng.randint(1, 25)
            length = rng.randint(1, 3)
            y, m, dd = shift(1404, month, day, length - 1)
            events.append(
                {
                    "id": f"monthly-{month:02d}-d{d:02d}",
                    "start": jdate(1404, month, day),
                    "end": jdate(y, m, dd),
                    "booths": rng.randint(6, 14),
                    "category_cap": rng.choice([None, 0.25, 0.3, 0.4]),
                    "district": d,
                }
            )
    for season, month in enumerate((1, 4, 7, 10)):
        for k in range(4):
            start_day = 10 + 3 * k
            y, m, dd = shift(1404, month, start_day, 6)
            events.append(
                {
                    "id": f"season-{season + 1}-{k + 1}",
                    "start": jdate(1404, month, start_day),
                    "end": jdate(y, m, dd),
                    "booths": rng.randint(30, 60),
                    "category_cap": 0.2,
                    "district": rng.choice(districts),
                }
            )
    for name, (month, day) in {"yalda": (9, 28), "mehr": (7, 1), "mother": (10, 1)}.items():
        y, m, dd = shift(1404, month, day, 2)
        events.append(
            {
                "id": f"occasion-{name}",
                "start": jdate(1404, month, day),
                "end": jdate(y, m, dd),
                "booths": 40,
                "category_cap": 0.2,
                "district": rng.choice(districts),
            }
        )
    for e in events:
        if e["category_cap"] is None:
            del e["category_cap"]
    people = [applicant(rng, f"p{i:05d}", districts, [30, 40, 20, 10]) for i in range(6000)]
    appeal = {e["id"]: rng.lognormvariate(0, 1.0) for e in events}
    apps = applications(rng, people, events, (2, 8), 0.7, appeal=appeal)
    return {
        "round": "1404-district-year",
        "events": events,
        "applicants": people,
        "applications": apps,
    }


def national(seed: int) -> dict:
    """20,000 applicants, 600 events over a season in 31 provinces."""
    rng = random.Random(seed)
    provinces = list(range(1, 32))
    events = []
    for i in range(600):
        month = rng.randint(1, 6)
        day = rng.randint(1, 28)
        y, m, dd = shift(1404, month, day, rng.randint(0, 6))
        events.append(
            {
                "id": f"e{i:04d}",
                "start": jdate(1404, month, day),
                "end": jdate(y, m, dd),
                "booths": rng.randint(5, 40),
                "category_cap": rng.choice([0.2, 0.25, 0.3, 0.5]),
                "district": rng.choice(provinces),
            }
        )
    people = [applicant(rng, f"p{i:05d}", provinces, [60, 30, 10, 0]) for i in range(20000)]
    for p in people[::25]:  # some registered producers apply nowhere this round
        p["_silent"] = True
    active = [p for p in people if not p.get("_silent")]
    for p in people:
        p.pop("_silent", None)
    appeal = {e["id"]: rng.lognormvariate(0, 1.2) for e in events}
    apps = applications(rng, active, events, (1, 5), 0.8, appeal=appeal)
    return {"round": "1404-national", "events": events, "applicants": people, "applications": apps}


GENERATORS = {"nowruz": nowruz, "district-year": district_year, "national": national}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--out", default="bench/out/allocation")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, make in GENERATORS.items():
        path = out / f"{name}.json"
        path.write_text(json.dumps(make(args.seed), ensure_ascii=False), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
