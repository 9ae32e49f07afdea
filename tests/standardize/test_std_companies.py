"""Company keys: legal forms, width, case and punctuation carry no identity."""

from __future__ import annotations

import pytest

from standardize.companies import company_key

SAME = [
    (["杭州阿里巴巴网络科技有限公司", "杭州阿里巴巴网络科技", "杭州阿里巴巴网络科技 有限公司",
      "杭州阿里巴巴网络科技有限责任公司"], "杭州阿里巴巴网络科技"),
    (["Acme Co., Ltd.", "ACME Co Ltd", "Acme Inc", "Acme, Inc.", "ACME CORPORATION", "Acme LLC",
      "acme co.,ltd", "ＡＣＭＥ　ＣＯ．，ＬＴＤ．", "The Acme Company", "Acme Ltd"], "acme"),
    (["华为技术有限公司", "华为技术(中国)有限公司", "华为技术（中国）有限公司", "华为技术股份有限公司"], "华为技术"),
    (["联想集团有限公司", "联想集团", "联想"], "联想"),
    (["Siemens AG", "Siemens"], "siemens"),
    (["Müller GmbH", "Mueller GmbH".replace("ue", "ü"), "MÜLLER GMBH & CO. KG"], "muller"),
    (["Nestlé S.A.", "Nestle SA"], "nestle"),
    (["BHP Pty Ltd", "BHP Pty. Ltd."], "bhp"),
    (["Tesco PLC", "TESCO plc"], "tesco"),
    (["Alibaba Group Holding Limited", "Alibaba Group"], "alibaba"),
    (["Shanghai ABC Trading Co., Ltd.", "SHANGHAI ABC TRADING CO LTD"], "shanghai abc trading"),
]


@pytest.mark.parametrize("names,key", SAME, ids=[k for _, k in SAME])
def test_same_company_same_key(names, key):
    assert [company_key(n) for n in names] == [key] * len(names)


@pytest.mark.parametrize(
    "raw,key",
    [("Johnson & Johnson", "johnson and johnson"), ("AT&T Inc.", "at and t"),
     ("上海 ABC 贸易有限公司", "上海 abc 贸易"), ("中国银行股份有限公司", "中国银行"),
     ("Apple Computer Inc.", "apple computer")],
)
def test_keys_keep_identity(raw, key):
    assert company_key(raw) == key


def test_different_companies_stay_different():
    assert company_key("杭州阿里巴巴网络科技有限公司") != company_key("阿里巴巴(中国)网络技术有限公司")
    assert company_key("Acme Co., Ltd.") != company_key("Acme Trading Co., Ltd.")


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "有限公司", "Ltd", "Co., Ltd.", "集团有限公司"])
def test_empty_or_legal_form_only(raw):
    assert company_key(raw) is None
