"""Back office for customers: the auth user with its profile inline, and profiles on their own."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from rest_framework.authtoken.admin import TokenAdmin

from legacy_monolith.ports.ownership import OwnedByServiceAdminMixin, OwnedByServiceMixin

from .models import Profile

User = get_user_model()


def _one_line(addr: str) -> str:
    return ", ".join(part.strip() for part in addr.splitlines() if part.strip())


class ProfileInline(OwnedByServiceMixin, admin.StackedInline):
    owner_feature, owned_entities = "users", "Customers"
    model = Profile
    can_delete = False
    fields = ("phone_no", "addr", "newsletter_yn", "modified_dt")
    readonly_fields = ("modified_dt",)


admin.site.unregister(User)
# DRF's token admin otherwise renders every user in one <select>, which stalls at scale.
TokenAdmin.autocomplete_fields = ("user",)


@admin.register(User)
class CustomerAdmin(OwnedByServiceAdminMixin, UserAdmin):
    owner_feature, owned_entities = "users", "Customers"
    inlines = (ProfileInline,)
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "phone",
        "is_staff",
        "is_active",
        "date_joined",
        "orders",
    )
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        "profile__newsletter_yn",
        "date_joined",
        "last_login",
    )
    search_fields = ("username", "first_name", "last_name", "email", "profile__phone_no")
    list_select_related = ("profile",)
    # Customers run to hundreds of thousands: no second COUNT(*) over the whole table per page.
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="phone", ordering="profile__phone_no")
    def phone(self, user) -> str:
        profile = getattr(user, "profile", None)
        return profile.phone_no if profile else ""

    @admin.display(description="orders")
    def orders(self, user) -> str:
        url = reverse("admin:orders_order_changelist")
        return format_html('<a href="{}?cust__id__exact={}">Orders</a>', url, user.pk)


@admin.register(Profile)
class ProfileAdmin(OwnedByServiceAdminMixin, admin.ModelAdmin):
    owner_feature, owned_entities = "users", "Customer profiles"
    list_display = ("user", "phone_no", "address", "newsletter_yn", "modified_dt")
    list_filter = ("newsletter_yn", "modified_dt")
    search_fields = ("user__username", "user__email", "phone_no", "addr")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    readonly_fields = ("modified_dt",)
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="address", ordering="addr")
    def address(self, profile: Profile) -> str:
        return _one_line(profile.addr)
