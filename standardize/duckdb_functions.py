"""Register the standardizers as vectorized DuckDB scalar functions.

Why Arrow UDFs: DuckDB hands a Python function one vector (≤ 2048 rows) as Arrow
arrays, so the per-call overhead is paid per batch, not per row. Inside a batch each
*distinct* input (or distinct argument tuple) is computed once: the arguments are
dictionary-encoded with pyarrow, the Python standardizer runs over the dictionary, and
``take`` expands the results back to rows. Across batches (and connections) a
per-function memo remembers values already seen, which matters because CRM data
repeats (the same phone on a contact, its orders and its tickets).

Every function is registered with ``null_handling='special'`` (NULL inputs reach the
Python code, which gives a defined answer: a STRUCT with ``reject_reason = 'empty'``
for the STRUCT functions, NULL for the scalar ones) and ``side_effects=False`` (pure
and deterministic, so DuckDB may fold constants and reuse results of identical calls).

SQL surface (argument and STRUCT field names are the contract other models rely on)::

    std_phone(raw VARCHAR, default_region VARCHAR) -> STRUCT(e164 VARCHAR, type VARCHAR,
        is_valid BOOLEAN, extension VARCHAR, region VARCHAR, repair VARCHAR,
        reject_reason VARCHAR)
    std_email(raw VARCHAR) -> STRUCT(email VARCHAR, canonical VARCHAR, domain VARCHAR,
        is_valid BOOLEAN, is_freemail BOOLEAN, typo_corrected BOOLEAN, reject_reason VARCHAR)
    std_name(full_name VARCHAR, given_name VARCHAR, family_name VARCHAR) -> STRUCT(
        full_name VARCHAR, name_script VARCHAR, family_name VARCHAR, given_name VARCHAR,
        family_name_latin VARCHAR, given_name_latin VARCHAR, given_name_canonical VARCHAR,
        full_name_latin VARCHAR, honorific VARCHAR, reject_reason VARCHAR)
    std_company(raw VARCHAR) -> VARCHAR
    std_cn_address(raw VARCHAR) -> STRUCT(country_iso2 VARCHAR, province VARCHAR,
        city VARCHAR, district VARCHAR, street VARCHAR, detail VARCHAR,
        postal_code VARCHAR, parse_status VARCHAR)
    std_country(raw VARCHAR) -> VARCHAR          -- ISO 3166-1 alpha-2
    std_cn_province(raw VARCHAR) -> VARCHAR      -- canonical province name (浙江省)
    std_pinyin(raw VARCHAR) -> VARCHAR           -- toneless pinyin of Han runs, other text kept
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import threading
import typing
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .addresses import CnAddress, cn_province, parse_cn_address
from .companies import company_key
from .countries import to_iso2
from .emails import EmailResult, standardize_email
from .names import NameResult, standardize_name, text_to_pinyin
from .phones import PhoneResult, standardize_phone

__all__ = ["register_functions", "clear_caches", "FUNCTIONS", "SqlFunction"]

log = logging.getLogger(__name__)

# Distinct arguments remembered per function before its memo is reset (then values are
# simply computed again). Roughly 300 bytes each: the default bounds one function's
# memo to ~300 MB; set CRM_STANDARDIZE_MEMO_MAX lower on a small machine.
_MEMO_MAX = int(os.environ.get("CRM_STANDARDIZE_MEMO_MAX", 1_000_000))
_MEMOS: dict[str, dict[Any, Any]] = {}
_LOCKS: dict[str, threading.Lock] = {}
_MISSING = object()


def _is_bool(cls: type, field: str) -> bool:
    return typing.get_type_hints(cls)[field] is bool


def _arrow_struct(cls: type) -> pa.StructType:
    """Arrow type of a result NamedTuple: ``bool`` fields → BOOLEAN, the rest → VARCHAR."""
    return pa.struct(
        [pa.field(f, pa.bool_() if _is_bool(cls, f) else pa.string()) for f in cls._fields]
    )


def _sql_struct(cls: type) -> str:
    parts = [f"{f} {'BOOLEAN' if _is_bool(cls, f) else 'VARCHAR'}" for f in cls._fields]
    return f"STRUCT({', '.join(parts)})"


@dataclasses.dataclass(frozen=True)
class SqlFunction:
    """One SQL function: name, Python scalar implementation, SQL argument types, result."""

    name: str
    scalar: Callable[..., Any]
    params: tuple[str, ...]
    result: type | None  # a result NamedTuple (→ STRUCT) or None (→ VARCHAR)
    error_value: Any = None

    @property
    def sql_return_type(self) -> str:
        return _sql_struct(self.result) if self.result else "VARCHAR"


def _memo_call(spec: "SqlFunction", error_value: Any) -> Callable[[list[Any]], list[Any]]:
    """Map a batch of distinct arguments to results, with a process-wide memo.

    The memo is a plain dict (argument tuple → result) shared by all batches of all
    queries in the process, capped at ``_MEMO_MAX`` entries (then cleared): the same
    phone or email recurs across mentions, sources and models of one nightly run. Misses
    call the undecorated standardizer (its own lru_cache would only duplicate memory).
    A value that makes the standardizer raise must not abort the nightly run: it is
    logged and gets a result with reject_reason / parse_status ``internal_error``.
    """
    fn = getattr(spec.scalar, "__wrapped__", spec.scalar)
    memo = _MEMOS.setdefault(spec.name, {})  # shared by every connection in the process
    lock = _LOCKS.setdefault(spec.name, threading.Lock())

    single = len(spec.params) == 1  # memo keyed by the value itself, not a 1-tuple

    def compute(args: Any) -> Any:
        try:
            return fn(args) if single else fn(*args)
        except Exception:  # noqa: BLE001 - reported via reject_reason and the log
            log.exception("standardizer %s failed on %r", spec.name, args)
            return error_value

    def lookup(batch: list[Any]) -> list[Any]:
        with lock:  # DuckDB may call from several threads; keep the memo consistent
            get = memo.get
            out = [get(a, _MISSING) for a in batch]
            if _MISSING in out:
                if len(memo) > _MEMO_MAX:
                    memo.clear()
                for i, a in enumerate(batch):
                    if out[i] is _MISSING:
                        out[i] = memo[a] = compute(a)
            return out

    return lookup


def _reject_like(cls: type) -> Any:
    values = {f: (False if _is_bool(cls, f) else None) for f in cls._fields}
    values["reject_reason" if "reject_reason" in values else "parse_status"] = "internal_error"
    return cls(**values)


FUNCTIONS: tuple[SqlFunction, ...] = (
    SqlFunction("std_phone", standardize_phone, ("VARCHAR", "VARCHAR"), PhoneResult),
    SqlFunction("std_email", standardize_email, ("VARCHAR",), EmailResult),
    SqlFunction("std_name", standardize_name, ("VARCHAR", "VARCHAR", "VARCHAR"), NameResult),
    SqlFunction("std_company", company_key, ("VARCHAR",), None),
    SqlFunction("std_cn_address", parse_cn_address, ("VARCHAR",), CnAddress),
    SqlFunction("std_country", to_iso2, ("VARCHAR",), None),
    SqlFunction("std_cn_province", cn_province, ("VARCHAR",), None),
    SqlFunction("std_pinyin", text_to_pinyin, ("VARCHAR",), None),
)


def _as_array(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    if not pa.types.is_string(col.type):
        col = col.cast(pa.string())
    return col


def _distinct_args(cols: Sequence[pa.Array]) -> tuple[list[Any], pa.Array]:
    """Distinct arguments of a batch (values for one column, tuples for several) and,
    per row, the index of its distinct entry.

    Each column is dictionary-encoded (NULL is its own entry); for several columns the
    per-column codes are combined into one int64 key (mixed radix) and made unique with
    numpy, so the Python work is proportional to the distinct tuples only.
    """
    encoded = [pc.dictionary_encode(c, null_encoding="encode") for c in cols]
    if len(cols) == 1:
        return encoded[0].dictionary.to_pylist(), encoded[0].indices
    if len(cols[0]) == 0:
        return [], pa.array([], pa.int64())
    radices = [len(e.dictionary) for e in encoded]
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for e, r in zip(encoded, radices):
        key = key * r + e.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    uniq, inverse = np.unique(key, return_inverse=True)
    per_col = []
    rest = uniq
    for r in reversed(radices[1:]):
        per_col.append(rest % r)
        rest = rest // r
    per_col.append(rest)
    per_col.reverse()
    values = [e.dictionary.take(pa.array(i)).to_pylist() for e, i in zip(encoded, per_col)]
    return list(zip(*values)), pa.array(inverse.reshape(-1))


def _make_udf(spec: SqlFunction) -> Callable[..., pa.Array]:
    error_value = _reject_like(spec.result) if spec.result else None
    lookup = _memo_call(spec, error_value)
    if spec.result is not None:
        struct_type = _arrow_struct(spec.result)
        fields = list(struct_type)
        empty = spec.result(*([None] * len(fields)))

        def build(results: list[Any]) -> pa.Array:
            # Results are NamedTuples: transpose in C with zip(*) instead of getattr loops.
            columns = zip(*results) if results else zip(*[empty])
            children = [pa.array(col, type=f.type) for col, f in zip(columns, fields)]
            arr = pa.StructArray.from_arrays(children, fields=fields)
            return arr if results else arr.slice(0, 0)

    else:

        def build(results: list[Any]) -> pa.Array:
            return pa.array(results, type=pa.string())

    def run(*cols: pa.ChunkedArray) -> pa.Array:
        # The batch allocates many small, acyclic objects (tuples, strings): pausing the
        # cyclic garbage collector meanwhile saves ~15% and cannot leak anything.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            arrays = [_as_array(c) for c in cols]
            args, indices = _distinct_args(arrays)
            values = build(lookup(args))
            return values.take(indices)
        finally:
            if gc_was_enabled:
                gc.enable()

    # DuckDB checks the Python arity against the declared parameters: no *args.
    arity = len(spec.params)
    if arity == 1:
        def udf(a: pa.ChunkedArray) -> pa.Array:
            return run(a)
    elif arity == 2:
        def udf(a: pa.ChunkedArray, b: pa.ChunkedArray) -> pa.Array:  # type: ignore[misc]
            return run(a, b)
    elif arity == 3:
        def udf(a: pa.ChunkedArray, b: pa.ChunkedArray, c: pa.ChunkedArray) -> pa.Array:  # type: ignore[misc]
            return run(a, b, c)
    else:  # pragma: no cover - no such function today
        raise ValueError(f"unsupported arity {arity} for {spec.name}")
    udf.__name__ = spec.name
    udf.__doc__ = spec.scalar.__doc__
    return udf


def clear_caches() -> None:
    """Free the memos of the SQL functions (e.g. at the end of a nightly run)."""
    for memo in _MEMOS.values():
        memo.clear()


def register_functions(conn: duckdb.DuckDBPyConnection, *, replace: bool = True) -> list[str]:
    """Create every ``std_*`` function on ``conn``; returns the names registered.

    Idempotent: with ``replace`` (default) an existing function of the same name is
    removed first, so calling it twice on one connection is harmless.
    """
    done = []
    for spec in FUNCTIONS:
        if replace:
            try:
                conn.remove_function(spec.name)
            except Exception:  # noqa: BLE001 - not registered yet
                pass
        conn.create_function(
            spec.name,
            _make_udf(spec),
            list(spec.params),
            spec.sql_return_type,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
        done.append(spec.name)
    return done
