"""Clock of visits: the provider's factual-accuracy check of the draft visit report."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.tenants.common.deadlines import Deadline, source

from .models import Visit


@source
def accuracy_checks() -> list[Deadline]:
    rows = db.session.scalars(
        select(Visit).where(Visit.accuracy_sent_on.is_not(None), Visit.accuracy_responded_on.is_(None))
    )
    return [
        Deadline(
            key=f"visit_accuracy/{v.id}",
            kind="Factual accuracy check",
            title=v.premises,
            organisation=v.organisation.name,
            due_on=v.accuracy_due_on,
            started_on=v.accuracy_sent_on,
            endpoint="visits.visit",
            endpoint_args=(("visit_id", v.id),),
        )
        for v in rows
    ]
