"""The correspondence log of a LINk."""
