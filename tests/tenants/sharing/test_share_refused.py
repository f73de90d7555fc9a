"""The agreement changed between approval and the federation actor: the share is refused, not
dead-lettered, and the network's share page says why until staff approve again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.federation import services
from linkhub.federation.models import FederationLog, SharedIssue, WorkingGroup
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.sharing.models import ShareRequest
from tests.federation.conftest import drain, person
from tests.tenants.sharing.test_sharing import share_and_approve

pytestmark = pytest.mark.usefixtures("db_kind")


def _share_request(fed, draft_id) -> ShareRequest:
    with network_scope(fed.world.a.id):
        share = db.session.get(ShareRequest, draft_id)
        db.session.expunge(share)
        db.session.rollback()
    return share


def _new_agreement_version(fed) -> None:
    with platform_scope():
        services.publish_agreement(db.session.get(WorkingGroup, fed.group_id), "Version two of the agreement.")
        db.session.commit()


def test_a_share_approved_under_an_old_agreement_is_refused_and_shown(app, fed):
    staff = person(app, "staff-a@example.org")
    draft_id = share_and_approve(staff, fed)
    _new_agreement_version(fed)  # in flight: after approval, before the federation actor
    assert "dead" not in drain()

    with platform_scope():
        assert db.session.scalar(select(SharedIssue.id).where(SharedIssue.working_group_id == fed.group_id)) is None
        log = db.session.scalar(select(FederationLog).where(FederationLog.action == "share.refused"))
        assert log.network_id == fed.world.a.id and "version 2" in log.details["reason"]
        events = {e.event_type: e for e in db.session.scalars(select(OutboxEvent))}
        assert events["federation.share"].status == "done"
        refused = events["federation.share_refused"]
        assert refused.status == "done" and refused.network_id == fed.world.a.id
        assert set(refused.payload) == {"share_ref", "version", "reason"}  # nothing from the network's rows
        db.session.rollback()
    share = _share_request(fed, draft_id)
    assert share.is_refused and share.refused_version == 1 and "version 2" in share.refused_reason
    assert share.status_label == "Not shared: approve again"

    page = staff.get(f"/networks/alpha/federation/shares/{draft_id}")
    assert b"govuk-notification-banner" in page.data and b"was not shared with" in page.data
    assert b"changed to version 2" in page.data and b"Approve and share again" in page.data
    assert b"Not shared: approve again" in staff.get("/networks/alpha/federation/").data
    body = staff.get(f"/api/v1/networks/alpha/federation/shares/{draft_id}").get_json()
    assert body["refused"] is True and "version 2" in body["refused_reason"] and body["refused_at"]

    # Approving again before accepting is refused at once (409), as any share would be.
    again = staff.post(
        f"/networks/alpha/federation/shares/{draft_id}", data={"title": "Handover delays", "text": "Waits."}
    )
    assert again.status_code == 409
    # A network admin accepts version 2; staff approve again; it is shared and the notice goes.
    admin = person(app, "admin-a@example.org")
    assert admin.post(f"/networks/alpha/federation/groups/{fed.group_id}/accept").status_code == 302
    again = staff.post(
        f"/networks/alpha/federation/shares/{draft_id}", data={"title": "Handover delays", "text": "Waits."}
    )
    assert again.status_code == 302
    drain()
    with platform_scope():
        copy = db.session.scalar(select(SharedIssue).where(SharedIssue.working_group_id == fed.group_id))
        assert (copy.version, copy.agreement_version) == (2, 2)
        db.session.rollback()
    share = _share_request(fed, draft_id)
    assert not share.is_refused and share.status_label == "Shared"
    assert b"was not shared with" not in staff.get(f"/networks/alpha/federation/shares/{draft_id}").data
    body = staff.get(f"/api/v1/networks/alpha/federation/shares/{draft_id}").get_json()
    assert body["refused"] is False and body["refused_reason"] is None


def test_a_late_refusal_does_not_mark_a_newer_approval_or_a_withdrawal(app, fed):
    """The refusal names the version it refused: a share approved again, or withdrawn, since then
    is left alone (the handler is also idempotent: a redelivery changes nothing)."""
    from linkhub.platform import outbox
    from linkhub.tenants.sharing.handlers import mark_share_refused

    staff = person(app, "staff-a@example.org")
    draft_id = share_and_approve(staff, fed)
    drain()
    share = _share_request(fed, draft_id)
    with network_scope(fed.world.a.id):
        event = outbox.emit("federation.share_refused", {"share_ref": share.share_ref, "version": 0, "reason": "old"})
        db.session.flush()
        mark_share_refused(event)
        db.session.rollback()
    assert not _share_request(fed, draft_id).is_refused
    assert staff.post(f"/networks/alpha/federation/shares/{draft_id}/withdraw").status_code == 302
    with network_scope(fed.world.a.id):
        event = outbox.emit("federation.share_refused", {"share_ref": share.share_ref, "version": 1, "reason": "late"})
        db.session.flush()
        mark_share_refused(event)
        db.session.commit()
    share = _share_request(fed, draft_id)
    assert share.status == "withdrawn" and share.refused_version is None
