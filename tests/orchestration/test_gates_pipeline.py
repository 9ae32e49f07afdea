"""Issue #6, gates: a corrupted export stops the real nightly run at the right blocking check.

Each case copies one export date of the shipped sample, damages one file the way a bad
export would, and runs the real `nightly_refresh` job over a copy of the sample run's
published warehouse ("yesterday"). The run must fail at the expected gate on the expected
asset, with a message naming the source, the column and the observed value; nothing
downstream of the gate may run; yesterday's warehouse must be byte-identical and still
answer with yesterday's counts.

Cost (loaded 2-core machine): the two raw-gate cases stop after ingestion and the raw
suite (~15-30 s each); the negative amount reaches the marts gate (a run without publish).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity, AssetKey

from publish.atomic import analyst_path_for
from tests.conftest import FIRST_EXPORT_DATE, SAMPLE_DIR
from tests.orchestration.exports import copy_landing, edit_csv, set_column
from tests.pipeline import PipelinePaths, run_nightly

EXPORT_DATE = FIRST_EXPORT_DATE  # the initial load: complete on its own, so one date is a whole landing
YESTERDAY_TABLES = ("marts.customer_xref", "marts.dim_customers", "marts.fct_orders", "raw.hubspot__contacts")


pytestmark = pytest.mark.e2e  # real runs of the whole job (see the module doc for the cost)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Corruption:
    """One damaged export and where the run must stop."""

    id: str
    file: str  # glob under <landing>/<source>/<EXPORT_DATE>/
    check: str
    asset: AssetKey
    source: str
    column: str
    expected_text: tuple[str, ...] = field(default=())  # further text the failure must show


CASES = [
    Corruption("emails_emptied", "hubspot/hubspot-crm-exports-*.csv", "ge_raw_suite",
               AssetKey(["raw", "hubspot", "contacts"]), "hubspot", "Email",
               expected_text=("Email filled in 0 of 465 rows",)),
    Corruption("key_duplicated", "salesforce/Contact.csv", "ge_raw_suite",
               AssetKey(["raw", "salesforce", "contacts"]), "salesforce", "Id"),
    Corruption("negative_amount", "taobao/ExportOrderList*.csv", "ge_marts_suite",
               AssetKey(["marts", "fct_orders"]), "taobao", "amount_original"),
]


def damage(landing: Path, case: Corruption) -> tuple[str, ...]:
    """Corrupt the case's file in ``landing``; return the observed value(s) the failure must name."""
    source, pattern = case.file.split("/", 1)
    [path] = (landing / source / EXPORT_DATE).glob(pattern)
    if case.id == "emails_emptied":
        edit_csv(path, set_column("Email", ""))
        return ()
    if case.id == "key_duplicated":
        taken: list[str] = []

        def collide(header: list[str], rows: list[list[str]]) -> None:
            j = header.index("Id")
            taken.append(rows[2][j])
            rows[9][j] = rows[2][j]  # a second record under the third record's Id

        edit_csv(path, collide, quote_all=True)
        return (f"Id={taken[0]!r}",)
    if case.id == "negative_amount":
        seen: list[tuple[str, str]] = []

        def negate(header: list[str], rows: list[list[str]]) -> None:
            row = rows[0]
            total = row[header.index("总金额")]
            row[header.index("总金额")] = f"-{total}"
            seen.append((row[header.index("订单编号")].strip('="'), total))

        edit_csv(path, negate, encoding="gb18030")
        order_id, total = seen[0]
        return (f"taobao:{order_id}", f"-{total}")
    raise AssertionError(case.id)


@pytest.fixture(scope="module")
def yesterday_counts(sample_run) -> dict[str, int]:
    with duckdb.connect(str(sample_run["published"]), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in YESTERDAY_TABLES}


@pytest.fixture
def yesterday(sample_run, tmp_path) -> PipelinePaths:
    """A private copy of the sample run's published warehouse (and analysts' copy)."""
    paths = PipelinePaths(tmp_path / "night")
    paths.root.mkdir()
    for src in (Path(sample_run["published"]), analyst_path_for(sample_run["published"])):
        shutil.copy2(src, paths.root / src.name)
    return paths


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corrupted_export_stops_at_its_gate_and_yesterday_stays(case, yesterday, yesterday_counts, sample_run,
                                                                 tmp_path):
    landing = copy_landing(SAMPLE_DIR / "landing", tmp_path / "landing", (EXPORT_DATE,))
    observed = damage(landing, case)
    published, analyst = yesterday.published, analyst_path_for(yesterday.published)
    before = {p: sha256(p) for p in (published, analyst)}

    result = run_nightly(yesterday, landing, raise_on_error=False)

    assert not result.success
    evaluations = result.get_asset_check_evaluations()
    # dbt tests the GE gates duplicate may fail too, as warnings; only the gate blocks
    failed = [e for e in evaluations if not e.passed and e.severity == AssetCheckSeverity.ERROR]
    # the expected gate failed on the expected asset, and no other gate failed before it
    assert {(e.asset_key, e.check_name) for e in failed} >= {(case.asset, case.check)}, \
        [(e.asset_key.to_user_string(), e.check_name, e.description) for e in failed]
    assert {e.check_name for e in failed} == {case.check}
    [evaluation] = [e for e in failed if e.asset_key == case.asset]
    own = evaluation.metadata["failures_for_this_table"].value
    for expected in (f"{case.source}:", f"(column {case.column}", *case.expected_text, *observed):
        assert expected in evaluation.description and expected in own, (expected, evaluation.description)
    assert evaluation.metadata["blocking_failed"].value >= 1

    # nothing downstream of the gate ran
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert AssetKey(["published", "warehouse"]) not in materialized
    if case.check == "ge_raw_suite":
        assert {k.path[0] for k in materialized} == {"raw"}, sorted(k.to_user_string() for k in materialized)
        assert "dbt_staging_and_intermediate" not in {e.step_key for e in result.get_step_success_events()}
    else:
        assert AssetKey(["marts", "fct_orders"]) in materialized  # the gate checks what dbt built

    # yesterday's warehouse: the same bytes, no backup taken, no leftovers, yesterday's answers
    assert {p: sha256(p) for p in (published, analyst)} == before
    assert not (yesterday.root / "backups").exists()
    assert not list(yesterday.root.glob(".tmp-*"))
    with duckdb.connect(str(published), read_only=True) as con:
        run_id, stamped = con.execute("SELECT run_id, row_counts FROM meta.publish_info").fetchone()
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in YESTERDAY_TABLES}
    assert run_id == sample_run["result"].run_id
    assert counts == yesterday_counts == {t: stamped[t] for t in YESTERDAY_TABLES}
