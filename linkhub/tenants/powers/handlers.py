"""What the powers package adds to the running app (imported by every process through discovery).

- ``periodic.powers.deadline_reminders``: hourly; reminders are idempotent, so the hour only
  decides how soon after midnight a new day's reminders go out.
- A probe telling the reports domain that an OSC referral cited a report (the search layer's
  "power used" facet), so reports need not import powers.
"""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.periodic import periodic
from linkhub.tenants.reports.services.publishing import POWER_PROBES

from .models import OscReferral
from .services.reminders import run_reminders


def _referral_cites(report_ids: list[int]) -> set[int]:
    return set(db.session.scalars(select(OscReferral.report_id).where(OscReferral.report_id.in_(report_ids))))


PROBE = ("osc_referral", _referral_cites)
if PROBE not in POWER_PROBES:
    POWER_PROBES.append(PROBE)


@periodic("powers.deadline_reminders", every_seconds=3600)
def deadline_reminders(event) -> None:
    run_reminders()
