"""The control plane: a Django project holding features, routes, stages, audit and shadow diffs."""
