"""The API's OpenAPI schema: one AutoSchema (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) that documents the error
answers every endpoint shares, as par.core.http.api_exception_handler gives them (decisions 0106, 0126):

- 400 invalid input, where the operation reads a body or query parameters, and on every write (an action's
  rule): {"detail": "..."} and/or {"field": ["message", ...]};
- 401 no or a refused credential, 403 refused (a read-only token writing, an action's permission check), on every
  operation that needs a sign-in;
- 404 not found or not visible, where the path names an object;
- 409 a stale `version` or a state that changed meanwhile, on every write: {"detail", "code": "conflict",
  "current"?}.

It also says two things the serializers leave unsaid: an empty optional query parameter means none (as a form
sends it), and a text field that refuses blanks needs at least one character.

Each view documents its own success answer (serializers and extend_schema); nobody repeats these.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

WRITES = {"POST", "PUT", "PATCH", "DELETE"}

ERROR_SCHEMAS: dict[str, dict] = {
    "Error": {
        "type": "object",
        "description": "A refusal: its message in the caller's language.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationError": {
        "type": "object",
        "description": 'Invalid input: {"detail": "..."} for the request as a whole and/or one list of '
        "messages per field at fault.",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
    "Conflict": {
        "type": "object",
        "description": "The object changed since the caller read it (a stale `version`) or its state no longer "
        "allows the action: read it again, then retry. `current` is the object as it is now, when known.",
        "properties": {
            "detail": {"type": "string"},
            # A pattern, not an enum: drf-spectacular would hoist a one-value enum into a component of its own.
            "code": {"type": "string", "pattern": "^conflict$"},
            "current": {"type": "object"},
        },
        "required": ["detail", "code"],
    },
}

ERRORS = {
    "400": ("ValidationError", "Invalid input; nothing was changed."),
    "401": ("Error", "No credential, or one that is expired, revoked or unknown."),
    "403": ("Error", "Refused: the caller may see the object but not do this (or the token is read-only)."),
    "404": ("Error", "Not found, or not visible to the caller (the two look the same)."),
    "409": ("Conflict", "A stale version or a state that changed meanwhile; nothing was changed."),
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, adding the shared error answers where they can occur."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required") and "schema" in parameter:
                # An empty optional parameter (`?state=`) is read as no parameter at all, as HTML forms send it.
                parameter["schema"] = {"anyOf": [parameter["schema"], {"type": "string", "maxLength": 0}]}
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation):
            if code not in responses:
                name, description = ERRORS[code]
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": self._error_component(name)}},
                }
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema.get("format") == "time":
            # OpenAPI's "time" is RFC 3339's, with a UTC offset; the API reads and writes local "hh:mm[:ss]".
            del schema["format"]
            schema["pattern"] = r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
        # A text field that refuses blanks says so, so that "" is known to be invalid input.
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and schema.get("type") == "string"
            and "enum" not in schema
        ):
            schema.setdefault("minLength", 1)
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        # A PATCH body is partial, except for the fields a serializer marks `required_on_patch` (a `version`
        # the action needs): the schema then shows its required fields as required.
        if self.method == "PATCH" and getattr(serializer, "required_on_patch", False):
            self.method = "POST"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def _error_codes(self, operation: dict) -> list[str]:
        params = operation.get("parameters", [])
        signed_in = bool(self.get_auth())
        codes = []
        # The public lookup (no sign-in) reads its parameters leniently: it documents its own answers.
        # A write is refused with 400 by a rule of its action even without a body (issuing an issued plan).
        reads_input = "requestBody" in operation or any(p["in"] == "query" for p in params)
        if signed_in and (reads_input or self.method in WRITES):
            codes.append("400")
        if signed_in:
            codes += ["401", "403"]
        # A path naming an object, or a write whose body names one (a unit, a period): 404 when not visible.
        if any(p["in"] == "path" for p in params) or (signed_in and self.method in WRITES):
            codes.append("404")
        if self.method in WRITES:
            codes.append("409")
        return codes

    def _error_component(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=ERROR_SCHEMAS[name]
        )
        self.registry.register_on_missing(component)
        return component.ref
