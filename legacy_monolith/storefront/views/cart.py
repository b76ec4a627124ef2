"""Cart pages: show the cart, add, change and remove lines, empty it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from legacy_monolith import ports
from legacy_monolith.catalogue.models import Product

from ..cart import MAX_LINE_QUANTITY, cart_for
from ..forms import AddToCartForm, CartQuantityForm
from .catalogue import render_product_detail


def _on_sale_product(pk: int) -> Product:
    try:
        return ports.catalogue().product_get(product_id=pk)
    except Product.DoesNotExist:
        raise Http404("This product does not exist or is no longer on sale.") from None


def cart_detail(request: HttpRequest) -> HttpResponse:
    return render_cart(request)


def render_cart(
    request: HttpRequest,
    *,
    invalid: tuple[int, CartQuantityForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The cart page; `invalid` is a product id and its rejected quantity form."""
    cart = cart_for(request)
    for name in cart.drop_unavailable():
        messages.warning(request, f"{name} is no longer on sale and was removed from your cart.")
    return render(
        request,
        "storefront/cart.html",
        {
            "lines": cart.lines(),
            "total_cents": cart.total_cents(),
            "max_line_quantity": MAX_LINE_QUANTITY,
            "invalid_product_id": invalid[0] if invalid else None,
            "invalid_form": invalid[1] if invalid else None,
        },
        status=status,
    )


@require_POST
def cart_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _on_sale_product(pk)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        return render_product_detail(request, pk=pk, form=form, status=400)
    if not product.in_stock:
        messages.error(request, f"Sorry, {product.prod_name} is out of stock.")
        return redirect("storefront:product_detail", pk=pk)
    cart = cart_for(request)
    before = cart.quantity_of(product_id=pk)
    wanted = before + form.cleaned_data["quantity"]
    held = cart.add(product=product, quantity=form.cleaned_data["quantity"])
    if held < wanted:
        messages.warning(request, _capped_message(product, held))
    else:
        messages.success(request, f"Added {held - before} of {product.prod_name} to your cart.")
    return redirect("storefront:cart")


@require_POST
def cart_update(request: HttpRequest, pk: int) -> HttpResponse:
    cart = cart_for(request)
    if not cart.quantity_of(product_id=pk):
        messages.error(request, "That product is not in your cart.")
        return redirect("storefront:cart")
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        return render_cart(request, invalid=(pk, form), status=400)
    try:
        product = ports.catalogue().product_get(product_id=pk)
    except Product.DoesNotExist:
        cart.remove(product_id=pk)
        messages.warning(
            request, "That product is no longer on sale and was removed from your cart."
        )
        return redirect("storefront:cart")
    wanted = form.cleaned_data["quantity"]
    held = cart.update(product=product, quantity=wanted)
    if held < wanted:
        messages.warning(request, _capped_message(product, held))
    elif held == 0:
        messages.success(request, f"Removed {product.prod_name} from your cart.")
    else:
        messages.success(request, f"Your cart now holds {held} of {product.prod_name}.")
    return redirect("storefront:cart")


@require_POST
def cart_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if cart_for(request).remove(product_id=pk):
        messages.success(request, "Removed the item from your cart.")
    else:
        messages.error(request, "That product is not in your cart.")
    return redirect("storefront:cart")


@require_POST
def cart_clear(request: HttpRequest) -> HttpResponse:
    cart_for(request).clear()
    messages.success(request, "Your cart is now empty.")
    return redirect("storefront:cart")


def _capped_message(product: Product, held: int) -> str:
    if held == 0:
        return f"Sorry, {product.prod_name} is out of stock and was removed from your cart."
    if held == MAX_LINE_QUANTITY and product.qty_on_hand > MAX_LINE_QUANTITY:
        return f"You can buy at most {MAX_LINE_QUANTITY} of one product: your cart holds {held}."
    return f"Only {product.qty_on_hand} of {product.prod_name} left: your cart holds {held}."
