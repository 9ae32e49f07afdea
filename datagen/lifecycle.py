"""When records appear, change and disappear across export dates.

An export date is a snapshot/delta: a record is first delivered in some export (most in
the first, some created later), may be re-delivered with a later modification time,
and (Salesforce only) may be delivered once more as a deletion. Times are UTC epoch
seconds; every version's time lies inside the window of the export carrying it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from datagen.rng import ri, rr
from datagen.timefmt import date_to_epoch

HISTORY_YEARS = 5


@dataclass(slots=True)
class Timeline:
    exports: list[int]      # export indices carrying a version, ascending
    times: list[int]        # modification instant of each version
    created: int
    deleted: bool = False   # the last version is a delete marker

    @property
    def born(self) -> int:
        return self.exports[0]

    @property
    def last(self) -> int:
        return self.exports[-1]


def interaction_export(rng: random.Random, born: int, n: int, p_same: float = 0.75) -> int:
    """Export index of a call / follow-up / opportunity about a record first delivered
    in export `born`: mostly the same export, otherwise a later one (so later exports
    reference records they do not re-deliver)."""
    if born + 1 >= n or rng.random() < p_same:
        return born
    return ri(rng, born + 1, n - 1)


class ExportCalendar:
    """Export dates and the time window each export covers."""

    def __init__(self, dates: list[str]) -> None:
        self.dates = dates
        # the export runs at 02:00 Beijing time on its date
        self.cut = [date_to_epoch(d, 8) + 2 * 3600 for d in dates]
        self.history_start = self.cut[0] - HISTORY_YEARS * 365 * 86400

    @property
    def n(self) -> int:
        return len(self.dates)

    def window(self, j: int, recent_days: int | None = None) -> tuple[int, int]:
        """[lo, hi) of instants written by export j (export 0 covers the history)."""
        hi = self.cut[j] - 120
        if j == 0:
            lo = self.cut[0] - recent_days * 86400 if recent_days else self.history_start
        else:
            lo = self.cut[j - 1]
        return lo, hi

    def instant(self, rng: random.Random, j: int, recent_days: int | None = None) -> int:
        lo, hi = self.window(j, recent_days)
        return rr(rng, lo, hi)

    def born_index(self, rng: random.Random, p_later: float) -> int:
        if self.n == 1 or rng.random() >= p_later:
            return 0
        return ri(rng, 1, self.n - 1)

    def plan(self, rng: random.Random, *, p_later: float = 0.15, p_update: float = 0.15,
             p_delete: float = 0.0, recent_days: int | None = None,
             born: int | None = None) -> Timeline:
        """A record's versions: creation export, later updates, optional deletion."""
        b = self.born_index(rng, p_later) if born is None else born
        created = self.instant(rng, b, recent_days)
        first_mod = created if rng.random() < 0.3 else rr(rng, created, self.window(b)[1])
        tl = Timeline([b], [first_mod], created)
        for j in range(b + 1, self.n):
            if p_delete and rng.random() < p_delete:
                tl.exports.append(j)
                tl.times.append(self.instant(rng, j))
                tl.deleted = True
                break
            if rng.random() < p_update:
                tl.exports.append(j)
                tl.times.append(self.instant(rng, j))
        return tl
