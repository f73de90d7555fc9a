"""Load the URL's object before the request body is parsed, so another network's id is a 404
even when the body would not validate (a 422 would confirm the id exists elsewhere)."""
from __future__ import annotations

from functools import wraps

from linkhub.platform import routing


def loads(model, arg: str):
    """Replace the ``<arg>`` URL value by the object of the URL's network (or 404); the view gets
    it under the argument's name without ``_id``."""
    name = arg.removesuffix("_id")

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            kwargs[name] = routing.get_or_404(model, kwargs.pop(arg))
            return view(*args, **kwargs)

        return wrapped

    return decorate
