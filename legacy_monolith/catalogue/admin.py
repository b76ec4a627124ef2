"""Back office for the catalogue: categories, products and the product actions."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from legacy_monolith.flags import YesNo
from legacy_monolith.ports.ownership import OwnedByServiceAdminMixin
from legacy_monolith.storefront.templatetags.shop import LOW_STOCK_THRESHOLD, money

from .models import Category, Product
from .services import (
    MAX_RESTOCK_QUANTITY,
    ProductChangeError,
    product_activate,
    product_deactivate,
    product_restock,
)

RESTOCK_PREVIEW_SIZE = 20


@admin.register(Category)
class CategoryAdmin(OwnedByServiceAdminMixin, admin.ModelAdmin):
    owner_feature, owned_entities = "products", "Categories"
    list_display = ("cat_name", "slug", "visible_yn", "sort_order", "product_count")
    list_filter = ("visible_yn",)
    search_fields = ("cat_name", "slug")
    prepopulated_fields = {"slug": ("cat_name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description="products", ordering="product_count")
    def product_count(self, category: Category) -> int:
        return category.product_count  # type: ignore[attr-defined]


class StockLevelFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [
            ("out", "Out of stock"),
            ("low", f"Low (1 to {LOW_STOCK_THRESHOLD})"),
            ("in", f"More than {LOW_STOCK_THRESHOLD}"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "out":
            return queryset.filter(qty_on_hand__lte=0)
        if self.value() == "low":
            return queryset.filter(qty_on_hand__gte=1, qty_on_hand__lte=LOW_STOCK_THRESHOLD)
        if self.value() == "in":
            return queryset.filter(qty_on_hand__gt=LOW_STOCK_THRESHOLD)
        return queryset


class RestockForm(forms.Form):
    quantity = forms.IntegerField(
        label="Units to add",
        min_value=1,
        max_value=MAX_RESTOCK_QUANTITY,
        help_text="Added to the stock on hand of every selected product.",
    )


@admin.register(Product)
class ProductAdmin(OwnedByServiceAdminMixin, admin.ModelAdmin):
    owner_feature, owned_entities = "products", "Products"
    list_display = (
        "prod_code",
        "prod_name",
        "cat",
        "price",
        "qty_on_hand",
        "active_yn",
        "modified_dt",
    )
    list_display_links = ("prod_code", "prod_name")
    list_filter = ("active_yn", StockLevelFilter, "cat", "created_dt", "modified_dt")
    search_fields = ("prod_code", "prod_name")
    list_select_related = ("cat",)
    autocomplete_fields = ("cat",)
    readonly_fields = ("price", "created_dt", "modified_dt")
    fields = (
        "prod_code",
        "prod_name",
        "cat",
        "descr",
        ("price_cents", "price"),
        "qty_on_hand",
        "active_yn",
        ("created_dt", "modified_dt"),
    )
    # The product table can be large: no second COUNT(*) over the whole table per page.
    show_full_result_count = False
    list_per_page = 50
    actions = ("deactivate", "activate", "restock")

    @admin.display(description="price", ordering="price_cents")
    def price(self, product: Product) -> str:
        return money(product.price_cents) if product.price_cents is not None else "-"

    @admin.action(description="Deactivate selected products (take off sale)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._set_on_sale(request, queryset, YesNo.NO, product_deactivate)

    @admin.action(description="Activate selected products (put on sale)")
    def activate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._set_on_sale(request, queryset, YesNo.YES, product_activate)

    @admin.action(description="Restock selected products…")
    def restock(self, request: HttpRequest, queryset: QuerySet[Product]) -> TemplateResponse | None:
        form = RestockForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._restock(request, queryset, form.cleaned_data["quantity"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Restock products",
            "opts": self.model._meta,
            "form": form,
            "products": queryset[:RESTOCK_PREVIEW_SIZE],
            "product_count": queryset.count(),
            "select_across": request.POST.get("select_across") == "1",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalogue/product/restock.html", context)

    def _restock(self, request: HttpRequest, queryset: QuerySet[Product], quantity: int) -> None:
        restocked = 0
        for product_id in queryset.values_list("pk", flat=True).iterator():
            try:
                product_restock(product_id=product_id, quantity=quantity)
            except (ProductChangeError, Product.DoesNotExist) as error:
                self.message_user(request, f"Product {product_id}: {error}", messages.ERROR)
                continue
            restocked += 1
        self.message_user(
            request,
            f"Added {quantity:,} units to the stock of {_products(restocked)}.",
            messages.SUCCESS,
        )

    def _set_on_sale(
        self,
        request: HttpRequest,
        queryset: QuerySet[Product],
        active_yn: str,
        service: Callable[..., Product],
    ) -> None:
        selected = queryset.count()
        changed = 0
        for product_id in queryset.exclude(active_yn=active_yn).values_list("pk", flat=True):
            service(product_id=product_id)
            changed += 1
        done, state = (
            ("Activated", "active") if active_yn == YesNo.YES else ("Deactivated", "inactive")
        )
        parts = [f"{done} {_products(changed)}."] if changed else []
        if unchanged := selected - changed:
            verb = "was" if unchanged == 1 else "were"
            parts.append(f"{_products(unchanged)} {verb} already {state} and left unchanged.")
        message = " ".join(parts)
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)


def _products(count: int) -> str:
    return f"{count:,} product{'' if count == 1 else 's'}"
