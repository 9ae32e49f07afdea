"""Great Expectations validation of the warehouse, one suite per layer (no Dagster here).

    from expectations import validate, ValidationOutcome
    outcome = validate(con, "staging", run_id=..., as_of=...)

See ``expectations/README.md``: suites (``expectations/suites/``), parameters
(``expectations/thresholds.yml``), the GE project (``expectations/gx/``) and what a run
writes (``expectations/uncommitted/``, git-ignored). Importing this package does not
import great_expectations (slow); ``validate`` does, once.
"""

from __future__ import annotations

from .context import offline_environment

offline_environment()

from .config import load_thresholds  # noqa: E402
from .runner import ExpectationResult, ValidationOutcome, validate, validate_all  # noqa: E402
from .spec import BLOCKING, WARNING  # noqa: E402
from .suites import SUITES  # noqa: E402

__all__ = [
    "BLOCKING",
    "SUITES",
    "WARNING",
    "ExpectationResult",
    "ValidationOutcome",
    "load_thresholds",
    "validate",
    "validate_all",
]
