"""Shared fixtures: a small synthetic mentions frame with known truth (plus planted
cross-script duplicates and hard negatives) and a model trained on it once."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from entity_resolution.model import TrainingParams, save_model, train_model
from entity_resolution.synthetic import make_mentions, mention_row as _row


def pytest_configure(config):
    config.addinivalue_line("markers", "febrl: FEBRL benchmark (trains twice, ~20 s)")


#: planted cases: (mention rows, truth rows)
PLANTED = [
    # 张伟 on Taobao (Han) and 'Wei Zhang' in the CRM (Latin): same person
    _row("taobao:ZW1", 90001, name_script="han", family_name_han="张", given_name_han="伟",
         family_name_latin="zhang", given_name_latin="wei", phone_e164="+8613900000001",
         city="beijing", postal_code="100001", country_code="CN", address_key="1 chaoyang rd"),
    _row("crm:ZW2", 90001, name_script="latin", family_name_latin="zhang", given_name_latin="wei",
         email_normalized="zhang.wei.planted@qq.com", phone_e164="+8613900000001",
         birth_date=dt.date(1985, 3, 4), city="beijing", country_code="CN"),
    _row("shopify:ZW3", 90001, name_script="latin", family_name_latin="wei", given_name_latin="zhang",
         full_name_latin="wei zhang", email_normalized="zhang.wei.planted@qq.com",
         city="beijing", postal_code="100001", country_code="CN", address_key="1 chaoyang rd"),
    # two different 王芳: same (very common) name, nothing else in common
    _row("taobao:WF1", 90002, name_script="han", family_name_han="王", given_name_han="芳",
         family_name_latin="wang", given_name_latin="fang", phone_e164="+8613900000002",
         city="beijing", postal_code="100002", country_code="CN", address_key="2 renmin rd"),
    _row("taobao:WF2", 90003, name_script="han", family_name_han="王", given_name_han="芳",
         family_name_latin="wang", given_name_latin="fang", phone_e164="+8613900000003",
         city="shanghai", postal_code="200003", country_code="CN", address_key="3 nanjing rd"),
    # colleagues sharing the company switchboard
    _row("erp:SB1", 90004, name_script="latin", family_name_latin="okafor", given_name_latin="grace",
         email_normalized="gokafor@acme-planted.com", phone_e164="+18005550100", company_key="acme_planted"),
    _row("erp:SB2", 90005, name_script="latin", family_name_latin="lindqvist", given_name_latin="erik",
         email_normalized="elindqvist@acme-planted.com", phone_e164="+18005550100", company_key="acme_planted"),
    _row("erp:SB3", 90006, name_script="latin", family_name_latin="moreno", given_name_latin="lucia",
         email_normalized="lmoreno@acme-planted.com", phone_e164="+18005550100", company_key="acme_planted"),
    # household: spouses at one address sharing the landline and a family mailbox
    _row("crm:HH1", 90007, name_script="latin", family_name_latin="lindgren", given_name_latin="david",
         email_normalized="lindgrenfamily@gmail.com", phone_e164="+14155550199", birth_date=dt.date(1971, 5, 2),
         address_key="12 birch st", postal_code="94110", city="san francisco", country_code="US"),
    _row("shopify:HH2", 90008, name_script="latin", family_name_latin="lindgren", given_name_latin="susan",
         email_normalized="lindgrenfamily@gmail.com", phone_e164="+14155550199",
         address_key="12 birch st", postal_code="94110", city="san francisco", country_code="US"),
]


@pytest.fixture(scope="session")
def synthetic():
    mentions, truth = make_mentions(400, seed=7)
    planted = pd.DataFrame([m for m, _ in PLANTED])
    planted["birth_date"] = planted["birth_date"].astype(object)
    mentions = pd.concat([mentions, planted[mentions.columns]], ignore_index=True)
    truth = pd.concat([truth, pd.DataFrame([t for _, t in PLANTED])], ignore_index=True)
    return mentions, truth


@pytest.fixture(scope="session")
def trained_model(synthetic, tmp_path_factory):
    mentions, _ = synthetic
    params = TrainingParams(u_max_pairs=3e5, em_max_pairs=2e5)
    model = train_model(mentions, params)
    path = save_model(model, tmp_path_factory.mktemp("models"))
    return model, path
