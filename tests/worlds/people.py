"""People records in each network: an invitation waiting to be accepted (for the isolation matrix)."""

from linkhub.platform import people


def build(w, network):
    admin = w.users["admin_a" if network.slug == "alpha" else "admin_b"]
    invitation, _ = people.invite(network, email=f"invited@{network.slug}.example", role="member", invited_by=admin)
    return {"invitation_id": invitation.id}
