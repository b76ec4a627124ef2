"""Features, their routes and stages, cohorts, the audit log and shadow diffs."""
