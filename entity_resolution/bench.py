"""CLI: ``python -m entity_resolution.bench --people 400000`` (~1M mentions).

Generates synthetic mentions with known truth, trains (capped EM), resolves, and
prints timings, peak memory, blocking recall, comparisons generated and pairwise
P/R/F1 at the match threshold.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from . import settings as S
from ._db import connect as _connect
from .evaluate import blocking_recall, count_blocked_pairs, pairwise_metrics
from .model import TrainingParams, save_model, train_model
from .pipeline import Thresholds, resolve
from .prepare import prepare_mentions
from .synthetic import make_mentions


def _peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--match", type=float, default=0.95)
    ap.add_argument("--review", type=float, default=0.5)
    ap.add_argument("--u-max-pairs", type=float, default=5e6)
    ap.add_argument("--em-max-pairs", type=float, default=2e6)
    ap.add_argument("--model-dir", default="/tmp/er_bench_models")
    ap.add_argument("--charts-dir", default=None)
    ap.add_argument("--skip-blocking-recall", action="store_true")
    ap.add_argument("--em-with-tf", action="store_true", help="EM with term-frequency adjustments")
    args = ap.parse_args(argv)

    out: dict = {}
    t = time.perf_counter()
    mentions, truth = make_mentions(args.people, seed=args.seed)
    out["n_mentions"] = len(mentions)
    out["generate_s"] = round(time.perf_counter() - t, 1)

    if not args.skip_blocking_recall:
        t = time.perf_counter()
        con = _connect()
        prepare_mentions(con, mentions, "prep")
        br = blocking_recall(con, "prep", truth, S.BLOCKING_RULES)
        out["blocking_recall"] = round(br["recall"], 4)
        out["true_pairs"] = br["true_pairs"]
        out["blocked_pairs"] = count_blocked_pairs(con, "prep", S.BLOCKING_RULES)
        out["blocking_analysis_s"] = round(time.perf_counter() - t, 1)
        con.close()

    t = time.perf_counter()
    model = train_model(mentions, TrainingParams(u_max_pairs=args.u_max_pairs, em_max_pairs=args.em_max_pairs,
                                                      em_without_term_frequencies=not args.em_with_tf))
    out["train_s"] = round(time.perf_counter() - t, 1)
    out["train_stats"] = model.stats
    out["model"] = str(save_model(model, args.model_dir))

    t = time.perf_counter()
    res = resolve(None, mentions, model, thresholds=Thresholds(args.match, args.review),
                  out_dir=args.charts_dir, charts=args.charts_dir is not None)
    out["resolve_s"] = round(time.perf_counter() - t, 1)
    out["resolve_timings"] = res.stats["timings"]
    out["pairs_at_or_above_review"] = res.stats["n_pairs_at_or_above_review"]
    m = pairwise_metrics(res.customer_xref.select(["mention_key", "customer_id"]), truth, cluster_col="customer_id")
    out["metrics"] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.as_dict().items()}
    out["peak_rss_gib"] = round(_peak_rss_gib(), 2)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
