"""The code location loads, and its graph tells the story raw → staging → intermediate."""

from dagster import AssetKey

from ingestion.presets import load_presets
from orchestration.definitions import defs


def graph():
    return defs.resolve_asset_graph()


def test_every_preset_role_is_a_raw_asset_in_group_raw():
    g = graph()
    for preset in load_presets().values():
        for role in preset.roles:
            node = g.get(AssetKey(["raw", preset.name, role.name]))
            assert node.group_name == "raw"


def test_every_dbt_source_is_a_raw_asset_not_an_orphan():
    g = graph()
    raw_keys = {k for k in g.get_all_asset_keys() if k.path[0] == "raw"}
    for key in g.get_all_asset_keys():
        node = g.get(key)
        if node.group_name == "staging":
            for parent in node.parent_keys:
                assert parent in raw_keys or parent.path[0] == "staging", (key, parent)


def test_mentions_model_reads_every_mention_source():
    g = graph()
    mentions = g.get(AssetKey(["intermediate", "int_customer_mentions"]))
    upstream = set()
    frontier = set(mentions.parent_keys)
    while frontier:
        key = frontier.pop()
        upstream.add(key)
        frontier |= set(g.get(key).parent_keys) - upstream
    expected = {AssetKey(["raw", p.name, r.name]) for p in load_presets().values() for r in p.roles if r.mention}
    assert expected <= upstream


def test_nightly_job_runs_everything_but_retraining_in_one_process():
    job = defs.resolve_job_def("nightly_refresh")
    assert job.executor_def.name == "in_process"
    selected = job.asset_layer.selected_asset_keys
    assert AssetKey(["entity_resolution", "model"]) not in selected
    assert {AssetKey(["raw", "taobao", "orders"]), AssetKey(["marts", "customer_xref"]),
            AssetKey(["published", "warehouse"])} <= selected
    retrain = defs.resolve_job_def("retrain_entity_resolution")
    assert retrain.asset_layer.selected_asset_keys == {AssetKey(["entity_resolution", "model"])}
