"""Password reset by e-mail (found by discovery: models, views)."""
