"""Settings for the products service: `base`, with `test` and `production` on top."""
