"""Customer forms: registration and profile editing, validated before the services write."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.core.validators import RegexValidator

from legacy_monolith.flags import YesNo

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,32}$",
    "Enter a phone number using digits, spaces, brackets, dashes and an optional leading +.",
)


def address_field(*, required: bool, label: str = "Address") -> forms.CharField:
    """A textarea for the legacy address blob."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One line per part: house and street, town, postcode, country.",
    )


def tidy_address(raw: str) -> str:
    """The address blob with one non-blank, trimmed part per line."""
    # The legacy blob keeps one part per line; blank lines and stray spaces carry nothing.
    return "\n".join(line.strip() for line in raw.splitlines() if line.strip())


def _check_email_free(email: str, *, exclude: AbstractBaseUser | None = None) -> str:
    others = get_user_model().objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise forms.ValidationError("An account with this email address already exists.")
    return email


class RegistrationForm(UserCreationForm):
    """Username, email, password twice, name, address and phone of a new customer."""

    email = forms.EmailField(required=True)
    first_name = forms.CharField(max_length=150, required=True)
    last_name = forms.CharField(max_length=150, required=True)
    addr = address_field(required=True)
    phone_no = forms.CharField(
        label="Phone", max_length=32, required=False, validators=[phone_validator]
    )

    class Meta:
        model = get_user_model()
        fields = ("username", "email", "first_name", "last_name")
        field_classes = {"username": UsernameField}

    def clean_email(self) -> str:
        return _check_email_free(self.cleaned_data["email"])

    def clean_addr(self) -> str:
        return tidy_address(self.cleaned_data["addr"])

    def registration_data(self) -> dict[str, str]:
        """Keyword arguments for accounts.services.customer_register."""
        data = self.cleaned_data
        return {
            "username": data["username"],
            "email": data["email"],
            "password": data["password1"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "addr": data["addr"],
            "phone_no": data["phone_no"],
        }


class ProfileForm(forms.Form):
    """The fields a customer may edit about themselves."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    phone_no = forms.CharField(
        label="Phone", max_length=32, required=False, validators=[phone_validator]
    )
    addr = address_field(required=False)
    newsletter = forms.BooleanField(label="Send me the newsletter", required=False)

    def __init__(self, *args, user: AbstractUser, **kwargs):
        self.user = user
        profile = getattr(user, "profile", None)
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "phone_no": profile.phone_no if profile else "",
                "addr": profile.addr if profile else "",
                "newsletter": bool(profile and profile.newsletter_yn == YesNo.YES),
            },
        )
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return _check_email_free(self.cleaned_data["email"], exclude=self.user)

    def clean_addr(self) -> str:
        return tidy_address(self.cleaned_data["addr"])

    def profile_changes(self) -> dict[str, str]:
        """Keyword arguments for accounts.services.customer_update_profile."""
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "phone_no": data["phone_no"],
            "addr": data["addr"],
            "newsletter_yn": YesNo.YES if data["newsletter"] else YesNo.NO,
        }
