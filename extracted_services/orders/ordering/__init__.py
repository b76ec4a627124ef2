"""Orders: the order aggregate, the sagas that place and cancel it, and the API."""
