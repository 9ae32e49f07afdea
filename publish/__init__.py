"""Publishing the warehouse analysts query (no Dagster here).

* :func:`publish.atomic.publish` - copy the run's build database aside, stamp it
  (``meta.publish_info``), keep the previous version as a backup, ``os.replace`` it over the
  published file; also write the masked analysts' copy.
* :mod:`publish.masking` - which columns are personal (dbt manifest ``meta.pii`` + a name
  rule) and the salted-hash copy.
* :mod:`publish.restore` - ``python -m publish.restore [--list] [VERSION]``;
  ``publish.restore.restore()`` (also ``publish.restore_backup``).
"""

from __future__ import annotations

from .atomic import PublishedVersion, PublishError, list_backups, publish, read_publish_info
from .masking import mask_value, pii_columns_from_manifest, write_analyst_copy


def __getattr__(name: str):
    # publish.restore is also run as a module (python -m publish.restore): not imported eagerly
    if name == "restore_backup":
        from .restore import restore

        return restore
    raise AttributeError(f"module 'publish' has no attribute {name!r}")

__all__ = [
    "PublishError",
    "PublishedVersion",
    "list_backups",
    "mask_value",
    "pii_columns_from_manifest",
    "publish",
    "read_publish_info",
    "restore_backup",
    "write_analyst_copy",
]
