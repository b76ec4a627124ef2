"""Settings modules for provider verification: each provider's test settings plus the state endpoint."""
