"""The suites, one module per layer. Each module declares the relations and columns it
reads (``RELATIONS``) and ``build(ctx) -> list[Part]`` (see ``expectations.spec``)."""

from __future__ import annotations

from . import entity_resolution, marts, raw, staging

SUITES = {
    "raw": raw,
    "staging": staging,
    "entity_resolution": entity_resolution,
    "marts": marts,
}

__all__ = ["SUITES"]
