"""One renderer per source: turns planned mentions of true people into that system's
rows (as column -> value dicts keyed by the preset's column names)."""
