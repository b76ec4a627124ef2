"""Settings for the users service: `base`, with `test` and `production` on top."""
