"""The legacy JSON API under /api/ for the "mobile app" clients; see API.md."""
