"""Correspondence in each test network: a letter received from the network's hospital (the
organisation the directory made for its provider), about the community world's issue, with a
PDF attached."""

from datetime import date, timedelta

from linkhub.tenants.correspondence import services
from linkhub.tenants.directory.models import Provider
from linkhub.platform.db import db


def build(w, network):
    provider = db.session.get(Provider, w.records[network.slug]["provider_id"])
    row = services.record(
        direction="in",
        channel="letter",
        dated_on=date.today() - timedelta(days=3),
        organisation_id=provider.organisation_id,
        person="Jo Liaison",
        subject="Reply about A&E waiting times",
        summary="The trust sets out its plan for the winter.",
        links=[{"kind": "issue", "target_id": w.records[network.slug]["issue_id"]}],
        attachments=[("reply.pdf", b"%PDF-1.4 reply")],
    )
    return {"correspondence_id": row.id, "correspondence_attachment_id": row.attachments[0].id}
