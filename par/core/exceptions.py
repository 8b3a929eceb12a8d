"""Errors raised by action functions; views and the API turn them into messages in the user's language."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401


class ConflictError(Exception):
    """Someone else changed the object since it was read; the caller must reload and retry. `current`, when
    given, is the object as it is now (the API sends it with the refusal, so the caller can check and retry)."""

    def __init__(self, message: str, current: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current


def require(allowed: bool, message: str) -> None:
    """The permission check of an action: raise PermissionDenied with `message` unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)
