"""The clocks of this package: requests for information and OSC referrals awaiting an answer."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.tenants.common.deadlines import Deadline, source

from .models import InformationRequest, OscReferral


@source
def information_requests() -> list[Deadline]:
    rows = db.session.scalars(select(InformationRequest).where(InformationRequest.status.in_(("sent", "overdue"))))
    return [
        Deadline(
            key=f"information_request/{r.id}",
            kind="Request for information",
            title=r.subject,
            organisation=r.organisation.name,
            due_on=r.due_on,
            started_on=r.sent_on,
            endpoint="powers.request",
            endpoint_args=(("request_id", r.id),),
        )
        for r in rows
    ]


@source
def osc_referrals() -> list[Deadline]:
    rows = db.session.scalars(select(OscReferral).where(OscReferral.status == "referred"))
    return [
        Deadline(
            key=f"osc_referral/{r.id}",
            kind="OSC referral",
            title=r.matter,
            organisation=r.organisation.name,
            due_on=r.due_on,
            started_on=r.referred_on,
            endpoint="powers.referral",
            endpoint_args=(("referral_id", r.id),),
        )
        for r in rows
    ]
