"""Order pages: the customer's history, one order, cancelling an unshipped order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from legacy_monolith import ports
from legacy_monolith.orders.models import Order
from legacy_monolith.orders.services import OrderNotCancellable
from legacy_monolith.ports.listing import Listing

from . import AuthenticatedRequest, ShopPageSizeMixin


class OrderListView(LoginRequiredMixin, ShopPageSizeMixin, ListView):
    template_name = "storefront/order_list.html"
    context_object_name = "orders"

    request: AuthenticatedRequest

    def get_queryset(self) -> Listing[Order]:  # type: ignore[override]
        return ports.orders().orders_for_customer(customer=self.request.user)


def _own_order(request: AuthenticatedRequest, pk: int) -> Order:
    try:
        return ports.orders().order_get(customer=request.user, order_id=pk)
    except Order.DoesNotExist:
        # Someone else's order looks exactly like a missing one.
        raise Http404(f"You have no order #{pk}.") from None


@login_required
def order_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(request, "storefront/order_detail.html", {"order": _own_order(request, pk)})


@login_required
@require_POST
def order_cancel_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        ports.orders().order_cancel(customer=request.user, order_id=pk)
    except Order.DoesNotExist:
        # Someone else's order looks exactly like a missing one.
        raise Http404(f"You have no order #{pk}.") from None
    except OrderNotCancellable as exc:
        messages.error(request, f"{exc}.")
    else:
        messages.success(request, f"Order #{pk} has been cancelled.")
    return redirect("storefront:order_detail", pk=pk)
