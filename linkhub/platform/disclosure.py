"""Statistical disclosure control: the one method for every figure that leaves a network
(working-group pages and their CSV, aggregate API, shared-issue pages and API, search results
and facets for shared issues, joint reports). Anonymisation layer 4 in DESIGN.md.

The method, given a threshold ``t`` (the working group's agreement or search's setting, never
below 3):

1. **Threshold suppression.** A count from 1 to ``t - 1`` is not shown ("fewer than t").
   0 is shown as 0.
2. **Rounding.** Every other count, totals included, is rounded to the nearest multiple of the
   base ``B``: 5, or the first multiple of 5 at or above ``t`` when an agreement sets ``t``
   above 5 (half up; never rounded down to 0). So every published figure is 0 or a multiple
   of ``B``.
3. **Secondary suppression.** In a table whose cells add up to a published total, if exactly
   one non-zero cell is suppressed, the next smallest is suppressed too, so "total minus the
   other cells" is never one suppressed cell.

Why no figure can be derived from others: the sum or difference of any published figures is a
multiple of ``B`` (rule 2), and a suppressed value lies between 1 and ``t - 1 < B`` (rule 1), so
no combination of published figures, across pages, API calls, CSV files and facets, equals a
suppressed value. Rule 3 keeps a suppressed cell from being bounded by its own table's total
minus the rest. ``tests/federation/test_disclosure.py`` attacks it with every pairwise
difference.
"""

from __future__ import annotations

from dataclasses import dataclass

ROUND_TO = 5


@dataclass(frozen=True)
class Figure:
    value: int | None  # None when suppressed
    text: str


def base(threshold: int) -> int:
    """The rounding base for a threshold: 5, or the first multiple of 5 at or above it."""
    return ROUND_TO * max(1, -(-threshold // ROUND_TO))


def rounded(count: int, threshold: int) -> int:
    step = base(threshold)
    return max(step, step * ((count + step // 2) // step)) if count else 0


def publish(count: int, threshold: int, hidden: bool = False) -> Figure:
    """The figure to show for ``count``: 0, suppressed, or rounded to the base."""
    if count == 0:
        return Figure(0, "0")
    if count < threshold:
        return Figure(None, f"fewer than {threshold}")
    if hidden:
        return Figure(None, "suppressed")
    value = rounded(count, threshold)
    return Figure(value, f"{value:,}")


def secondary(counts: dict, hidden: set, threshold: int) -> set:
    """Cells of one table to suppress besides ``hidden`` (rule 3): when exactly one non-zero
    cell is hidden or below the threshold, the smallest other non-zero cell joins it."""
    nonzero = [key for key, count in counts.items() if count > 0]
    small = {key for key in nonzero if key in hidden or counts[key] < threshold}
    if len(small) != 1:
        return set()
    others = sorted((key for key in nonzero if key not in small), key=lambda key: counts[key])
    return {others[0]} if others else set()
