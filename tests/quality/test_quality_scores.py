"""Exact scores on the hand-made warehouse of conftest.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from quality import OVERALL, QualityConfig, score_quality

AS_OF = dt.datetime(2024, 8, 27, 6, 0)  # the scoring instant the conftest warehouse is built for


def _get(scores, source, dimension, field=OVERALL):
    rows = [r for r in scores.rows if (r.source, r.dimension, r.field) == (source, dimension, field)]
    assert len(rows) == 1, (source, dimension, field, rows)
    return rows[0]


def _frac(scores, source, dimension, field=OVERALL):
    r = _get(scores, source, dimension, field)
    return (r.numerator, r.denominator, r.score)


def test_completeness_exact(make_warehouse):
    s = score_quality(make_warehouse(), AS_OF)
    assert _frac(s, "alpha", "completeness", "email") == (3, 4, 0.75)
    assert _frac(s, "alpha", "completeness", "phone") == (3, 4, 0.75)       # '' is not a value
    assert _frac(s, "alpha", "completeness", "country") == (3, 4, 0.75)
    assert _frac(s, "alpha", "completeness", "full_name") == (4, 4, 1.0)
    # a field the source never fills keeps its 0 row but stays out of the overall
    mobile = _get(s, "alpha", "completeness", "mobile_phone")
    assert (mobile.score, mobile.in_overall) == (0.0, False)
    assert _get(s, "alpha", "completeness").score == pytest.approx((1 + 0.75 * 3) / 4)
    assert _get(s, "beta", "completeness").score == 1.0
    # absent columns are not scored, and said so
    assert not [r for r in s.rows if r.field == "birth_date"]
    assert any("birth_date" in n for n in s.notes)


def test_expected_fields_override(make_warehouse):
    cfg = QualityConfig(expected_fields={"alpha": ["full_name", "email", "phone", "mobile_phone", "country"]})
    s = score_quality(make_warehouse(), AS_OF, cfg)
    assert _get(s, "alpha", "completeness", "mobile_phone").in_overall
    assert _get(s, "alpha", "completeness").score == pytest.approx((1 + 0.75 * 3 + 0) / 5)


def test_validity_fallback_patterns(make_warehouse):
    s = score_quality(make_warehouse(), AS_OF)
    email = _get(s, "alpha", "validity", "email")
    assert (email.numerator, email.denominator) == (2, 3)       # 'bad-email' fails, ' X@ex.com ' passes
    assert "LIKE" in email.method
    assert _frac(s, "alpha", "validity", "phone")[:2] == (2, 3)  # '12345' has < 7 digits
    assert _frac(s, "alpha", "validity", "country")[:2] == (3, 3)
    assert _frac(s, "beta", "validity", "country")[:2] == (2, 2)  # 中国, CN
    assert _frac(s, "beta", "validity", "mobile_phone")[:2] == (2, 2)
    assert _get(s, "alpha", "validity").score == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def test_validity_from_validity_columns(make_warehouse):
    s = score_quality(make_warehouse(validity=True), AS_OF)
    email = _get(s, "alpha", "validity", "email")
    assert (email.numerator, email.denominator, email.method) == (1, 3, "email_is_valid is true")
    # phone_is_valid is per record (phone or mobile): one "phone" row, no "mobile_phone" row
    phone = _get(s, "alpha", "validity", "phone")
    assert (phone.numerator, phone.denominator) == (1, 3)
    assert phone.method.startswith("phone_is_valid is true")
    assert _frac(s, "beta", "validity", "phone") == (2, 2, 1.0)
    assert not [r for r in s.rows if r.dimension == "validity" and r.field == "mobile_phone"]
    # birth_date_raw 1985 / 1900 (placeholder, nulled in birth_date) / 1990
    assert _frac(s, "alpha", "validity", "birth_date")[:2] == (2, 3)
    assert _frac(s, "alpha", "completeness", "birth_date") == (3, 4, 0.75)     # the raw twin counts
    # country_code wins over the seed lookup (which knows all three spellings)
    country = _get(s, "alpha", "validity", "country")
    assert (country.numerator, country.denominator) == (2, 3)
    assert "country_code" in country.method
    # uniqueness and consistency on the standardized schema
    assert _frac(s, "alpha", "uniqueness", "phone") == (2, 2, 1.0)            # phone_e164
    # a1 +1 in the US agrees; a2b (+44) has no country_code, so it is not compared
    assert _frac(s, "alpha", "consistency", "country~phone") == (1, 1, 1.0)
    assert _frac(s, "beta", "consistency", "country~phone") == (2, 2, 1.0)


def test_uniqueness(make_warehouse):
    s = score_quality(make_warehouse(), AS_OF)
    assert _frac(s, "alpha", "uniqueness", "source_record_id") == (3, 4, 0.75)
    assert _frac(s, "alpha", "uniqueness", "email")[:2] == (2, 3)   # x@ex.com twice after lower/trim
    assert _frac(s, "alpha", "uniqueness", "phone") == (3, 3, 1.0)
    assert _get(s, "beta", "uniqueness").score == 1.0


def test_consistency(make_warehouse):
    s = score_quality(make_warehouse(), AS_OF)
    assert _frac(s, "alpha", "consistency", "country~phone") == (1, 2, 0.5)       # +44 in the USA
    assert _frac(s, "alpha", "consistency", "created_at<=updated_at")[:2] == (2, 3)
    assert _frac(s, "beta", "consistency", "country~phone") == (2, 2, 1.0)        # +86 mobiles, 中国 / CN
    assert _frac(s, "beta", "consistency", "city~province") == (1, 2, 0.5)        # 苏州 is in 江苏省
    assert _get(s, "alpha", "consistency").score == pytest.approx((0.5 + 2 / 3) / 2)


def test_consistency_reads_seed_csvs_when_the_warehouse_has_none(make_warehouse, tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "country_aliases.csv").write_text("alias_key,iso2\nusa,US\nunitedstates,US\n", encoding="utf-8")
    (seeds / "country_codes.csv").write_text("iso2,iso3,name_en,name_zh,calling_code\nUS,USA,United States,美国,1\n",
                                            encoding="utf-8")
    s = score_quality(make_warehouse(seeds=False), AS_OF, QualityConfig(seeds_dir=seeds))
    assert _frac(s, "alpha", "consistency", "country~phone") == (1, 2, 0.5)
    assert _frac(s, "beta", "validity", "country")[:2] == (0, 2)        # 中国 / CN not in this CSV
    assert any("cn_cities" in n for n in s.notes)
    assert not [r for r in s.rows if r.field == "city~province"]


def test_timeliness_and_ingestion(make_warehouse):
    s = score_quality(make_warehouse(), AS_OF)
    # latest alpha export 2024-08-26; 365 days back: row 3 (2020) is stale, row 4 falls back to created_at
    assert _frac(s, "alpha", "timeliness", "updated_at") == (3, 4, 0.75)
    assert _frac(s, "alpha", "timeliness", "export") == (1, 1, 1.0)
    assert _get(s, "alpha", "timeliness").score == pytest.approx(0.875)
    late = score_quality(make_warehouse(), dt.datetime(2024, 9, 30))
    assert _frac(late, "alpha", "timeliness", "export") == (0, 1, 0.0)

    alpha = s.ingestion_for("alpha")
    assert (alpha.files, alpha.rows_read, alpha.rows_loaded, alpha.rows_quarantined) == (2, 18, 16, 2)
    assert alpha.quarantine_rate == pytest.approx(2 / 18)
    assert alpha.latest_export_date == dt.date(2024, 8, 26)
    assert (alpha.latest_rows_read, alpha.latest_rows_quarantined, alpha.latest_quarantine_rate) == (8, 2, 0.25)
    assert alpha.days_since_export == 1
    assert s.ingestion_for("beta").days_since_export == 2
    [q] = s.quarantine
    assert (q.source, q.reason, q.rows, q.first_record_number) == ("alpha", "expected 5 fields, found 4", 2, 3)


def test_flat_metrics(make_warehouse):
    s = score_quality(make_warehouse(), AS_OF)
    flat = s.flat_metrics()
    assert flat["alpha.completeness"] == pytest.approx(0.8125)
    assert flat["alpha.quarantine_rate"] == 0.25
    assert flat["beta.days_since_export"] == 2.0
    assert flat["alpha.overall"] == pytest.approx(
        sum(flat[f"alpha.{d}"] for d in ("completeness", "validity", "uniqueness", "consistency", "timeliness")) / 5)
    assert list(flat) == sorted(flat)
    assert all(isinstance(v, float) for v in flat.values())
    scores = [r.score for r in s.rows]
    assert all(0.0 <= x <= 1.0 for x in scores)
    assert {r["dimension"] for r in s.to_records()} >= {"completeness", "validity", "uniqueness", "consistency",
                                                          "timeliness", OVERALL}


def test_read_only_connection_and_missing_tables(tmp_path: Path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        s = score_quality(con, AS_OF)
    finally:
        con.close()
    assert (s.rows, s.ingestion, s.quarantine, s.sources) == ([], [], [], [])
    assert any("int_customer_mentions" in n for n in s.notes)
