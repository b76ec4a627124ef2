"""The legacy JSON API's shapes (legacy_monolith/api/API.md) as the clean vocabulary, and back."""
