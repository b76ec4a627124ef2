"""Order pages: the customer's history, one order, cancelling an unshipped order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from legacy_monolith.orders.models import Order
from legacy_monolith.orders.selectors import order_get_for_customer, order_list_for_customer
from legacy_monolith.orders.services import OrderNotCancellable, order_cancel

from . import AuthenticatedRequest, ShopPageSizeMixin


class OrderListView(LoginRequiredMixin, ShopPageSizeMixin, ListView):
    template_name = "storefront/order_list.html"
    context_object_name = "orders"

    request: AuthenticatedRequest

    def get_queryset(self) -> QuerySet[Order]:
        return order_list_for_customer(customer=self.request.user)


def _own_order(request: AuthenticatedRequest, pk: int) -> Order:
    try:
        return order_get_for_customer(customer=request.user, order_id=pk)
    except Order.DoesNotExist:
        # Someone else's order looks exactly like a missing one.
        raise Http404(f"You have no order #{pk}.") from None


@login_required
def order_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(request, "storefront/order_detail.html", {"order": _own_order(request, pk)})


@login_required
@require_POST
def order_cancel_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    order = _own_order(request, pk)
    try:
        order_cancel(order_id=order.pk)
    except OrderNotCancellable as exc:
        messages.error(request, f"{exc}.")
    else:
        messages.success(request, f"Order #{order.pk} has been cancelled.")
    return redirect("storefront:order_detail", pk=order.pk)
