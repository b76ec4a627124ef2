"""The strangler proxy: an async data plane in front of legacy and services, and a control plane."""
