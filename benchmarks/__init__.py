"""`make bench`: the whole pipeline at a chosen scale, with a figure per stage.

``python -m benchmarks --mentions 1000000`` generates exports with the project's
generator (cached under ``data/bench/``), runs the real ``nightly_refresh`` job in
process on private paths, reads per-stage wall times from the run's Dagster event
log, splits dbt's step into staging and standardization with dbt's run_results.json,
samples the RSS of the whole process tree, scores entity resolution against the
generated truth, times the retraining job, prints a table with the targets and
writes the same figures as JSON.

Modules, one job each: ``datasets`` (generate / cache), ``runner`` (the jobs on
private paths), ``memory`` (RSS sampler), ``events`` (step times and row counts from
the event log), ``dbt_split`` (run_results.json), ``er_quality`` (blocking, truth),
``stages`` (stage figures), ``report`` (table, targets, JSON), ``cli``.
"""
