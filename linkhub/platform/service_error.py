"""The error a service raises for a request it refuses (in its own module so that the input
checks in :mod:`linkhub.platform.validation` can raise one without importing the services)."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refuses: ``status`` is the HTTP status it maps to."""

    def __init__(self, message: str, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field
