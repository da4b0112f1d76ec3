"""The peer: anonlink matching clkhash encodings (run in its own environment).

    var/overlap-peer/bin/python bench/overlap/anonlink_count.py A.csv B.csv SECRET \
        --thresholds 0.8 0.85 --out RESULT.json

A.csv and B.csv hold the values Tavana's normaliser gives (written by
run.py, so both tools see the same cleaned text): national_code, first, last,
father, birth_date (YYYYMMDD), mobile. Each list is encoded into 1024-bit
CLKs (clkhash, the schema below: letter pairs of the names, positional digits
of the codes and the date), all pairs across the lists are scored by the Dice
coefficient (anonlink's accelerated C++), and matched one-to-one greedily
above each threshold. Writes, per threshold, the A rows matched, and the
seconds spent encoding and matching.

clkhash pins cryptography<41 and mypy_extensions<0.5, which Tavana's own
environment cannot have, hence the separate one (run.py makes it).
"""

import argparse
import array
import csv
import json
import time
import warnings

warnings.filterwarnings("ignore")

import anonlink  # noqa: E402
from clkhash import clk  # noqa: E402
from clkhash.schema import from_json_dict  # noqa: E402

FIELDS = ("national_code", "first", "last", "father", "birth_date", "mobile")


def _feature(name, n, positional, bits):
    return {
        "identifier": name,
        "format": {"type": "string", "encoding": "utf-8"},
        "hashing": {
            "comparison": {"type": "ngram", "n": n, "positional": positional},
            "strategy": {"bitsPerToken": bits},
            "hash": {"type": "blakeHash"},
            "missingValue": {"sentinel": ""},
        },
    }


SCHEMA = {
    "version": 3,
    "clkConfig": {
        "l": 1024,
        "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64,
                "salt": "dGF2YW5hLW92ZXJsYXAtYmVuY2g=", "info": "Y2xrcw=="},
    },
    "features": [
        _feature("national_code", 1, True, 10),
        _feature("first", 2, False, 20),
        _feature("last", 2, False, 20),
        _feature("father", 2, False, 12),
        _feature("birth_date", 1, True, 8),
        _feature("mobile", 1, True, 6),
    ],
}  # fmt: skip


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [[row[k] for k in FIELDS] for row in csv.DictReader(f)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("secret")
    p.add_argument("--thresholds", type=float, nargs="+", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    schema = from_json_dict(SCHEMA)
    a, b = read(args.a), read(args.b)
    t0 = time.perf_counter()
    clks_a = clk.generate_clks(a, schema, args.secret, validate=False, max_workers=1)
    clks_b = clk.generate_clks(b, schema, args.secret, validate=False, max_workers=1)
    t1 = time.perf_counter()
    low = min(args.thresholds)
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        [clks_a, clks_b], anonlink.similarities.dice_coefficient_accelerated, low
    )
    t2 = time.perf_counter()
    scores, (_, _), (rec_a, rec_b) = candidates
    out = {"encode_s": t1 - t0, "candidates_s": t2 - t1, "by_threshold": {}}
    for t in args.thresholds:
        t3 = time.perf_counter()
        keep = [k for k, s in enumerate(scores) if s >= t]
        sub = (
            array.array("d", [scores[k] for k in keep]),
            (array.array("I", [0] * len(keep)), array.array("I", [1] * len(keep))),
            (
                array.array("I", [rec_a[k] for k in keep]),
                array.array("I", [rec_b[k] for k in keep]),
            ),
        )
        groups = anonlink.solving.greedy_solve(sub)
        matched = sorted(rec for g in groups for ds, rec in g if ds == 0)
        out["by_threshold"][str(t)] = {"matched": matched, "solve_s": time.perf_counter() - t3}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
