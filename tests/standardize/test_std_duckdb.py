"""The std_* functions on a real DuckDB connection, called from SQL."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from standardize.duckdb_functions import FUNCTIONS, register_functions
from standardize.emails import standardize_email
from standardize.names import standardize_name
from standardize.phones import standardize_phone


@pytest.fixture
def db():
    conn = duckdb.connect()
    register_functions(conn)
    yield conn
    conn.close()


def test_functions_through_sql(db):
    db.execute(
        """
        CREATE TABLE mentions AS SELECT * FROM (VALUES
          (1, '13800138000.0', 'CN', 'Wei.Zhang+shop@Gmail.com', 'Wei ZHANG', NULL, NULL, 'Acme Co., Ltd.',
           '浙江省 杭州市 西湖区 文三路 100 号 3幢502室(310012)', '中国'),
          (2, '1088886666', 'CN', 'bad email', NULL, '伟', '张', '杭州阿里巴巴网络科技有限公司',
           '北京市朝阳区建国路88号', 'USA'),
          (3, NULL, NULL, NULL, '张　伟', NULL, NULL, NULL, NULL, NULL),
          (4, '12345', 'CN', 'x@y.z', 'Bob Smith', NULL, NULL, 'ACME Co Ltd', 'not an address', 'Deutschland')
        ) v(id, phone, region, email, name_full, name_given, name_family, company, address, country)
        """
    )
    rows = db.execute(
        """
        SELECT id,
               std_phone(phone, region).e164, std_phone(phone, region).type,
               std_phone(phone, region).repair, std_phone(phone, region).reject_reason,
               std_email(email).canonical, std_email(email).reject_reason,
               std_name(name_full, name_given, name_family).full_name_latin,
               std_name(name_full, name_given, name_family).given_name_canonical,
               std_company(company),
               std_cn_address(address).city, std_cn_address(address).postal_code,
               std_country(country)
        FROM mentions ORDER BY id
        """
    ).fetchall()
    assert rows == [
        (1, "+8613800138000", "mobile", "excel_float", None, "weizhang@gmail.com", None,
         "zhang wei", "wei", "acme", "杭州市", "310012", "CN"),
        (2, "+861088886666", "fixed_line", "lost_leading_zero", None, None, "has_space",
         "zhang wei", "wei", "杭州阿里巴巴网络科技", "北京市", None, "US"),
        (3, None, None, None, "empty", None, "empty", "zhang wei", "wei", None, None, None, None),
        (4, None, None, None, "invalid_number", None, "invalid_domain", "smith bob", "robert", "acme",
         None, None, "DE"),
    ]


def test_struct_types(db):
    desc = {r[0]: r[1] for r in db.execute(
        "DESCRIBE SELECT std_phone('1', 'CN') p, std_email('a') e, std_name('a', NULL, NULL) n, "
        "std_cn_address('a') a, std_company('a') c, std_country('a') k, std_cn_province('a') pr, "
        "std_pinyin('a') py"
    ).fetchall()}
    assert desc["p"] == ('STRUCT(e164 VARCHAR, "type" VARCHAR, is_valid BOOLEAN, "extension" VARCHAR, '
                         "region VARCHAR, repair VARCHAR, reject_reason VARCHAR)")
    assert desc["e"] == ("STRUCT(email VARCHAR, canonical VARCHAR, \"domain\" VARCHAR, is_valid BOOLEAN, "
                         "is_freemail BOOLEAN, typo_corrected BOOLEAN, reject_reason VARCHAR)")
    assert desc["n"] == ("STRUCT(full_name VARCHAR, name_script VARCHAR, family_name VARCHAR, "
                         "given_name VARCHAR, family_name_latin VARCHAR, given_name_latin VARCHAR, "
                         "given_name_canonical VARCHAR, full_name_latin VARCHAR, honorific VARCHAR, "
                         "reject_reason VARCHAR)")
    assert desc["a"] == ("STRUCT(country_iso2 VARCHAR, province VARCHAR, city VARCHAR, district VARCHAR, "
                         "street VARCHAR, detail VARCHAR, postal_code VARCHAR, parse_status VARCHAR)")
    assert {desc[k] for k in ("c", "k", "pr", "py")} == {"VARCHAR"}


def test_batches_and_duplicates_match_scalar_results(db):
    """More rows than one DuckDB vector, heavy duplication and NULLs in every argument:
    the dictionary-encoded batch path must give exactly the scalar result per row."""
    phones = ["13800138000", "13800138000.0", None, "+1 (415) 555-0134", "1088886666", "abc", "'13900139000"]
    regions = ["CN", "US", None, "CN"]
    emails = ["Wei.Zhang@gmail.com", None, "weizhang+x@gmail.com", "bad@", "A@B.CO"]
    fulls = ["张伟", None, "Wei Zhang", "Bob Smith", None]
    givens = [None, "Wei", None, "Robert", "伟"]
    families = [None, "Zhang", "Smith", None, "张"]
    rows = [
        (i, phones[i % 7], regions[i % 4], emails[i % 5], fulls[i % 5], givens[(i // 5) % 5], families[i % 5])
        for i in range(5000)
    ]
    names = ["id", "phone", "region", "email", "f", "g", "fa"]
    table = pa.table({n: [r[k] for r in rows] for k, n in enumerate(names)})
    db.register("t_arrow", table)
    db.execute("CREATE TABLE t AS SELECT * FROM t_arrow")
    got = db.execute(
        "SELECT id, std_phone(phone, region), std_email(email), std_name(f, g, fa) FROM t ORDER BY id"
    ).fetchall()
    assert len(got) == 5000
    for (i, p, e, n), (_, phone, region, email, f, g, fa) in zip(got, rows):
        assert tuple(p.values()) == tuple(standardize_phone(phone, region)), i
        assert tuple(e.values()) == tuple(standardize_email(email)), i
        assert tuple(n.values()) == tuple(standardize_name(f, g, fa)), i


def test_null_handling(db):
    row = db.execute(
        "SELECT std_company(NULL), std_country(NULL), std_pinyin(NULL), std_cn_province(NULL), "
        "std_phone(NULL, NULL).reject_reason, std_email(NULL).is_valid, std_name(NULL, NULL, NULL).reject_reason, "
        "std_cn_address(NULL).parse_status"
    ).fetchone()
    assert row == (None, None, None, None, "empty", False, "empty", "empty")


def test_register_is_idempotent_and_visible_from_cursors(db):
    assert register_functions(db) == [f.name for f in FUNCTIONS]
    cur = db.cursor()  # dbt-duckdb runs models on cursors of the configured connection
    assert cur.execute("SELECT std_country('PRC'), std_pinyin('杭州 Acme')").fetchone() == ("CN", "hangzhou acme")
    cur.close()
