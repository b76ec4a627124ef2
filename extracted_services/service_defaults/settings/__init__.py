"""Settings every service shares: `base` to star-import, `test` and `production` overrides."""
