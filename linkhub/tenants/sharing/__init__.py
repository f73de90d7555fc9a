"""The network's side of federation, inside its walls: share requests, pathway tags, and the
pages and API where staff share, review, approve and withdraw. It reaches federation only through
``linkhub.federation.public`` and hears back through events."""
