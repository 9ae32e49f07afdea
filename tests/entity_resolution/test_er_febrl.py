"""FEBRL benchmark: same unsupervised procedure, fixed threshold.  ~10 s each;
deselect with ``-m 'not febrl'``."""

from __future__ import annotations

import pytest

from entity_resolution.eval_febrl import main
from entity_resolution.febrl import evaluate_febrl3, evaluate_febrl4

pytestmark = pytest.mark.febrl


def test_febrl3_dedupe():
    r = evaluate_febrl3(threshold=0.95)
    assert r.n_records == 5000 and r.metrics["true_pairs"] == 6538
    assert r.metrics["f1"] >= 0.999, r.metrics


def test_febrl4_link():
    r = evaluate_febrl4(threshold=0.95)
    assert r.n_records == 10000 and r.metrics["true_pairs"] == 5000
    assert r.metrics["f1"] >= 0.999, r.metrics


def test_cli_prints_figures(capsys):
    assert main(["--dataset", "febrl4", "--u-max-pairs", "3e5"]) == 0
    out = capsys.readouterr().out
    assert "febrl4" in out and "F1" in out
