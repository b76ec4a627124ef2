"""URLs of the orders service."""

urlpatterns: list = []
