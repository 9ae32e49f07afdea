"""Who appears where: each true person is a customer of 1–4 systems, chosen by culture,
residence and employment, and sometimes appears more than once in one system (a
duplicate CRM contact, several orders, several tickets).

The result is, per source, the ordered list of (person, copy number) the source's
renderer turns into records; how each copy is damaged is the renderer's business.
"""

from __future__ import annotations

import random

from datagen.population import Person
from datagen.rng import picker
from datagen.specs import SOURCES

B2B = frozenset(("salesforce", "hubspot", "zoho_crm", "fxiaoke"))

# Relative chance of being a customer of each system.
_AFFINITY: dict[str, dict[str, float]] = {
    "cn_home": {"fxiaoke": 5, "taobao": 5, "zoho_crm": 2.5, "feedback": 2.5, "salesforce": 1.5,
                "shopify": 1.5, "hubspot": 1},
    "cn_abroad": {"fxiaoke": 1, "taobao": 2, "zoho_crm": 1.5, "feedback": 2, "salesforce": 2.5,
                  "shopify": 4, "hubspot": 3},
    "western_home": {"salesforce": 4, "hubspot": 4, "shopify": 4, "zoho_crm": 2, "feedback": 2,
                     "fxiaoke": 0.3, "taobao": 0.1},
    "western_in_cn": {"salesforce": 3, "hubspot": 2, "shopify": 2, "zoho_crm": 2, "feedback": 2,
                      "fxiaoke": 2, "taobao": 1.5},
}
_N_SOURCES = picker([(1, 35), (2, 35), (3, 20), (4, 10)])
_ORDERS = picker([(1, 55), (2, 25), (3, 12), (4, 5), (5, 3)])
_TICKETS = picker([(1, 80), (2, 15), (3, 5)])
P_CRM_DUPLICATE = 0.06


def _profile(p: Person) -> str:
    if p.culture == "cn":
        return "cn_home" if p.country == "CN" else "cn_abroad"
    return "western_in_cn" if p.country == "CN" else "western_home"


def choose_sources(rng: random.Random, p: Person) -> list[str]:
    """1–4 distinct systems, weighted without replacement, in SOURCES order."""
    weights = dict(_AFFINITY[_profile(p)])
    employed = p.company is not None
    for s in B2B:
        weights[s] *= 1.5 if employed else 0.5
    chosen: list[str] = []
    for _ in range(_N_SOURCES.pick(rng)):
        names = [s for s in SOURCES if s not in chosen]
        total = sum(weights[s] for s in names)
        r = rng.random() * total
        for s in names:
            r -= weights[s]
            if r < 0:
                break
        chosen.append(s)
    return [s for s in SOURCES if s in chosen]


def copies(rng: random.Random, source: str) -> int:
    if source in ("shopify", "taobao"):
        return _ORDERS.pick(rng)
    if source == "feedback":
        return _TICKETS.pick(rng)
    return 2 if rng.random() < P_CRM_DUPLICATE else 1


def plan_mentions(rng: random.Random, people: list[Person]) -> dict[str, list[tuple[Person, int]]]:
    plan: dict[str, list[tuple[Person, int]]] = {s: [] for s in SOURCES}
    for p in people:
        for s in choose_sources(rng, p):
            for k in range(copies(rng, s)):
                plan[s].append((p, k))
    return plan
