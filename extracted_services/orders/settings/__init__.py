"""Settings for the orders service: `base` for every environment, `test` and `production` on top."""
