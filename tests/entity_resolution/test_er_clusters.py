"""Clustering with review decisions on hand-made scored pairs."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from entity_resolution.clusters import cluster_with_decisions


def _setup(nodes, pairs):
    con = duckdb.connect()
    con.register("nodes_df", pd.DataFrame({"mention_key": nodes}))
    con.execute("create table nodes as select * from nodes_df")
    con.register("pred_df", pd.DataFrame(pairs, columns=["mention_key_l", "mention_key_r", "match_probability"]))
    con.execute("create table pred as select * from pred_df")
    return con


def _clusters(con, res):
    df = con.sql(f"select * from {res.table}").df()
    groups = df.groupby("cluster_key")["mention_key"].apply(lambda s: tuple(sorted(s)))
    return sorted(groups), df.set_index("mention_key")


def _decisions(rows):
    return pd.DataFrame(rows, columns=["mention_key_l", "mention_key_r", "decision"])


NODES = list("abcdef")
PAIRS = [("a", "b", 0.99), ("b", "c", 0.97), ("d", "e", 0.6), ("e", "f", 0.2)]


def test_plain_threshold_clustering():
    con = _setup(NODES, PAIRS)
    res = cluster_with_decisions(con, "nodes", "pred", match_threshold=0.9)
    groups, df = _clusters(con, res)
    assert groups == [("a", "b", "c"), ("d",), ("e",), ("f",)]
    assert df.loc["a", "cluster_key"] == "a" and df.loc["c", "cluster_size"] == 3
    assert df.loc["a", "match_probability"] == pytest.approx(0.99)
    assert df.loc["c", "match_probability"] == pytest.approx(0.97)
    assert pd.isna(df.loc["d", "match_probability"])


def test_cannot_link_direct_pair_is_split():
    con = _setup(NODES, PAIRS)
    res = cluster_with_decisions(con, "nodes", "pred", match_threshold=0.9,
                                 decisions=_decisions([("c", "b", "cannot_link")]))
    groups, _ = _clusters(con, res)
    assert groups == [("a", "b"), ("c",), ("d",), ("e",), ("f",)]


def test_cannot_link_is_transitive():
    # a-b 0.99, b-c 0.97: a and c only connect through b.  cannot_link(a, c) must
    # keep them apart: the weaker edge b-c is dropped, and reported for review.
    con = _setup(NODES, PAIRS)
    res = cluster_with_decisions(con, "nodes", "pred", match_threshold=0.9,
                                 decisions=_decisions([("a", "c", "cannot_link")]))
    groups, _ = _clusters(con, res)
    assert groups == [("a", "b"), ("c",), ("d",), ("e",), ("f",)]
    blocked = con.sql(f"select * from {res.blocked_edges_table}").fetchall()
    assert blocked == [("b", "c", pytest.approx(0.97), "conflicts_with_cannot_link")]
    assert res.n_conflicted_components == 1


def test_must_link_joins_and_chains():
    con = _setup(NODES, PAIRS)
    res = cluster_with_decisions(
        con, "nodes", "pred", match_threshold=0.9,
        decisions=_decisions([("d", "e", "must_link"), ("f", "e", "must_link")]))
    groups, df = _clusters(con, res)
    assert groups == [("a", "b", "c"), ("d", "e", "f")]
    assert df.loc["d", "match_probability"] == 1.0


def test_must_link_contradicting_cannot_link():
    # a must b, b must c, but a cannot c: cannot_link wins, conflict is reported
    con = _setup(list("abc"), [])
    res = cluster_with_decisions(
        con, "nodes", "pred", match_threshold=0.9,
        decisions=_decisions([("a", "b", "must_link"), ("b", "c", "must_link"), ("a", "c", "cannot_link")]))
    groups, _ = _clusters(con, res)
    assert groups == [("a", "b"), ("c",)]
    reasons = [r[3] for r in con.sql(f"select * from {res.blocked_edges_table}").fetchall()]
    assert reasons == ["must_link_conflicts_with_cannot_link"]


def test_latest_decision_wins_and_unknown_keys_ignored():
    con = _setup(NODES, PAIRS)
    dec = pd.DataFrame({
        "mention_key_l": ["a", "b", "zz"],
        "mention_key_r": ["b", "a", "a"],
        "decision": ["cannot_link", "must_link", "cannot_link"],
        "decided_at": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01"]),
    })
    res = cluster_with_decisions(con, "nodes", "pred", match_threshold=0.9, decisions=dec)
    groups, _ = _clusters(con, res)
    assert ("a", "b", "c") in groups
    assert res.n_cannot_link == 0 and res.n_must_link == 1


def test_bad_decision_value_rejected():
    con = _setup(NODES, PAIRS)
    with pytest.raises(ValueError, match="unknown decision"):
        cluster_with_decisions(con, "nodes", "pred", match_threshold=0.9,
                               decisions=_decisions([("a", "b", "maybe")]))
