"""Clock of the conflicts of interest register: each current declaration is reviewed yearly.
It is not a statutory clock but it sends the same reminders (5 working days before, on the
day, overdue to the admins) through the deadline reminder job."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.tenants.common.deadlines import Deadline, source

from .models import Interest, Person


@source
def interest_renewals() -> list[Deadline]:
    rows = db.session.execute(
        select(Interest, Person)
        .join(Person, (Person.id == Interest.person_id) & (Person.network_id == Interest.network_id))
        .where(Interest.ended_on.is_(None), Person.status == "active")
    ).all()
    return [
        Deadline(
            key=f"interest_renewal/{i.id}",
            kind="Declaration of interest to renew",
            title=p.display_name,
            organisation=i.employer,
            due_on=i.renew_by,
            started_on=i.renewed_on or i.declared_on,
            endpoint="members.person",
            endpoint_args=(("person_id", p.id),),
            statutory=False,
            remind=True,
            due_wording="The yearly review of this declaration is due on",
        )
        for i, p in rows
    ]
