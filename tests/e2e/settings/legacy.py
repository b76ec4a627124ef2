"""The monolith's web process under the end-to-end tests: its test settings, with the stages
read from the run's control plane (`STRANGLER_CONTROL_PLANE_URL`) as in production."""

import os

from legacy_monolith.settings.test import *  # noqa: F403

STRANGLER_CONTROL_PLANE_URL = os.environ.get("STRANGLER_CONTROL_PLANE_URL", "")
