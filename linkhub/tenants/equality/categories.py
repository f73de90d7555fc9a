"""The equality monitoring questions and answers, from the 2021 Census of England and Wales
(ONS, census day 21 March 2021; question wording and the high-level answer groups the ONS
publishes). Each answer list ends with "Prefer not to say", which is counted but never compared.

Age bands are the census's standard output bands regrouped for a LINk (adults and young people).
Ethnic group uses the five high-level groups (detail would be too small to publish for a LINk).
"""

from __future__ import annotations

PREFER_NOT = ("prefer_not", "Prefer not to say")

QUESTIONS: dict[str, dict] = {
    "age_band": {
        "label": "What is your age?",
        "answers": [
            ("under_16", "Under 16"),
            ("16_24", "16 to 24"),
            ("25_34", "25 to 34"),
            ("35_49", "35 to 49"),
            ("50_64", "50 to 64"),
            ("65_74", "65 to 74"),
            ("75_84", "75 to 84"),
            ("85_over", "85 and over"),
        ],
        "short": "Age",
    },
    "sex": {
        "label": "What is your sex?",
        "answers": [("female", "Female"), ("male", "Male")],
        "short": "Sex",
    },
    "gender_identity": {
        "label": "Is the gender you identify with the same as your sex registered at birth?",
        "answers": [("same", "Yes"), ("different", "No")],
        "short": "Gender identity",
    },
    "sexual_orientation": {
        "label": "Which of the following best describes your sexual orientation?",
        "answers": [
            ("straight", "Straight or heterosexual"),
            ("gay_lesbian", "Gay or lesbian"),
            ("bisexual", "Bisexual"),
            ("other", "Other sexual orientation"),
        ],
        "short": "Sexual orientation",
    },
    "ethnicity": {
        "label": "What is your ethnic group?",
        "answers": [
            ("asian", "Asian, Asian British or Asian Welsh"),
            ("black", "Black, Black British, Black Welsh, Caribbean or African"),
            ("mixed", "Mixed or Multiple ethnic groups"),
            ("white", "White"),
            ("other", "Other ethnic group"),
        ],
        "short": "Ethnic group",
    },
    "religion": {
        "label": "What is your religion?",
        "answers": [
            ("none", "No religion"),
            ("christian", "Christian"),
            ("buddhist", "Buddhist"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other", "Any other religion"),
        ],
        "short": "Religion",
    },
    "disability": {
        "label": (
            "Do you have any physical or mental health conditions or illnesses lasting or expected to last "
            "12 months or more that reduce your ability to carry out day-to-day activities?"
        ),
        "answers": [("a_lot", "Yes, a lot"), ("a_little", "Yes, a little"), ("no", "No")],
        "short": "Disability",
    },
    "carer": {
        "label": (
            "Do you look after, or give any help or support to, anyone because they have long-term physical or "
            "mental health conditions or illnesses, or problems related to old age?"
        ),
        "answers": [("no", "No"), ("yes", "Yes")],
        "short": "Unpaid carer",
    },
    "main_language": {
        "label": "What is your main language?",
        "answers": [("english", "English"), ("other", "Another language")],
        "short": "Main language",
    },
}


def answers(question: str) -> list[tuple[str, str]]:
    return QUESTIONS[question]["answers"] + [PREFER_NOT]


def label(question: str, answer: str) -> str:
    return dict(answers(question)).get(answer, answer)
