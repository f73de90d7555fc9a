"""Everything with a clock, in one list.

Each domain package registers its clocks in a ``clocks.py`` module with :func:`source`; the
list imports every ``clocks`` module it can find (as the app finds ``views`` and ``handlers``),
so powers does not need to import the packages that build on it (reports, visits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from linkhub.platform import clock

_sources: list[Callable[[], list["Deadline"]]] = []
DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Deadline:
    key: str  # stable name of the clock, e.g. "information_request/12"
    kind: str  # what sort of clock, in words
    title: str
    organisation: str
    due_on: date
    started_on: date | None
    endpoint: str  # page endpoint and its arguments, for links
    endpoint_args: tuple = ()
    statutory: bool = True  # statutory clocks get reminders; follow-up dates only show here
    remind: bool | None = None  # reminders for a clock that is not statutory (None: as statutory)
    due_wording: str = "The response is due on"

    @property
    def sends_reminders(self) -> bool:
        return self.statutory if self.remind is None else self.remind

    @property
    def subject(self) -> str:
        """The reminder key: the clock and its due date (an extension starts new reminders)."""
        return f"{self.key}@{self.due_on.isoformat()}"

    def state(self, on: date | None = None) -> str:
        on = on or clock.today()
        if self.due_on < on:
            return "overdue"
        if self.due_on == on:
            return "due_today"
        if clock.working_days_between(on, self.due_on) <= DUE_SOON_WORKING_DAYS:
            return "due_soon"
        return "running"

    def due_this_week(self, on: date | None = None) -> bool:
        on = on or clock.today()
        monday = on - timedelta(days=on.weekday())
        return monday <= self.due_on <= monday + timedelta(days=6)


STATE_TAGS = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "due_today": ("Due today", "govuk-tag--orange"),
    "due_soon": ("Due soon", "govuk-tag--yellow"),
    "running": ("Running", "govuk-tag--blue"),
}


def source(func):
    if func not in _sources:
        _sources.append(func)
    return func


def _load_sources() -> None:
    from linkhub.platform.discovery import import_submodules

    import_submodules("clocks")


def open_deadlines() -> list[Deadline]:
    """Every running clock of the network in scope, soonest first."""
    _load_sources()
    found = [d for func in _sources for d in func()]
    return sorted(found, key=lambda d: (d.due_on, d.kind, d.key))


def filtered(deadlines: list[Deadline], show: str, on: date | None = None) -> list[Deadline]:
    if show == "overdue":
        return [d for d in deadlines if d.state(on) == "overdue"]
    if show == "this_week":
        return [d for d in deadlines if d.due_this_week(on)]
    return deadlines


def counts(deadlines: list[Deadline], on: date | None = None) -> dict[str, int]:
    return {
        "open": len(deadlines),
        "overdue": len(filtered(deadlines, "overdue", on)),
        "this_week": len(filtered(deadlines, "this_week", on)),
    }
