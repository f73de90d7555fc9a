"""Demo surveys: a live GP access survey with responses in Sheffield and Manchester (public link,
paper and phone, equality answers), and a joint ambulance survey across the Yorkshire working
group (Sheffield starts it, Leeds gets its copy; the group's combined results are counted by the
federation lane)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from linkhub.federation import public as federation
from linkhub.platform import clock, lanes
from linkhub.platform.db import db
from linkhub.platform.models import Network, OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope

from . import services
from .models import EQUALITY_QUESTIONS, Survey

GP_SURVEY = "Getting a GP appointment"
GP_QUESTIONS = [
    {
        "kind": "radios",
        "title": "How did you last try to book a GP appointment?",
        "options": ["By phone", "Online", "In person at the surgery", "Through the NHS App"],
        "required": True,
    },
    {
        "kind": "checkboxes",
        "title": "What made it hard?",
        "options": ["Phone lines busy", "No appointments left", "Online form closed", "Nothing, it was easy"],
    },
    {"kind": "scale", "title": "How easy was it to get an appointment?", "hint": "1 is very hard.", "scale_max": 5},
    {"kind": "date", "title": "When did you last try?"},
    {"kind": "text", "title": "What would make booking easier for you?"},
]
AMBULANCE_SURVEY = "Waiting for an ambulance in Yorkshire"
AMBULANCE_QUESTIONS = [
    {
        "kind": "radios",
        "title": "Who called the ambulance?",
        "options": ["I did", "A family member or friend", "A health professional", "Someone else"],
    },
    {"kind": "scale", "title": "How long did the wait feel?", "hint": "1 is very short, 5 very long.", "scale_max": 5},
    {
        "kind": "radios",
        "title": "Were you kept informed while you waited?",
        "options": ["Yes", "Partly", "No"],
    },
    {"kind": "text", "title": "Tell us about the wait"},
]
SUGGESTIONS = [
    "Let me book online in the evening.",
    "A call-back instead of waiting in a queue at 8am.",
    "More appointments later in the day for people who work.",
    "Tell us our place in the queue.",
]
WAITS = [
    "We waited three hours with my dad on the floor.",
    "The call handler was calm and rang back twice.",
    "Nobody could tell us how long it would be.",
]


def _network(slug: str) -> Network | None:
    return db.session.scalar(select(Network).where(Network.slug == slug))


def _existing(title: str) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.title == title))


def _gp_answers(survey: Survey, rng: random.Random) -> dict:
    q = {question.position: question for question in survey.questions}
    answers = {
        q[1].field: rng.choice(q[1].options),
        q[2].field: rng.sample(q[2].options[:3], rng.randint(1, 2)) if rng.random() < 0.8 else [q[2].options[3]],
        q[3].field: str(rng.choices([1, 2, 3, 4, 5], weights=[4, 4, 2, 1, 1])[0]),
        q[4].field: (clock.today() - timedelta(days=rng.randint(1, 80))).isoformat(),
    }
    if rng.random() < 0.5:
        answers[q[5].field] = rng.choice(SUGGESTIONS)
    return answers


def _equality(rng: random.Random) -> dict | None:
    if rng.random() < 0.4:
        return None
    return {key: rng.choice(options) for key, (_, options) in EQUALITY_QUESTIONS.items() if rng.random() < 0.8}


def _ambulance_answers(survey: Survey, rng: random.Random) -> dict:
    q = {question.position: question for question in survey.questions}
    answers = {
        q[1].field: rng.choice(q[1].options),
        q[2].field: str(rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 5])[0]),
        q[3].field: rng.choices(q[3].options, weights=[2, 3, 5])[0],
    }
    if rng.random() < 0.4:
        answers[q[4].field] = rng.choice(WAITS)
    return answers


def _run_pending(event_type: str) -> None:
    with platform_scope():
        ids = db.session.scalars(
            select(OutboxEvent.id)
            .where(OutboxEvent.status == "pending", OutboxEvent.event_type == event_type)
            .order_by(OutboxEvent.id)
        ).all()
        db.session.rollback()
    for event_id in ids:
        lanes.run_event(current_app._get_current_object(), event_id)


def load_surveys() -> Iterator[str]:
    rng = random.Random(19)
    for slug, responses in (("sheffield", 46), ("manchester", 31)):
        network = _network(slug)
        if network is None:
            continue
        with network_scope(network.id):
            if _existing(GP_SURVEY) is not None:
                continue
            survey = services.create_survey(
                title=GP_SURVEY,
                description="We want to know how easy it is to see a GP in our area. It takes about three minutes.",
                closes_on=clock.today() + timedelta(days=30),
                equality_section=True,
                theme="access",
                questions=GP_QUESTIONS,
            )
            services.open_survey(survey)
            for i in range(responses):
                channel = "web" if i % 6 else rng.choice(["paper", "phone"])
                services.submit(
                    survey,
                    _gp_answers(survey, rng),
                    equality=_equality(rng),
                    channel=channel,
                    repeat=channel == "web" and i % 17 == 5,
                )
            db.session.commit()
            yield f"survey {GP_SURVEY} in {slug} ({responses} responses)"
    yield from _load_joint(rng)


def _load_joint(rng: random.Random) -> Iterator[str]:
    sheffield, leeds = _network("sheffield"), _network("leeds")
    if sheffield is None or leeds is None:
        return
    with network_scope(sheffield.id):
        if _existing(AMBULANCE_SURVEY) is not None:
            return
        group = next((g for g in federation.groups_of(sheffield.id) if "Yorkshire" in g.name), None)
        if group is None:
            return
        survey = services.create_survey(
            title=AMBULANCE_SURVEY,
            description="The Yorkshire LINks are asking together about waiting for an ambulance.",
            closes_on=clock.today() + timedelta(days=45),
            theme="access",
            questions=AMBULANCE_QUESTIONS,
        )
        services.open_survey(survey)
        services.run_jointly(survey, working_group_id=group.id)
        db.session.commit()
    _run_pending("survey.joint_copy")  # Leeds gets its copy, as the worker would
    for network, count in ((sheffield, 24), (leeds, 17)):
        with network_scope(network.id):
            survey = _existing(AMBULANCE_SURVEY)
            if survey is None:
                continue
            for _ in range(count):
                services.submit(survey, _ambulance_answers(survey, rng))
            db.session.commit()
    _run_pending("federation.joint_survey_response")  # the federation lane counts them
    yield f"joint survey {AMBULANCE_SURVEY} across {group.name}"
