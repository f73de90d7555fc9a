"""Who may see what across networks: national readers (and operators) every working group; anyone
else the groups that one of their networks belongs to (any role in a member network)."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.auth import MEMBER_ROLES
from linkhub.platform.db import db
from linkhub.platform.models import Membership
from linkhub.search.service import use_group_access

from .models import WorkingGroup, WorkingGroupMember


def network_ids_of(who) -> set[int]:
    if who.user is None:
        return set()
    if who.token is not None:  # a token opens its one network, with the role it carries
        network = who.token.network_id
        return {network} if network and who.roles_in(network) & MEMBER_ROLES else set()
    # a local authority reader is not in the LINk: only member roles open its working groups
    return set(
        db.session.scalars(
            select(Membership.network_id).where(
                Membership.user_id == who.user.id, Membership.role.in_(sorted(MEMBER_ROLES))
            )
        )
    )


def visible_working_group_ids(who=None) -> list[int] | None:
    """None: every group (national readers, operators). Otherwise the ids of the groups of the
    person's networks; ``[]`` for none. (The replacement for linkhub.search.service's stub.)"""
    if who is None:
        from linkhub.platform.auth import principal

        who = principal()
    if who.is_national_reader:
        return None
    networks = network_ids_of(who)
    if not networks:
        return []
    return sorted(
        set(
            db.session.scalars(
                select(WorkingGroupMember.working_group_id).where(WorkingGroupMember.network_id.in_(networks))
            )
        )
    )


def can_see_group(who, group: WorkingGroup) -> bool:
    visible = visible_working_group_ids(who)
    return visible is None or group.id in visible


def can_draft(who, group: WorkingGroup) -> bool:
    """Staff (or admins) of a member network draft the group's joint reports."""
    from linkhub.platform.auth import STAFF_ROLES

    return any(who.roles_in(n) & STAFF_ROLES for n in group.member_network_ids)


# The search layer asks this module who may see which shared issues (it never imports federation).
use_group_access(visible_working_group_ids)
