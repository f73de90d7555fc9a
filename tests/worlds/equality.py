"""Equality monitoring in each test network: one consented response and a population share."""

from linkhub.tenants.equality import services as equality


def build(w, network):
    equality.record_response({"age_band": "75_84", "carer": "yes"}, consent=True, source="feedback")
    equality.set_population("age_band", {"75_84": 8.0, "25_34": 14.0}, "Census 2021, ONS (test figures)")
    return {}
