"""Settings for the legacy shop: `base` for every environment, `test` and `production` on top."""
