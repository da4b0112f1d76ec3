"""The baseline: the same contract as `tavana dedup`, done with Splink (DuckDB).

    python bench/dedup/splink_dedup.py INPUT.csv CLUSTERS.csv [--threshold 0.9]
        [--sweep 0.5,0.8,0.95,0.99]

Configured as a competent Splink user would, following its documentation: the
records go through `tavana`'s own normaliser first (so both tools compare the
same values: ي/ك → ی/ک, half-spaces, digits, titles stripped, national codes
with their zeros back, mobiles in one form; birth dates read the same way —
two-digit years, day-first — and converted to ISO Gregorian so Splink's date
comparison works; a year-only date is left empty), then blocking on national code,
mobile, names + birth date (either order of first/last name) and names +
father's name; comparisons with Damerau–Levenshtein on national code and
mobile, Jaro–Winkler name comparisons with term-frequency adjustment
(ForenameSurnameComparison catches swapped names), Splink's date-of-birth
comparison, Jaro–Winkler on the address and the district; u by random
sampling (10 million pairs, the size its documentation suggests for real data),
λ from deterministic rules, m by EM on three blocking rules; pairs
clustered by connected components at `--threshold` (match probability).

The time from process start to the main output is printed to stderr as
`SPLINK_SECONDS=…` (wall) and `SPLINK_CPU=…` (CPU of all threads); `--sweep` writes extra outputs at other thresholds
afterwards (untimed), as CLUSTERS.<threshold>.csv.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import csv  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pyarrow as pa  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402

from tavana.core.domain.jalali import InvalidDate, from_jalali  # noqa: E402
from tavana.core.domain.persian_text import search_key  # noqa: E402
from tavana.people.domain.match_records import FIELDS, normalise_fields  # noqa: E402


@cache
def iso_date(bd: tuple[int, int, int] | None) -> str | None:
    """Our normaliser's Jalali (y, m, d) as ISO Gregorian; a year-only date has none."""
    if bd is None or not bd[1]:
        return None
    try:
        return from_jalali(*bd).isoformat()
    except InvalidDate:
        return None


def load(path: Path) -> pa.Table:
    """The file through `tavana`'s own normaliser (match_records.normalise_fields),
    so Splink compares exactly the values our matcher compares."""
    cols: dict[str, list] = {
        k: []
        for k in ("id", "nc", "first", "last", "father", "bd", "mobile", "district", "address")
    }
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        index = [header.index(c) for c in FIELDS]
        for row in reader:
            r = normalise_fields(*[row[i] for i in index])
            cols["id"].append(r.id)
            cols["nc"].append(r.nc)
            cols["first"].append(r.first)
            cols["last"].append(r.last)
            cols["father"].append(r.father)
            cols["bd"].append(iso_date(r.bd))
            cols["mobile"].append(r.mobile)
            cols["district"].append(None if r.district is None else str(r.district))
            cols["address"].append(search_key(row[index[-1]]) or None)
    return pa.table(cols)


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="id",
        blocking_rules_to_generate_predictions=[
            block_on("nc"),
            block_on("mobile"),
            block_on("first", "bd"),
            block_on("last", "bd"),
            block_on("first", "last", "father"),
            "l.first = r.last and l.last = r.first",
        ],
        comparisons=[
            cl.DamerauLevenshteinAtThresholds("nc", [1, 2]),
            cl.ForenameSurnameComparison("first", "last"),
            cl.NameComparison("father").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("bd", input_is_string=True),
            cl.DamerauLevenshteinAtThresholds("mobile", [1]),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.ExactMatch("district"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def write_clusters(table: pa.Table, out: Path, ids: list[str]) -> None:
    mapping = dict(
        zip(table.column("id").to_pylist(), table.column("cluster_id").to_pylist(), strict=True)
    )
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("id", "cluster"))
        w.writerows((i, mapping.get(i, i)) for i in ids)


def stage(name: str) -> None:
    """A line on stderr as each stage starts (which stage a run that was stopped had reached)."""
    print(
        f"SPLINK_STAGE {name} at {time.perf_counter() - STARTED:.0f} s"
        f" (CPU {time.process_time():.0f} s)",
        file=sys.stderr,
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--sweep", default="")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.WARNING)

    stage("reading and normalising")
    table = load(args.input)
    ids = table.column("id").to_pylist()
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings())
    stage("estimating the prior (deterministic rules)")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nc"), block_on("first", "last", "father", "bd")], recall=0.8
    )
    stage("estimating u (random pairs)")
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    stage("EM on the national code's block")
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nc"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("bd"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first", "last"))
    stage("predicting")
    predictions = linker.inference.predict(threshold_match_probability=0.3)
    stage("clustering")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.threshold
    )
    stage("writing")
    write_clusters(clusters.as_pyarrow_table(), args.output, ids)
    print(
        f"SPLINK_SECONDS={time.perf_counter() - STARTED:.2f} SPLINK_CPU={time.process_time():.2f}",
        file=sys.stderr,
    )

    for t in filter(None, args.sweep.split(",")):
        c = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=float(t)
        )
        write_clusters(c.as_pyarrow_table(), args.output.with_suffix(f".{t}.csv"), ids)


if __name__ == "__main__":
    main()
