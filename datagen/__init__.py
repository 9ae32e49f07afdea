"""Deterministic sample-data generator for the CRM data-quality pipeline.

`python -m datagen --people N --export-dates D1,D2 --out DIR --seed S` writes raw
exports for every preset of `ingestion/presets.yml` under `DIR/landing/` and the ground
truth (true people, which record is whom, expected counts) under `DIR/truth/`.
Same arguments, same bytes.
"""
