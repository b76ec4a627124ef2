"""OpenAPI description of the bearer-token authentication and of the problem answers."""

from typing import Any

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


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem: what went wrong, for a person and for a program.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"description": "Messages per field of an invalid request."},
    },
    "required": ["type", "title", "status", "detail"],
}
# Answers any operation may give, whatever it declares itself (see problems.py).
COMMON_PROBLEMS = {
    "400": "The request is invalid: `errors` says what is wrong with each field.",
    "401": "No identity token, or one that is forged, expired or meant for someone else.",
    "403": "The caller may not do this.",
    "404": "Nothing at this path, or nothing the caller may see.",
}


def problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every error answer documented as problem+json.

    Views declare their success answers and their own domain errors; the errors every
    operation shares (bad input, authentication, permission, not found) are added here, and
    every error answer gets the problem body it really has.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, description in COMMON_PROBLEMS.items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    response["content"] = problem
    return result
