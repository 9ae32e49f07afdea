"""The incremental int_customer_mentions equals a full rebuild, and standardizes only what changed.

Real dbt on the hand-made raw layer (tests/dbt/dbt_raw_fixture.py), over two nights:

* night 1: the fixture's first export only (plus a Beta Ltd contact), built from scratch;
* night 2: every export, plus a second export date that brings a new HubSpot contact and a
  new ticket, a changed Salesforce contact, one re-exported unchanged (new lineage), one
  exported with IsDeleted, a renamed Salesforce account (its contact was not re-exported) and
  an fxiaoke account with a new industry (its contact was not re-exported either).

Before night 2 runs incrementally, every night-1 row gets a marker in a standardized column:
a row still carrying it after the run was not standardized again, so the marked rows name
exactly what the run skipped. They then get their night-1 value back (what an unmarked run
leaves there), and the result is compared with `dbt run --full-refresh` on the same input,
`except all` both ways over every column.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import duckdb
import pytest

from tests.dbt.dbt_runner import run_dbt

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("dbt_raw_fixture", HERE / "dbt_raw_fixture.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

MODEL = "intermediate.int_customer_mentions"
SELECT = ("--select", "+int_customer_mentions", "--no-partial-parse")
MARK = "__standardized_on_night_1__"

BETA_CONTACT = {"Id": "0035g00000BeTa2AAA", "IsDeleted": "false", "AccountId": "0015g00000BeTaAAAA",
                "FirstName": "Li", "LastName": "Ming", "Name": "Li Ming", "Email": "li.ming@beta.example",
                "CreatedDate": "2024-08-12T08:00:00.000Z", "LastModifiedDate": "2024-08-12T08:00:00.000Z"}

#: what night 2 must standardize: new, changed, re-exported, or touched by an account change
EXPECTED_BATCH = {
    "salesforce:0035g00000AbCdEAAA",  # changed (LastName, Title)
    "salesforce:0035g00000NoAcCAAA",  # re-exported unchanged: new lineage
    "salesforce:0035g00000BeTa2AAA",  # not re-exported; its account was renamed
    "fxiaoke:LXR-0001",               # not re-exported; its account's industry changed
    "shopify:#1001",                  # order re-exported after fulfilment
    "hubspot:51103",                  # new
    "feedback:FB-0003",               # new
}
DELETED = {"salesforce:0035g00000DeLeTAAA"}  # exported with IsDeleted on night 2


def _night_1() -> dict[str, list[dict]]:
    files = {t: [f for f in fs if f["export"] == fx.EXPORT_1] for t, fs in fx.FILES.items()}
    files = copy.deepcopy(files)
    files["salesforce__contacts"][0]["rows"].append(BETA_CONTACT)
    return files


def _night_2() -> dict[str, list[dict]]:
    files = copy.deepcopy(fx.FILES)
    files["salesforce__contacts"][0]["rows"].append(BETA_CONTACT)
    bob = next(r for r in files["salesforce__contacts"][0]["rows"] if r["Id"] == "0035g00000NoAcCAAA")
    files["salesforce__contacts"][1]["rows"].append(dict(bob))
    files["salesforce__accounts"].append(fx._file("salesforce", fx.EXPORT_2, "Account.csv", fx.INGEST_2, [
        {"Id": "0015g00000BeTaAAAA", "IsDeleted": "false", "Name": "Beta Holdings Ltd", "Industry": "Retail",
         "CreatedDate": "2024-01-05T00:00:00.000Z"},
    ]))
    files["fxiaoke__accounts"].append(fx._file("fxiaoke", fx.EXPORT_2, "客户_20240826.xlsx", fx.INGEST_2, [
        {"客户编号": "KH-001", "客户名称": "杭州星辰科技有限公司", "行业": "软件", "省": "浙江省",
         "市": "杭州市", "创建时间": "2024-01-01 00:00:00"},
    ]))
    files["hubspot__contacts"].append(fx._file(
        "hubspot", fx.EXPORT_2, "hubspot-crm-exports-all-contacts-2024-08-26.csv", fx.INGEST_2, [
            {"Record ID": "51103", "First Name": "Chen", "Last Name": "Jing", "Email": "chen.jing@example.cn",
             "Phone Number": "139 0013 9001", "Create Date": "2024-08-25 10:00"},
        ]))
    files["feedback__tickets"].append(fx._file("feedback", fx.EXPORT_2, "feedback_2024-08-26.csv", fx.INGEST_2, [
        {"ticket_id": "FB-0003", "created_at": "2024-08-26 09:00:00", "channel": "email",
         "customer_name": "Li Ming", "email": "li.ming@beta.example", "status": "open"},
    ]))
    return files


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def night2(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("dbt_incremental")
    db = tmp / "warehouse.duckdb"
    fx.build_raw(db, _night_1())
    run_dbt(db, tmp / "night1", "run", *SELECT)
    with duckdb.connect(str(db)) as con:  # mark every night-1 row, remembering its value
        con.execute(f"create table main.night1_value as select mention_key, name_reject_reason from {MODEL}")
        con.execute(f"update {MODEL} set name_reject_reason = ?", [MARK])
    fx.build_raw(db, _night_2())
    statuses = run_dbt(db, tmp / "night2", "build", *SELECT, "--indirect-selection", "cautious")
    assert statuses and {s for k, s in statuses.items() if k.startswith("model.")} == {"success"}
    assert {s for k, s in statuses.items() if k.startswith("test.")} == {"pass"}
    with duckdb.connect(str(db)) as con:
        # rows still marked were not standardized again; give them back their night-1 value,
        # which is what they hold in an unmarked incremental run
        con.execute(f"create table main.kept_mark as select mention_key from {MODEL} where name_reject_reason = ?",
                    [MARK])
        con.execute(f"""update {MODEL} as m set name_reject_reason = v.name_reject_reason
                        from main.night1_value as v
                        where v.mention_key = m.mention_key and m.name_reject_reason = ?""", [MARK])
        con.execute(f"create table main.incremental_result as select * from {MODEL}")
    run_dbt(db, tmp / "full", "run", "--full-refresh", *SELECT)
    return db


def test_night_two_standardizes_only_new_or_changed_mentions(night2):
    keys = {r[0] for r in _rows(night2, "select mention_key from main.incremental_result")}
    kept = {r[0] for r in _rows(night2, "select mention_key from main.kept_mark")}
    assert keys - kept == EXPECTED_BATCH
    assert len(kept) == 11  # the night-1 rows nothing touched kept their result


def test_deleted_mention_is_gone(night2):
    keys = {r[0] for r in _rows(night2, "select mention_key from main.incremental_result")}
    assert keys.isdisjoint(DELETED)
    assert EXPECTED_BATCH <= keys


def test_incremental_equals_full_refresh(night2):
    db = night2
    columns = [r[0] for r in _rows(db, f"select column_name from information_schema.columns "
                                       f"where table_schema = 'intermediate' and table_name = 'int_customer_mentions' "
                                       f"order by ordinal_position")]
    assert "mention_row_hash" in columns and "birth_date" in columns
    cols = ", ".join(f'"{c}"' for c in columns)
    only_incremental = _rows(db, f"select {cols} from main.incremental_result except all select {cols} from {MODEL}")
    only_full = _rows(db, f"select {cols} from {MODEL} except all select {cols} from main.incremental_result")
    assert only_incremental == [] and only_full == []
    n_incr, n_full = (_rows(db, f"select count(*) from {t}")[0][0] for t in ("main.incremental_result", MODEL))
    assert n_incr == n_full == 18


def test_account_changes_reached_the_contacts(night2):
    got = dict(_rows(night2, """select mention_key, coalesce(company, '') || '|' || coalesce(industry, '')
        from main.incremental_result where mention_key in ('salesforce:0035g00000BeTa2AAA', 'fxiaoke:LXR-0001')"""))
    assert got == {"salesforce:0035g00000BeTa2AAA": "Beta Holdings Ltd|Retail",
                   "fxiaoke:LXR-0001": "杭州星辰科技有限公司|软件"}
