"""Account pages: register, log in and out, edit the profile, change the password."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from legacy_monolith.accounts.forms import ProfileForm, RegistrationForm
from legacy_monolith.accounts.services import customer_register, customer_update_profile

from . import AuthenticatedRequest


class InvalidFormStatusMixin:
    """Answer a rejected form with 400, so clients and tests can tell it from a plain page."""

    def form_invalid(self, form):
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginView(InvalidFormStatusMixin, auth_views.LoginView):
    template_name = "storefront/account/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link cannot log anyone out."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have been logged out.")
        return response


class PasswordChangeView(
    InvalidFormStatusMixin, SuccessMessageMixin, auth_views.PasswordChangeView
):
    template_name = "storefront/account/password_change.html"
    success_url = reverse_lazy("storefront:profile")
    success_message = "Your password has been changed."


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("storefront:profile")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = customer_register(**form.registration_data())
        login(request, user)
        messages.success(request, f"Welcome, {user.first_name}! Your account is ready.")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect("storefront:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "storefront/account/register.html",
        {"form": form, "next": next_url},
        status=status,
    )


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        customer_update_profile(user=request.user, **form.profile_changes())
        messages.success(request, "Your details have been saved.")
        return redirect("storefront:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "storefront/account/profile.html", {"form": form}, status=status)
