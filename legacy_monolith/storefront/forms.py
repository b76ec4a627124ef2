"""Storefront forms: cart quantities and the checkout address."""

from django import forms

from legacy_monolith.accounts.forms import address_field, tidy_address

from .cart import MAX_LINE_QUANTITY


class AddToCartForm(forms.Form):
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_LINE_QUANTITY,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "qty"}),
    )


class CartQuantityForm(forms.Form):
    """A new quantity for a cart line; 0 removes the line."""

    quantity = forms.IntegerField(
        min_value=0,
        max_value=MAX_LINE_QUANTITY,
        widget=forms.NumberInput(attrs={"class": "qty"}),
    )


class CheckoutForm(forms.Form):
    ship_addr = address_field(required=True, label="Deliver to")

    def clean_ship_addr(self) -> str:
        return tidy_address(self.cleaned_data["ship_addr"])
