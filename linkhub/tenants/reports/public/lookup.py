"""Find published reports for the public: platform scope only to find which network a public
reference belongs to, then the network's own scope to read it. Drafts, unpublished reports and
suspended networks are simply not found."""
from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope, platform_scope

from ..services import publishing
from ..models import Report


def _published():
    return (select(Report.network_id, Report.id).join(Network, Network.id == Report.network_id)
            .where(Report.published_at.is_not(None), Network.status == "active"))


def find(public_ref: str):
    """(network_id, report_id) of a published report, or None."""
    if not public_ref or len(public_ref) > 16:
        return None
    with platform_scope():
        return db.session.execute(_published().where(Report.public_ref == public_ref.upper()).limit(1)).first()


def published_document(public_ref: str) -> dict | None:
    found = find(public_ref)
    if found is None:
        return None
    with network_scope(found.network_id):
        return publishing.document(db.session.get(Report, found.id))


def published_page(network_slug: str | None, page: int, per_page: int) -> tuple[int, list[dict]]:
    query = _published()
    if network_slug:
        query = query.where(Network.slug == network_slug)
    with platform_scope():
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.execute(query.order_by(Report.published_at.desc(), Report.id.desc())
                                  .limit(per_page).offset((page - 1) * per_page)).all()
    documents = []
    for row in rows:
        with network_scope(row.network_id):
            documents.append(publishing.document(db.session.get(Report, row.id)))
    return total, documents
