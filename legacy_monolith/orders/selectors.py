"""Order reads for the storefront, the API and the admin."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import Order


def order_list_for_customer(*, customer: AbstractBaseUser) -> QuerySet[Order]:
    return Order.objects.filter(cust_id=customer.pk).prefetch_related("lines__prod")


def order_get_for_customer(*, customer: AbstractBaseUser, order_id: int) -> Order:
    """The customer's own order; raises Order.DoesNotExist for anyone else's."""
    return order_list_for_customer(customer=customer).get(pk=order_id)
