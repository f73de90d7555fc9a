"""The operator's federation pages (``/operator/federation/...``): pathways, working groups, their
member networks and agreement versions. Found by discovery like any ``views.py``."""
