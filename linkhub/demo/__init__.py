"""Demo data for ``make run``: realistic networks, people and records across every layer.

Each domain adds a loader to :func:`_loaders`; ``load_demo`` runs them in order and skips what
exists, so running it twice changes nothing. Demo passwords are for a local demo only.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linkhub.platform import services
from linkhub.platform.db import db
from linkhub.platform.models import Network, User

DEMO_PASSWORD = "demo-password-2026"  # nosec B105 # not a secret

NETWORKS = [
    dict(
        slug="sheffield",
        name="Sheffield LINk",
        local_authority="Sheffield City Council",
        region="Yorkshire and the Humber",
        host_organisation="Voluntary Action Sheffield",
    ),
    dict(
        slug="leeds",
        name="Leeds LINk",
        local_authority="Leeds City Council",
        region="Yorkshire and the Humber",
        host_organisation="Leeds Involvement Project",
    ),
    dict(
        slug="manchester",
        name="Manchester LINk",
        local_authority="Manchester City Council",
        region="North West",
        host_organisation="Manchester Community Central",
    ),
    dict(
        slug="salford",
        name="Salford LINk",
        local_authority="Salford City Council",
        region="North West",
        host_organisation="Salford CVS",
    ),
]

# email, name, platform role, [(network, role), ...]
PEOPLE = [
    ("operator@linkhub.example", "Olu Operator", "operator", []),
    ("reader@cqc.example", "Nadia National", "national_reader", []),
    ("admin@sheffield.example", "Sam Sheffield", None, [("sheffield", "network_admin")]),
    ("staff@sheffield.example", "Priya Staff", None, [("sheffield", "staff"), ("leeds", "staff")]),
    ("member@sheffield.example", "Mo Member", None, [("sheffield", "member")]),
    (
        "rep@sheffield.example",
        "Rita Representative",
        None,
        [("sheffield", "authorised_representative"), ("sheffield", "member")],
    ),
    ("admin@leeds.example", "Lee Leeds", None, [("leeds", "network_admin")]),
    ("admin@manchester.example", "Mani Manchester", None, [("manchester", "network_admin")]),
    ("staff@manchester.example", "Grace Staff", None, [("manchester", "staff")]),
    ("admin@salford.example", "Sal Salford", None, [("salford", "network_admin")]),
    # Sheffield City Council's contract officer: returns, indicators and published work only.
    ("officer@sheffield-council.example", "Lena Council", None, [("sheffield", "local_authority")]),
]


def load_platform() -> Iterator[str]:
    for spec in NETWORKS:
        if db.session.scalar(select(Network).where(Network.slug == spec["slug"])) is None:
            services.create_network(**spec)
            yield f"network {spec['slug']}"
    db.session.flush()
    for email, name, platform_role, roles in PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = services.create_user(email=email, name=name, password=DEMO_PASSWORD, platform_role=platform_role)
            yield f"user {email}"
        for slug, role in roles:
            network = db.session.scalar(select(Network).where(Network.slug == slug))
            services.add_membership(user, network, role)
    db.session.commit()


def _loaders():
    from linkhub.tenants.directory.demo import load_directory
    from linkhub.tenants.feedback.demo import load_community
    from linkhub.tenants.issues.demo import load_issues
    from linkhub.tenants.powers.demo import load_powers
    from linkhub.federation.demo import load_federation, load_joint_reports
    from linkhub.tenants.sharing.demo import load_sharing
    from linkhub.tenants.priorities.demo import load_priorities
    from linkhub.tenants.site.demo import load_site
    from linkhub.tenants.equality.demo import load_equality
    from linkhub.tenants.mailings.demo import load_mailings
    from linkhub.tenants.governance.demo import load_governance
    from linkhub.tenants.correspondence.demo import load_correspondence
    from linkhub.tenants.surveys.demo import load_surveys
    from linkhub.tenants.workrequests.demo import load_work_requests
    from linkhub.tenants.finance.demo import load_finance
    from linkhub.tenants.returns.demo import load_returns

    from .people import load_people

    return [
        load_platform,
        load_directory,
        load_community,
        load_issues,
        load_priorities,
        load_finance,
        load_powers,
        load_federation,
        load_sharing,
        load_joint_reports,
        load_site,
        load_mailings,
        load_equality,
        load_governance,
        load_correspondence,
        load_surveys,
        load_work_requests,
        load_returns,
        load_people,
    ]


def load_demo() -> Iterator[str]:
    for loader in _loaders():
        yield from loader()
    yield f"Demo data loaded. Sign in as any demo user with password {DEMO_PASSWORD!r}."
