"""The ports' service-client implementations: the extracted services seen through the ACL."""
