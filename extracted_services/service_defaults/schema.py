"""OpenAPI description of the bearer-token authentication, for drf-spectacular."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerIdentityScheme(OpenApiAuthenticationExtension):
    target_class = "extracted_services.service_defaults.authentication.BearerIdentityAuthentication"
    name = "bearerIdentity"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Short-lived identity token signed by the proxy or a calling service.",
        }
