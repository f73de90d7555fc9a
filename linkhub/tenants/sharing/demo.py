"""Demo sharing: in each demo working group, every member network tags its issues with a stage of
the group's pathway and shares the first few at that stage through the real services (the others
stay tagged only, so "Issues by pathway" shows both). Runs after the federation demo has set up
the groups; processes the events, so the demo is complete without a worker. Skips what exists."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linkhub.federation import public as federation
from linkhub.platform.db import db
from linkhub.platform.models import Network, User
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.issues.models import Issue

from . import services
from .models import ShareRequest

SHARED_PER_NETWORK = 2  # the rest of a network's issues are tagged, not shared


def _share_issues(
    group: federation.WorkingGroup, network: Network, stages: list[str], admin: User, first: int = 0
) -> int:
    """Tag the network's issues along the group's pathway and share the first ones at their
    tagged stage (as staff would: the share form offers the tag first). The others stay tagged
    only, so "Issues by pathway" shows both and their share form shows the stage chosen."""
    shared = 0
    with network_scope(network.id):
        for i, issue in enumerate(db.session.scalars(select(Issue).order_by(Issue.id)).all()):
            stage = stages[(first + i) % len(stages)]  # networks start along the pathway, not all at its start
            services.tag_issue(issue, pathway=group.pathway.slug, stage=stage, user=admin)
            if i >= SHARED_PER_NETWORK:
                continue
            draft = services.start_share(issue, group, stage, admin)
            try:
                services.approve_share(draft, title=draft.title, text=draft.text, user=admin)
                shared += 1
            except services.IdentifiersFound:
                pass  # left as a draft for a person to review: the demo shows that step too
        db.session.commit()
    return shared


def load_sharing() -> Iterator[str]:
    with platform_scope():
        # The convenor first, then the others: each network starts further along the pathway.
        groups = [
            (grp.id, sorted(grp.member_network_ids, key=lambda n, c=grp.convenor_network_id: (n != c, n)))
            for grp in db.session.scalars(select(federation.WorkingGroup).order_by(federation.WorkingGroup.id))
        ]
        db.session.rollback()
    for group_id, member_ids in groups:
        count, started = 0, False
        for k, network_id in enumerate(member_ids):
            with platform_scope():
                network = db.session.get(Network, network_id)
                admin = db.session.scalar(select(User).where(User.email == f"admin@{network.slug}.example"))
                group = db.session.get(federation.WorkingGroup, group_id)
                stages = [s.slug for s in group.pathway.stages]
            with network_scope(network_id):
                if db.session.scalar(select(ShareRequest.id).where(ShareRequest.working_group_id == group_id).limit(1)):
                    continue
            if admin is None:
                continue
            started = True
            count += _share_issues(group, network, stages, admin, first=k * SHARED_PER_NETWORK)
        if started:
            federation.run_pending_events()
            yield f"{count} shared issues in {group.name}"
