"""Back office for orders: lines inline, totals read-only, ship and cancel actions."""

import re
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from legacy_monolith.ports.ownership import OwnedByServiceAdminMixin, OwnedByServiceMixin
from legacy_monolith.storefront.templatetags.shop import money

from .models import UNSHIPPED_STATUSES, Order, OrderLine, OrderStatus
from .services import OrderNotCancellable, order_cancel, order_mark_shipped

SHIPPED_STATUSES = (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)


class OrderLineInline(OwnedByServiceMixin, admin.TabularInline):
    """Lines can be entered with a new order; afterwards they are the record of the sale."""

    owner_feature, owned_entities = "orders", "Orders"
    model = OrderLine
    fields = ("prod", "qty", "unit_price_cents", "unit_price", "line_total")
    readonly_fields = ("unit_price", "line_total")
    autocomplete_fields = ("prod",)
    extra = 0
    verbose_name_plural = "lines (entering lines here does not change stock)"

    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None and super().has_delete_permission(request, obj)

    @admin.display(description="unit price")
    def unit_price(self, line: OrderLine) -> str:
        return money(line.unit_price_cents) if line.unit_price_cents is not None else "-"

    @admin.display(description="line total")
    def line_total(self, line: OrderLine) -> str:
        if line.qty is None or line.unit_price_cents is None:
            return "-"
        return money(line.line_total_cents)


class OrderAdminForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = ("cust", "status", "ship_addr", "ship_dt")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        status = cleaned.get("status")
        was_unshipped = self.instance.pk is not None and self.instance.is_cancellable
        if status == OrderStatus.CANCELLED and was_unshipped:
            self.add_error(
                "status",
                "Use the “Cancel selected orders and restock” action on the order list, "
                "so the stock is put back.",
            )
        if status in SHIPPED_STATUSES and not cleaned.get("ship_dt"):
            self.add_error("ship_dt", "A shipped or delivered order needs the time it shipped.")
        return cleaned


@admin.register(Order)
class OrderAdmin(OwnedByServiceAdminMixin, admin.ModelAdmin):
    owner_feature, owned_entities = "orders", "Orders"
    form = OrderAdminForm
    list_display = ("id", "cust", "status", "total", "order_dt", "ship_dt")
    list_filter = ("status", "order_dt", "ship_dt")
    search_fields = ("=id", "^cust__username", "^cust__email", "ship_addr")
    search_help_text = (
        "An order number, a postcode, or the start of a customer's username or email."
    )
    list_select_related = ("cust",)
    autocomplete_fields = ("cust",)
    readonly_fields = ("total", "order_dt", "modified_dt")
    fields = ("cust", "status", "ship_addr", "ship_dt", "total", ("order_dt", "modified_dt"))
    inlines = (OrderLineInline,)
    # Orders run to millions of rows: no second COUNT(*) over the whole table per page.
    show_full_result_count = False
    list_per_page = 50
    actions = ("mark_shipped", "cancel_and_restock")

    @admin.display(description="total", ordering="total_cents")
    def total(self, order: Order) -> str:
        return money(order.total_cents)

    def get_search_results(self, request, queryset, search_term):
        """Search one way per kind of term, so a search stays fast with millions of orders.

        A number finds that order, a postcode the orders shipped there, anything else the
        orders of customers whose username or email starts with it. Django's default would OR
        every field for every term and scan the whole order table each time.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(pk=int(term)), False
        if UK_POSTCODE.match(term):
            return queryset.filter(ship_addr__icontains=term), False
        customers = get_user_model().objects.filter(
            Q(username__istartswith=term) | Q(email__istartswith=term)
        )
        return queryset.filter(cust__in=customers.values("pk")), False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        order = form.instance
        lines_total = sum(line.line_total_cents for line in order.lines.all())
        if order.total_cents != lines_total:
            order.total_cents = lines_total
            order.save(update_fields=["total_cents", "modified_dt"])

    @admin.action(description="Mark selected orders as shipped")
    def mark_shipped(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply_to_unshipped(request, queryset, order_mark_shipped, "Marked {} as shipped.")

    @admin.action(description="Cancel selected orders and restock")
    def cancel_and_restock(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply_to_unshipped(
            request, queryset, order_cancel, "Cancelled {} and put the stock back."
        )

    def _apply_to_unshipped(
        self,
        request: HttpRequest,
        queryset: QuerySet[Order],
        service: Callable[..., Order],
        done_message: str,
    ) -> None:
        selected = queryset.count()
        done = 0
        unshipped = queryset.filter(status__in=UNSHIPPED_STATUSES).values_list("pk", flat=True)
        for order_id in unshipped:
            try:
                service(order_id=order_id)
            except OrderNotCancellable:
                continue  # shipped or cancelled by someone else since the page was loaded
            done += 1
        if done:
            self.message_user(request, done_message.format(_orders(done)), messages.SUCCESS)
        if skipped := selected - done:
            self.message_user(
                request,
                f"Skipped {_orders(skipped)} that {'was' if skipped == 1 else 'were'} not "
                "new or on hold (already shipped, delivered or cancelled).",
                messages.WARNING,
            )


def _orders(count: int) -> str:
    return f"{count:,} order{'' if count == 1 else 's'}"
