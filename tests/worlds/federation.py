"""Federation records in each test network: a working group of its own (so the other network is not
a member), an accepted agreement, the community world's issue tagged with a pathway stage and a
draft share of it, and a draft joint report."""

from linkhub.platform.db import db
from linkhub.platform.tenancy import platform_scope
from linkhub.federation import services
from linkhub.federation.services import joint_reports
from linkhub.tenants.sharing import services as sharing
from linkhub.federation.models import SharedIssue
from linkhub.tenants.issues.models import Issue


def build(w, network):
    with platform_scope():
        services.ensure_default_pathways()
        group = services.create_working_group(
            name=f"{network.name} ambulance group",
            region=network.region,
            pathway=services.pathway_by_slug("ambulance"),
            convenor=network,
            agreement_text="We share anonymised issues about the ambulance pathway.",
            single_network=True,
        )
        admin = w.users["admin_a" if network.slug == "alpha" else "admin_b"]
        services.accept_agreement(group, network, admin)
        copy = SharedIssue(
            working_group_id=group.id,
            source_network_id=network.id,
            share_ref=f"world-{network.slug}",
            agreement_version=1,
            title="Handover waits",
            pathway="Ambulance",
            stage="On scene",
            theme="Access and waiting times",
            month="2010-03",
            region=network.region,
        )
        db.session.add(copy)
        db.session.flush()
        report = joint_reports.draft(
            group, title="Handover waits on the pathway", summary="", body="", shared_issue_ids=[copy.id], user=admin
        )
        db.session.commit()
    issue = db.session.get(Issue, w.records[network.slug]["issue_id"])
    # A pathway the world's groups do not follow, so the share form still starts with nothing chosen.
    sharing.tag_issue(issue, pathway="mental-health", stage="crisis-care", user=admin)
    share = sharing.start_share(issue, db.session.merge(group), "on-scene", admin)
    return {"group_id": group.id, "share_id": share.id, "joint_report_id": report.id}
