"""The federation world (a working group with an accepted agreement) for the network side of sharing."""

from tests.federation.conftest import fed  # noqa: F401  (a fixture, shared with tests/federation)
