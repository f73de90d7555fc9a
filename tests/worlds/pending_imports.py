"""A checked CSV file waiting for its import in each network (every tenant table gets rows)."""

from linkhub.tenants.feedback.services.importer import keep_checked_file


def build(w, network):
    admin = w.users["admin_a" if network.slug == "alpha" else "admin_b"]
    keep_checked_file(b"received_on,channel\n", f"{network.slug}.csv", 1, admin.id)
    return {}
