"""Ingestion throughput per format: ``python -m ingestion.bench --rows 1000000``.

Writes synthetic exports shaped like real presets (UTF-8 CSV with quoted newlines,
GB18030 CSV that needs transcoding, XLSX), ingests each several times into a fresh
DuckDB file and prints the median rows per second. Figures, not assertions: timing
tests are flaky on shared 2-core machines.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from .loader import ensure_tables, ingest_source
from .presets import SourcePreset, load_presets

TARGET_ROWS_PER_S = 200_000  # issue #3: CSV on this 2-core machine

# (source, role, kind, label); "utf-8 irregular" is the same file with one short
# record appended, which sends it down the exact (serial, record-by-record) CSV path.
CASES = (
    ("salesforce", "contacts", "utf-8", "csv utf-8"),
    ("salesforce", "contacts", "utf-8 irregular", "csv utf-8 exact"),
    ("taobao", "orders", "gb18030", "csv gb18030"),
    ("fxiaoke", "contacts", "xlsx", "xlsx"),
)


def _value(rng: random.Random, column: str, i: int) -> str:
    if rng.random() < 0.1:
        return ""
    if "Street" in column or "地址" in column:
        return f"{rng.randint(1, 999)} 文三路\n{rng.randint(1, 30)}幢"
    if "Phone" in column or "手机" in column or "电话" in column:
        return f"138{rng.randint(0, 99_999_999):08d}"
    return f"{column[:6]}-{i}-{rng.randint(0, 10_000)}"


def write_csv(path: Path, columns: tuple[str, ...], key: str, n: int, encoding: str, seed: int = 1) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(",".join(f'"{c}"' for c in columns) + "\n")
        for i in range(n):
            vals = [f"ID{i:09d}" if c == key else _value(rng, c, i) for c in columns]
            fh.write(",".join('"' + v.replace('"', '""') + '"' for v in vals) + "\n")


def write_xlsx(path: Path, columns: tuple[str, ...], key: str, n: int, seed: int = 1) -> None:
    import xlsxwriter

    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, columns)
    for i in range(n):
        ws.write_row(i + 1, 0, [f"ID{i:09d}" if c == key else _value(rng, c, i) for c in columns])
    wb.close()


def bench(rows: int, repeats: int, workdir: Path, formats: list[str] | None = None) -> list[dict]:
    presets = load_presets()
    results = []
    for source, role_name, kind, label in CASES:
        if formats and label not in formats:
            continue
        role = next(r for r in presets[source].roles if r.name == role_name)
        one = SourcePreset(source, presets[source].timezone, presets[source].default_region, (role,))
        n = rows if kind != "xlsx" else min(rows, 1_000_000)
        landing = workdir / kind.replace(" ", "_") / "landing"
        folder = landing / source / "2024-08-19"
        folder.mkdir(parents=True, exist_ok=True)
        name = role.pattern.replace("*", "_bench")
        if kind == "xlsx":
            write_xlsx(folder / name, role.columns, role.key, n)
        else:
            write_csv(folder / name, role.columns, role.key, n, kind.split()[0])
            if kind.endswith("irregular"):
                with open(folder / name, "a", encoding="utf-8") as fh:
                    fh.write('"short","record"\n')
        bad = 1 if kind.endswith("irregular") else 0
        size = (folder / name).stat().st_size
        times = []
        for r in range(repeats):
            db = landing.parent / f"run{r}.duckdb"
            with duckdb.connect(str(db)) as con:
                ensure_tables(con, {source: one})
                t0 = time.perf_counter()
                [res] = ingest_source(con, one, landing).files
                times.append(time.perf_counter() - t0)
            db.unlink()
            assert (res.rows_loaded, res.rows_quarantined) == (n, bad), res
        med = statistics.median(times)
        results.append({"format": label, "preset": f"{source}/{role_name}", "rows": n + bad,
                        "mb": round(size / 1e6, 1), "repeats": repeats, "median_s": round(med, 3),
                        "times_s": [round(t, 3) for t in times], "rows_per_s": int((n + bad) / med),
                        "target_rows_per_s": TARGET_ROWS_PER_S,
                        "ratio_to_target": round((n + bad) / med / TARGET_ROWS_PER_S, 2)})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--formats", nargs="*", help="only these formats (e.g. 'csv utf-8' xlsx)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crm-ingest-bench-") as tmp:
        results = bench(args.rows, args.repeats, Path(tmp), args.formats)
    print(f"{'format':<18}{'preset':<22}{'rows':>10}{'MB':>8}{'median s':>10}{'rows/s':>12}{'of 200k':>9}")
    for r in results:
        print(f"{r['format']:<18}{r['preset']:<22}{r['rows']:>10}{r['mb']:>8}{r['median_s']:>10}"
              f"{r['rows_per_s']:>12,}{r['ratio_to_target']:>9.2f}")
    print(f"medians of {args.repeats} runs; target {TARGET_ROWS_PER_S:,} rows/s (ratio 1.00 = met)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
