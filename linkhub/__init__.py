"""LINkHub: hosted platform for Local Involvement Networks."""
