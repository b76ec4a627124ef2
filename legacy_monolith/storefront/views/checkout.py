"""Checkout: confirm the delivery address and place the order from the cart."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from legacy_monolith import ports
from legacy_monolith.orders.services import CheckoutError
from legacy_monolith.ports.customers import AccountMissing
from legacy_monolith.ports.orders import InvalidShippingAddress

from ..cart import cart_for
from ..forms import CheckoutForm
from . import AuthenticatedRequest


@login_required
def checkout(request: AuthenticatedRequest) -> HttpResponse:
    cart = cart_for(request)
    dropped = cart.drop_unavailable()
    for name in dropped:
        messages.warning(request, f"{name} is no longer on sale and was removed from your cart.")
    if dropped or cart.is_empty():
        if not dropped:
            messages.info(request, "Your cart is empty: add something before checking out.")
        return redirect("storefront:cart")

    if request.method != "POST":
        form = CheckoutForm(initial={"ship_addr": _saved_address(request)})
        return _render(request, form)

    form = CheckoutForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    try:
        order = ports.orders().order_place(
            customer=request.user,
            quantities=cart.quantities(),
            ship_addr=form.cleaned_data["ship_addr"],
        )
    except InvalidShippingAddress as exc:
        form.add_error("ship_addr", str(exc))
        return _render(request, form, status=400)
    except CheckoutError as exc:
        # Nothing was written: the customer fixes the cart and tries again.
        messages.error(request, str(exc))
        return redirect("storefront:cart")
    cart.clear()
    if order.pk is None:
        # Placed with the orders service; its shop order number follows in a moment.
        messages.success(request, "Thank you! Your order has been placed.")
        return redirect("storefront:order_list")
    messages.success(request, f"Thank you! Your order #{order.pk} has been placed.")
    return redirect("storefront:order_detail", pk=order.pk)


def _saved_address(request: AuthenticatedRequest) -> str:
    try:
        return ports.customers().account_get(user=request.user).profile.addr
    except AccountMissing:
        return ""


def _render(request: HttpRequest, form: CheckoutForm, status: int = 200) -> HttpResponse:
    cart = cart_for(request)
    return render(
        request,
        "storefront/checkout.html",
        {"form": form, "lines": cart.lines(), "total_cents": cart.total_cents()},
        status=status,
    )
