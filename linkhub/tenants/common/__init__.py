"""The tenant kernel: what every domain inside a network's walls may use, importing no domain.

Organisations the network deals with, e-mail through the outbox, the deadline registry, form and
page helpers and shared validators. Domains import this package; it imports only the platform,
so domains never import each other in circles to reach a helper (see docs/architecture.md).
"""
