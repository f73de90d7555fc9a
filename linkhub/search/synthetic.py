"""Synthetic published reports for search benchmarks (``linkhub demo reports``): realistic
titles, summaries and bodies about real kinds of care, across the 150 LINks of England (one
per local authority with social services), 2008-2024. Not tenant data: the documents go
straight into the search index and point at report pages that do not exist."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Iterator

from .documents import SearchDocument
from .vocabulary import POWERS, RESPONSE_STATUSES

AUTHORITIES = {
    "North East": "Darlington, Durham, Gateshead, Hartlepool, Middlesbrough, Newcastle, North Tyneside, "
    "Northumberland, Redcar and Cleveland, South Tyneside, Stockton-on-Tees, Sunderland",
    "North West": "Blackburn with Darwen, Blackpool, Bolton, Bury, Cheshire East, Cheshire West and Chester, "
    "Cumbria, Halton, Knowsley, Lancashire, Liverpool, Manchester, Oldham, Rochdale, Salford, "
    "Sefton, St Helens, Stockport, Tameside, Trafford, Warrington, Wigan, Wirral",
    "Yorkshire and the Humber": "Barnsley, Bradford, Calderdale, Doncaster, East Riding of Yorkshire, Hull, "
    "Kirklees, Leeds, North East Lincolnshire, North Lincolnshire, North Yorkshire, "
    "Rotherham, Sheffield, Wakefield, York",
    "East Midlands": "Derby, Derbyshire, Leicester, Leicestershire, Lincolnshire, Northamptonshire, Nottingham, "
    "Nottinghamshire, Rutland",
    "West Midlands": "Birmingham, Coventry, Dudley, Herefordshire, Sandwell, Shropshire, Solihull, Staffordshire, "
    "Stoke-on-Trent, Telford and Wrekin, Walsall, Warwickshire, Wolverhampton, Worcestershire",
    "East of England": "Bedford, Cambridgeshire, Central Bedfordshire, Essex, Hertfordshire, Luton, Norfolk, "
    "Peterborough, Southend-on-Sea, Suffolk, Thurrock",
    "London": "Barking and Dagenham, Barnet, Bexley, Brent, Bromley, Camden, Croydon, Ealing, Enfield, Greenwich, "
    "Hackney, Hammersmith and Fulham, Haringey, Harrow, Havering, Hillingdon, Hounslow, Islington, "
    "Kensington and Chelsea, Kingston upon Thames, Lambeth, Lewisham, Merton, Newham, Redbridge, "
    "Richmond upon Thames, Southwark, Sutton, Tower Hamlets, Waltham Forest, Wandsworth, Westminster",
    "South East": "Bracknell Forest, Brighton and Hove, Buckinghamshire, East Sussex, Hampshire, Isle of Wight, "
    "Kent, Medway, Milton Keynes, Oxfordshire, Portsmouth, Reading, Slough, Southampton, Surrey, "
    "West Berkshire, West Sussex, Windsor and Maidenhead, Wokingham",
    "South West": "Bath and North East Somerset, Bournemouth, Bristol, Cornwall, Devon, Dorset, Gloucestershire, "
    "North Somerset, Plymouth, Poole, Somerset, South Gloucestershire, Swindon, Torbay, Wiltshire",
}
NETWORKS = [
    (re.sub(r"[^a-z]+", "-", name.lower()).strip("-"), name, region)
    for region, names in AUTHORITIES.items()
    for name in names.split(", ")
]
assert len(NETWORKS) == 150  # nosec B101 # constant table check

# service type -> (provider kinds, pathway, topics)
SERVICES = {
    "hospital": (
        ["NHS Foundation Trust", "Teaching Hospitals NHS Trust"],
        None,
        ["discharge planning", "ward cleanliness", "food on wards", "outpatient waiting times"],
    ),
    "ambulance": (
        ["Ambulance Service NHS Trust"],
        "ambulance",
        ["response times in rural areas", "handover delays at A&E", "patient transport"],
    ),
    "mental health": (
        ["Mental Health NHS Trust", "Partnership NHS Foundation Trust"],
        "mental_health",
        ["crisis support at night", "community mental health teams", "inpatient wards"],
    ),
    "gp": (
        ["Medical Practice", "Health Centre"],
        None,
        ["booking appointments by phone", "access for deaf patients", "repeat prescriptions"],
    ),
    "care home": (
        ["Care Home", "Nursing Home"],
        None,
        ["dignity at mealtimes", "activities for residents", "visiting arrangements"],
    ),
    "home care": (
        ["Home Care Ltd", "Care at Home Services"],
        None,
        ["missed and late visits", "continuity of carers", "care plans"],
    ),
    "dental": (["Dental Practice"], None, ["finding an NHS dentist", "children's dental checks"]),
    "pharmacy": (["Pharmacy"], None, ["medicines advice", "opening hours"]),
    "maternity": (["NHS Foundation Trust"], "maternity", ["antenatal care", "support after birth"]),
    "specialist services": (
        ["Teaching Hospitals NHS Trust"],
        "specialist_services",
        ["travel to specialist centres", "waiting for cancer treatment"],
    ),
}
FOUND = [
    "People told us that {topic} was their main concern.",
    "Several residents described {topic} as getting worse over the last year.",
    "Carers said {topic} left them anxious and without information.",
    "Staff were kind, but {topic} depended on who was on shift.",
    "Families praised the staff but raised {topic} again and again.",
    "Older people and disabled people found {topic} hardest of all.",
]
RECOMMEND = [
    "We recommend that {provider} reviews {topic} with patients and carers.",
    "{provider} should publish how it will improve {topic} within six months.",
    "Commissioners should monitor {topic} and report back to the LINk.",
    "The Overview and Scrutiny Committee should look at {topic} at its next meeting.",
]


def reports(
    count: int, seed: int = 2008, start: date = date(2008, 4, 1), end: date = date(2024, 12, 31)
) -> Iterator[SearchDocument]:
    """``count`` reports in publication order (ids ``report:demo-<n>``), reproducible by seed."""
    rnd = random.Random(seed)  # nosec B311 # demo data, not a secret
    span = (end - start).days
    for n in range(count):
        slug, place, region = rnd.choice(NETWORKS)
        service = rnd.choice(list(SERVICES))
        kinds, pathway, topics = SERVICES[service]
        provider = f"{place} {rnd.choice(kinds)}"
        topic = rnd.choice(topics)
        report_type = rnd.choices(["network_report", "enter_and_view", "joint_report"], [6, 3, 1])[0]
        if report_type == "enter_and_view":
            title = f"Enter and view visit to {provider}"
        else:
            title = f"{topic[0].upper()}{topic[1:]}: {service} services in {place}"
        powers = ["enter_and_view"] if report_type == "enter_and_view" else []
        powers += rnd.sample(sorted(set(POWERS) - {"enter_and_view"}), rnd.randint(0, 2))
        body = " ".join(
            [rnd.choice(FOUND).format(topic=topic) for _ in range(rnd.randint(3, 8))]
            + [rnd.choice(RECOMMEND).format(provider=provider, topic=topic) for _ in range(rnd.randint(1, 4))]
        )
        yield SearchDocument(
            doc_id=f"report:demo-{n:07d}",
            kind="report",
            title=title,
            url=f"/reports/demo-{n:07d}",
            published_on=start + timedelta(days=span * n // max(count, 1)),
            summary=f"{place} LINk looked at {topic} in local {service} services.",
            body=body,
            network=slug,
            network_name=f"{place} LINk",
            region=region,
            report_type=report_type,
            providers=[provider],
            service_types=[service],
            pathway=pathway,
            powers=sorted(set(powers)),
            response_status=rnd.choice(list(RESPONSE_STATUSES)) if powers else "not_required",
        )
