"""The orchestrated sagas that place and cancel orders, persisted step by step so they survive crashes.

Placement: reserve stock -> confirm the reservation -> order placed. When the products service
says no, or cannot be reached before the placement deadline, the saga compensates: the order is
rejected with the reason and the reservation (if any) is released. Cancellation: the order is
cancelled at once, then its stock is released, retried until the products service takes it back.
"""

from .runner import saga_run, sagas_resume_due

__all__ = ["saga_run", "sagas_resume_due"]
