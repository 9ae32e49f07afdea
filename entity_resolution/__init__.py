"""Entity resolution for CRM customer mentions (Splink 5 + DuckDB).

Knows nothing about Dagster: every step is a plain function over DuckDB tables or
pandas / Arrow frames, so a Dagster asset only has to call :func:`resolve` (nightly)
and, explicitly, :func:`train_model` + :func:`save_model` (retraining).

Modules
-------
settings   reviewed Splink settings: comparisons, blocking and training rules
prepare    int_customer_mentions -> prepared mentions (derived keys), SQL only
model      train (prior, seeded u sampling, capped EM on person-level rules),
           save / load a versioned JSON artifact
predict    pairwise scoring with a saved model; incremental scoring of new mentions
clusters   clustering at a threshold honouring must_link / cannot_link decisions
decisions  the reviewed decisions file (CSV), checked row by row
ids        stable customer ids across runs + customer_id_history
golden     golden record per customer by survivorship rules (source trust as data)
evaluate   pairwise P/R/F1 (cluster-size combinatorics), blocking recall, counts
charts     Splink charts / dashboards as self-contained offline HTML
pipeline   resolve(...) -> ResolutionResult
febrl      the training procedure benchmarked on FEBRL3/4
           (CLI: python -m entity_resolution.eval_febrl)
synthetic  synthetic mentions with known truth and hard negatives (tests, benchmarks)
"""

from .clusters import cluster_with_decisions
from .decisions import DecisionsFileError, read_decisions
from .evaluate import blocking_recall, cluster_counts, count_blocked_pairs, pairwise_metrics
from .golden import DEFAULT_RULES, DEFAULT_SOURCE_TRUST, FieldRule, build_golden_records
from .ids import assign_customer_ids, new_customer_id
from .incremental import ResolverState
from .model import TrainedModel, TrainingParams, load_model, save_model, train_model
from .pipeline import ResolutionResult, Thresholds, resolve
from .predict import predict_pairs, score_new_mentions
from .prepare import prepare_mentions

__all__ = [
    "DEFAULT_RULES",
    "DEFAULT_SOURCE_TRUST",
    "DecisionsFileError",
    "FieldRule",
    "ResolutionResult",
    "ResolverState",
    "Thresholds",
    "TrainedModel",
    "TrainingParams",
    "assign_customer_ids",
    "blocking_recall",
    "build_golden_records",
    "cluster_counts",
    "cluster_with_decisions",
    "count_blocked_pairs",
    "load_model",
    "new_customer_id",
    "pairwise_metrics",
    "predict_pairs",
    "read_decisions",
    "prepare_mentions",
    "resolve",
    "save_model",
    "score_new_mentions",
    "train_model",
]
