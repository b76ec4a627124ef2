"""The users service under the end-to-end tests: its test settings on the run's own broker names."""

from extracted_services.users.settings.test import *  # noqa: F403
from extracted_services.users.settings.test import MESSAGING
from tests.e2e.settings import on_test_broker

MESSAGING = on_test_broker(MESSAGING)
