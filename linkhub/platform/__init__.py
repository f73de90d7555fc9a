"""The hosted core (see docs/architecture.md)."""

from .validation import install_parser, install_session_guard

# Before any API module declares its arguments: every body is checked for control characters;
# and no flush writes one (linkhub/platform/validation.py).
install_parser()
install_session_guard()
