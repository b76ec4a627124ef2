"""Every service's OpenAPI schema checked against the running service with schemathesis."""
