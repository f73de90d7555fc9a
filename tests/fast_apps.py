"""One thing that makes a fresh app per test cheap: werkzeug's URL builders, compiled once.

Every test creates its own app, and werkzeug compiles a Python function per URL rule (two per
rule, 500 rules) each time: 0.4-0.7 s of every test's setup. The function depends only on the
rule's text, its defaults and converters, so the same rule in the next app gets the one already
compiled (it takes the rule as its first argument, so sharing it is safe).
"""

from __future__ import annotations

from werkzeug.routing.rules import Rule

_compile_builder = Rule._compile_builder
_builders: dict = {}


def _cached_builder(self, append_unknown: bool = True):
    key = (
        self.rule,
        self.subdomain,
        self.host,
        repr(self._trace),
        tuple(sorted((k, repr(v)) for k, v in (self.defaults or {}).items())),
        tuple((k, type(c).__name__) for k, c in self._converters.items()),
        append_unknown,
    )
    if key not in _builders:
        _builders[key] = _compile_builder(self, append_unknown)
    return _builders[key]


def install() -> None:
    Rule._compile_builder = _cached_builder  # type: ignore[method-assign]
