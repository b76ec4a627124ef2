"""Account pages: register, log in and out, edit the profile, change the password."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from legacy_monolith import ports
from legacy_monolith.accounts.forms import ProfileForm, RegistrationForm
from legacy_monolith.flags import YesNo
from legacy_monolith.ports.customers import Account, AccountMissing, AccountPending, AccountRejected

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

    def form_valid(self, form):
        # Through the port: once the users service owns passwords, the new hash reaches this
        # shop by reverse sync and the session then asks for the new password.
        try:
            ports.customers().password_change(
                user=form.user,
                current=form.cleaned_data["old_password"],
                new=form.cleaned_data["new_password1"],
            )
        except AccountRejected as exc:
            for field_messages in exc.errors.values():
                form.add_error(None, " ".join(field_messages))
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url)


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("storefront:profile")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = ports.customers().register(**form.registration_data())
        except AccountRejected as exc:
            _add_errors(form, exc)
            return render(
                request,
                "storefront/account/register.html",
                {"form": form, "next": next_url},
                status=400,
            )
        except AccountPending:
            messages.success(request, "Your account is being set up: you can log in in a minute.")
            return redirect("storefront:login")
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
    customers = ports.customers()
    try:
        account = customers.account_get(user=request.user)
    except AccountMissing as exc:
        raise Http404(str(exc)) from None
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial=_initial(account),
    )
    if request.method == "POST" and form.is_valid():
        try:
            customers.account_update(user=request.user, **form.profile_changes())
        except AccountRejected as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Your details have been saved.")
            return redirect("storefront:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "storefront/account/profile.html", {"form": form}, status=status)


def _initial(account: Account) -> dict[str, object]:
    user, profile = account.user, account.profile
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone_no": profile.phone_no,
        "addr": profile.addr,
        "newsletter": profile.newsletter_yn == YesNo.YES,
    }


def _add_errors(form, exc: AccountRejected) -> None:
    """The owner's refusals on the form's own fields (newsletter_yn is the `newsletter` box)."""
    for name, field_messages in exc.errors.items():
        field = "newsletter" if name == "newsletter_yn" else name
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
