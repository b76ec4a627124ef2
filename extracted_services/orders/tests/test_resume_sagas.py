"""`manage.py resume_sagas` and its Celery task finish what was left waiting."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from extracted_services.orders.ordering.models import Order, OrderStatus
from extracted_services.orders.ordering.tasks import resume_sagas

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("resume_sagas", *args, stdout=out)
    return out.getvalue()


@override_settings(ORDERS={"SAGA_RETRY_BASE_SECONDS": 0})
def test_the_command_lists_waiting_sagas_then_finishes_them(api_stock, place, teapot):
    api_stock.down = True
    order = place({teapot: 1})

    listing = run("--list")
    assert str(order.id) in listing
    assert "reserve_stock" in listing and "products service is down" in listing

    api_stock.down = False
    assert run() == "resumed 1 saga(s): 1 succeeded\n"
    assert Order.objects.get(pk=order.id).status == OrderStatus.PLACED
    assert run("--list") == "no unfinished sagas\n"
    assert run() == "resumed 0 saga(s): none due\n"


@override_settings(ORDERS={"SAGA_RETRY_BASE_SECONDS": 0})
def test_the_celery_task_resumes_due_sagas(api_stock, place, teapot):
    api_stock.down = True
    order = place({teapot: 1})
    api_stock.down = False

    assert resume_sagas.apply().get() == "1 succeeded"
    assert Order.objects.get(pk=order.id).status == OrderStatus.PLACED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "0"], "--limit must be at least 1"),
        (["--loop", "0"], "--loop needs a positive number of seconds"),
    ],
)
def test_bad_options_are_refused_saying_what_to_fix(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
