"""National "Find your LINk": what a person types -> local authorities -> active networks.

Reads the shipped tables in ``data/`` (source, date and gaps in ``data/README.md``). Matching,
in order, all of which count:
1. a full postcode or a postcode district ("S10 2TN", "s10", "LS6") -> its district's authority;
2. a town in the towns table ("Eccles") -> its authority;
3. the words typed against each network's local authority, name and region, so a LINk whose
   area the tables lack is still found by its authority's or its own name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network

DATA = Path(__file__).parent / "data"
# The outward code of a UK postcode: area letters, district digits (and an optional letter).
OUTWARD = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)(?:\s*[0-9][A-Z]{2})?$")


@lru_cache(maxsize=1)
def districts() -> dict[str, tuple[str, str]]:
    with open(DATA / "postcode_districts.csv", newline="", encoding="utf-8") as f:
        return {row["district"]: (row["local_authority"], row["post_town"]) for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def towns() -> dict[str, str]:
    with open(DATA / "towns.csv", newline="", encoding="utf-8") as f:
        return {row["town"].lower(): row["local_authority"] for row in csv.DictReader(f)}


def outward_code(text: str) -> str | None:
    compact = re.sub(r"\s+", " ", (text or "").strip().upper())
    match = OUTWARD.match(compact)
    if not match:
        return None
    code = match.group(1)
    # "S102TN" without its space: the inward part is the last three characters.
    if " " not in compact and len(compact) >= 5 and OUTWARD.match(compact[:-3] + " " + compact[-3:]):
        code = compact[:-3]
    return code


@dataclass(frozen=True)
class Found:
    network: Network
    why: str


def _norm(text: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", (text or "").lower())
    for word in (" city council", " metropolitan borough council", " borough council", " council", " city of"):
        text = text.replace(word, " ")
    return re.sub(r"\s+", " ", text).strip()


def authority_matches(authority: str, network: Network) -> bool:
    a, b = _norm(authority), _norm(network.local_authority)
    return bool(a and b) and (a == b or b.startswith(a + " ") or a.startswith(b + " "))


def search(query: str) -> tuple[list[Found], str | None]:
    """Networks for what was typed, and the authority it was understood as (or None)."""
    query = (query or "").strip()[:100]
    if not query:
        return [], None
    networks = db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.name)).all()
    authority = None
    why = ""
    code = outward_code(query)
    if code and code in districts():
        authority, town = districts()[code]
        why = f"{code} is a postcode district of {town}, in {authority}"
    elif query.lower() in towns():
        authority = towns()[query.lower()]
        why = f"{query.title()} is in {authority}"
    found: list[Found] = []
    if authority:
        found = [Found(n, why) for n in networks if authority_matches(authority, n)]
    words = _norm(query)
    if words and not code:
        for n in networks:
            if any(f.network.id == n.id for f in found):
                continue
            haystack = " ".join(_norm(x) for x in (n.local_authority, n.name, n.region))
            if words in haystack:
                found.append(Found(n, f"Matches “{query}”"))
    return found, authority
