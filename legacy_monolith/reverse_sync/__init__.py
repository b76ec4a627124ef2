"""Reverse sync: the extracted services' events written into the legacy tables, echo-free."""
