"""Evaluation math on hand-made examples."""

from __future__ import annotations

import itertools

import duckdb
import pandas as pd
import pytest

from entity_resolution.evaluate import blocking_recall, cluster_counts, count_blocked_pairs, pairwise_metrics


def _brute_force(clusters: dict, truth: dict):
    keys = sorted(clusters)
    pred = {(a, b) for a, b in itertools.combinations(keys, 2) if clusters[a] == clusters[b]}
    true = {(a, b) for a, b in itertools.combinations(keys, 2) if truth[a] == truth[b]}
    return len(pred), len(true), len(pred & true)


def test_pairwise_metrics_hand_made():
    # truth: {a,b,c} {d,e} {f};  predicted: {a,b} {c,d,e} {f}
    truth = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
    clusters = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "z"}
    m = pairwise_metrics(
        pd.DataFrame({"mention_key": list(clusters), "cluster_id": list(clusters.values())}),
        pd.DataFrame({"mention_key": list(truth), "person_id": list(truth.values())}),
    )
    # predicted pairs: ab, cd, ce, de = 4; true pairs: ab, ac, bc, de = 4; TP: ab, de = 2
    assert (m.predicted_pairs, m.true_pairs, m.true_positive_pairs) == (4, 4, 2)
    assert m.precision == pytest.approx(0.5)
    assert m.recall == pytest.approx(0.5)
    assert m.f1 == pytest.approx(0.5)
    assert (m.n_mentions, m.n_predicted_clusters, m.n_true_entities, m.n_predicted_singletons) == (6, 3, 3, 1)


def test_pairwise_metrics_matches_brute_force():
    import random

    rnd = random.Random(3)
    keys = [f"k{i:03d}" for i in range(120)]
    truth = {k: rnd.randrange(30) for k in keys}
    clusters = {k: (truth[k] if rnd.random() < 0.8 else rnd.randrange(40)) for k in keys}
    m = pairwise_metrics(
        pd.DataFrame({"mention_key": keys, "cluster_id": [clusters[k] for k in keys]}),
        pd.DataFrame({"mention_key": keys, "person_id": [truth[k] for k in keys]}),
    )
    assert (m.predicted_pairs, m.true_pairs, m.true_positive_pairs) == _brute_force(clusters, truth)


def test_perfect_and_all_singletons():
    keys = ["a", "b", "c"]
    truth = pd.DataFrame({"mention_key": keys, "person_id": [1, 1, 2]})
    perfect = pairwise_metrics(truth.rename(columns={"person_id": "cluster_id"}), truth)
    assert perfect.f1 == 1.0
    singles = pairwise_metrics(pd.DataFrame({"mention_key": keys, "cluster_id": keys}), truth)
    assert singles.precision == 1.0 and singles.recall == 0.0 and singles.f1 == 0.0
    assert cluster_counts(pd.DataFrame({"mention_key": keys, "cluster_id": [1, 1, 2]})) == {
        "clusters": 2, "singletons": 1, "mentions": 3, "largest_cluster": 2}


def test_blocking_recall_and_pair_count():
    con = duckdb.connect()
    con.execute("""create table m as select * from (values
        ('a', 'x@e.com', '1'), ('b', 'x@e.com', '2'), ('c', null, '2'),
        ('d', 'y@e.com', '9'), ('e', null, null)) t(mention_key, email, phone)""")
    truth = pd.DataFrame({"mention_key": list("abcde"), "person_id": [1, 1, 1, 2, 2]})
    rules = ["l.email = r.email", "l.phone = r.phone"]
    br = blocking_recall(con, "m", truth, rules)
    # true pairs ab ac bc de; email finds ab, phone finds bc -> 2/4
    assert br["true_pairs"] == 4 and br["found_true_pairs"] == 2
    assert br["recall"] == pytest.approx(0.5)
    assert [r["marginal_true_pairs"] for r in br["per_rule"]] == [1, 1]
    assert count_blocked_pairs(con, "m", rules) == 2
    assert count_blocked_pairs(con, "m", rules + ["l.email = r.email"]) == 2  # dedup across rules
