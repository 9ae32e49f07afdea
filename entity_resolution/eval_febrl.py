"""CLI: ``python -m entity_resolution.eval_febrl [--threshold 0.95] [--json]``.

Trains (unsupervised) and scores febrl3 (dedupe) and febrl4 (link) and prints
pairwise precision / recall / F1.  Exit code 1 if an F1 is below ``--min-f1``.
"""

from __future__ import annotations

import argparse
import json
import sys

from .febrl import evaluate_febrl3, evaluate_febrl4, febrl_params


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=0.95, help="match probability threshold")
    ap.add_argument("--dataset", choices=["febrl3", "febrl4", "both"], default="both")
    ap.add_argument("--u-max-pairs", type=float, default=1e6)
    ap.add_argument("--em-max-pairs", type=float, default=1e6)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--min-f1", type=float, default=0.999)
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)

    params = febrl_params(u_max_pairs=args.u_max_pairs, em_max_pairs=args.em_max_pairs, seed=args.seed)
    runs = {"febrl3": evaluate_febrl3, "febrl4": evaluate_febrl4}
    names = list(runs) if args.dataset == "both" else [args.dataset]
    results = [runs[n](threshold=args.threshold, params=params) for n in names]
    ok = all(r.metrics["f1"] >= args.min_f1 for r in results)
    if args.json:
        print(json.dumps([r.__dict__ for r in results], indent=2))
    else:
        print(f"{'dataset':8} {'records':>7} {'scored':>7} {'true':>6} {'pred':>6} "
              f"{'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>7}")
        for r in results:
            m = r.metrics
            print(f"{r.dataset:8} {r.n_records:7d} {r.n_scored_pairs:7d} {m['true_pairs']:6d} "
                  f"{m['predicted_pairs']:6d} {m['precision']:9.4f} {m['recall']:7.4f} {m['f1']:7.4f} "
                  f"{r.timings['total_s']:7.1f}")
        print(f"threshold={args.threshold} (fixed, unsupervised); min F1 {args.min_f1}: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
