"""Settings of the control plane: `base` for every environment, `test` on top for the test suite."""
