"""A survey in each test network: one question of every type, the equality section, opened and
answered once (so every surveys table has a row in each network)."""

from linkhub.tenants.surveys import services as surveys

QUESTIONS = [
    {"kind": "radios", "title": "How did you hear about us?", "options": ["Leaflet", "Friend", "Online"]},
    {"kind": "checkboxes", "title": "Which services have you used?", "options": ["GP", "A&E", "Pharmacy"]},
    {"kind": "scale", "title": "How easy was it to get an appointment?", "scale_max": 5},
    {"kind": "date", "title": "When did you last see a GP?"},
    {"kind": "text", "title": "Anything else?"},
]


def build(w, network):
    survey = surveys.create_survey(title="GP access survey", equality_section=True, questions=QUESTIONS)
    surveys.open_survey(survey)
    q = {question.position: question for question in survey.questions}
    surveys.submit(
        survey,
        {
            q[1].field: "Friend",
            q[2].field: ["GP", "Pharmacy"],
            q[3].field: "2",
            q[4].field: "2026-01-15",
            q[5].field: "The phone line is always busy.",
        },
        equality={"age_band": "45 to 54"},
    )
    return {"survey_id": survey.id, "question_id": q[1].id, "token": survey.token}
