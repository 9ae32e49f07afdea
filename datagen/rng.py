"""Seed derivation and fast weighted choice.

Every chunk (and nothing else) gets its own `random.Random`, seeded by hashing the
user seed with a label, so chunks are independent: they can be generated in any
order or in parallel and still yield the same bytes. `hash()` is never used because
string hashing is salted per process.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_right
from itertools import accumulate
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")


def derive_seed(seed: int, *labels: object) -> int:
    """A 64-bit seed that depends only on `seed` and the labels."""
    text = repr((int(seed),) + tuple(str(label) for label in labels))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def chunk_rng(seed: int, chunk_index: int, purpose: str = "chunk") -> random.Random:
    """The RNG of one chunk for one purpose."""
    return random.Random(derive_seed(seed, purpose, chunk_index))


class Picker(Generic[T]):
    """Weighted choice with precomputed cumulative weights (faster than rng.choices)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("items and weights must be non-empty and of equal length")
        self.items = tuple(items)
        self.cum = list(accumulate(float(w) for w in weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def picker(pairs: Sequence[tuple[T, float]]) -> Picker[T]:
    """A Picker from (item, weight) pairs."""
    return Picker([p[0] for p in pairs], [p[1] for p in pairs])


# Fast draws. random.Random.randint/choice/randrange go through several Python-level
# calls each; these one-liners use a single rng.random() and are ~3x faster, which
# matters at a million people. (Bias for ranges < 2**40 is far below anything visible.)

def ri(rng: random.Random, a: int, b: int) -> int:
    """Uniform integer in [a, b]."""
    return a + int(rng.random() * (b - a + 1))


def rr(rng: random.Random, a: int, b: int | None = None) -> int:
    """Uniform integer in [a, b) (or [0, a) with one argument)."""
    if b is None:
        return int(rng.random() * a)
    return a + int(rng.random() * (b - a))


def ch(rng: random.Random, seq: Sequence[T]) -> T:
    """Uniform element of a non-empty sequence."""
    return seq[int(rng.random() * len(seq))]
