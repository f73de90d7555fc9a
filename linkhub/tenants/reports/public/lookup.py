"""Find published reports for the public: platform scope only to find which network a public
reference belongs to, then the network's own scope to read it. Drafts, unpublished reports and
suspended networks are simply not found."""

from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform import keyset
from linkhub.platform.api import TOTAL_CAP
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope, platform_scope

from ..services import publishing
from ..models import Report


def _published():
    return (
        select(Report.network_id, Report.id)
        .join(Network, Network.id == Report.network_id)
        .where(Report.published_at.is_not(None), Network.status == "active")
    )


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


def published_page(
    network_slug: str | None, cursor: str | None, per_page: int
) -> tuple[list[dict], str | None, int | None]:
    """One page of published reports, newest first, by keyset: (documents, next cursor, and on the
    first page the count up to ``TOTAL_CAP + 1``). A cursor that does not fit raises BadCursor."""
    query = _published()
    if network_slug:
        query = query.where(Network.slug == network_slug)
    keys = keyset.keys_of(select(Report).order_by(Report.published_at.desc(), Report.id.desc()))
    with platform_scope():
        total = (
            None
            if cursor
            else db.session.scalar(select(func.count()).select_from(query.limit(TOTAL_CAP + 1).subquery()))
        )
        page = keyset.with_keys(query, keys)
        if cursor:
            page = page.where(keyset.after(keys, keyset.decode(keys, cursor)))
        rows = db.session.execute(page.limit(per_page + 1)).all()
        next_cursor = keyset.encode(rows[per_page - 1][2:]) if len(rows) > per_page else None
        rows = rows[:per_page]
        # The page's reports, their parts and networks in a fixed number of queries (not one
        # network scope per report): only reports found published above are read.
        reports = {r.id: r for r in db.session.scalars(select(Report).where(Report.id.in_([r.id for r in rows])))}
        networks = db.session.scalars(select(Network).where(Network.id.in_({r.network_id for r in rows}))).all()  # noqa: F841  kept in the identity map for document()
        probed = publishing.powers_by_report(list(reports))
        return [publishing.document(reports[row.id], probed) for row in rows], next_cursor, total
