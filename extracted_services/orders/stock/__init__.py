"""The port to the products service's stock reservations, its HTTP client and an in-memory fake."""
