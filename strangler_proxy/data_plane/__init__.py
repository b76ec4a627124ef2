"""The data plane: an aiohttp reverse proxy sending each request to legacy or the new service."""
