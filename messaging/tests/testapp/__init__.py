"""A small app for the messaging tests: a writer aggregate (accounts) and a consumer read model."""
