"""End-to-end tests across the monolith and the extracted services, each in its own processes."""
