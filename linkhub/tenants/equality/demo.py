"""Demo reach: each demo network's population profile (illustrative shares in the shape of the
2021 census; enter your authority's real figures from the ONS), and equality answers from people
who gave views this year, skewed the way LINks found in practice (older, White British, fewer
young people and fewer people whose main language is not English)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from . import services
from .models import PopulationShare

SOURCE = "Illustrative figures in the shape of Census 2021 (ONS); replace with your local authority's tables"
POPULATION = {
    "age_band": {
        "under_16": 19.0,
        "16_24": 12.0,
        "25_34": 15.0,
        "35_49": 19.0,
        "50_64": 18.0,
        "65_74": 9.0,
        "75_84": 6.0,
        "85_over": 2.0,
    },
    "sex": {"female": 51.0, "male": 49.0},
    "ethnicity": {"asian": 9.0, "black": 5.0, "mixed": 3.0, "white": 80.0, "other": 3.0},
    "disability": {"a_lot": 8.0, "a_little": 10.0, "no": 82.0},
    "carer": {"yes": 9.0, "no": 91.0},
    "main_language": {"english": 92.0, "other": 8.0},
}
# Who answered (weights), skewed from the population.
HEARD = {
    "age_band": {"16_24": 2, "25_34": 6, "35_49": 12, "50_64": 25, "65_74": 28, "75_84": 20, "85_over": 7},
    "sex": {"female": 60, "male": 40},
    "ethnicity": {"asian": 4, "black": 2, "mixed": 1, "white": 92, "other": 1},
    "disability": {"a_lot": 20, "a_little": 25, "no": 55},
    "carer": {"yes": 22, "no": 78},
    "main_language": {"english": 98, "other": 2},
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load_equality():
    for network in db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.id)).all():
        with network_scope(network.id):
            if db.session.scalar(select(PopulationShare.id).limit(1)) is not None:
                continue
            for question, shares in POPULATION.items():
                services.set_population(question, shares, SOURCE)
            rng = random.Random(network.slug)  # nosec B311 # demo data, repeatable, not a secret
            today = clock.today()
            for i in range(120):
                answers = {q: _pick(rng, w) for q, w in HEARD.items() if rng.random() < 0.85}
                given = max(today.replace(month=1, day=1), today - timedelta(days=rng.randint(0, 300)))
                services.record_response(answers, consent=True, source="feedback", given_on=given)
            db.session.commit()
            yield f"reach {network.slug}: population profile and 120 equality answers"
