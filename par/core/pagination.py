"""The API's one pagination (REST_FRAMEWORK's DEFAULT_PAGINATION_CLASS): limit/offset with bounds (decision 0100).

DRF's LimitOffsetPagination has no largest page and quietly falls back on a bad value: `limit=100000000`
returned every dossier in one answer and `limit=9223372036854775808` overflowed the database (a 500). Here a
page holds at most PAR_API_MAX_PAGE_SIZE rows, and a limit or offset that is not a whole number in range is
answered 400 with a message, never guessed.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

# Far beyond any list this site holds, far below the databases' 64-bit integers.
MAX_OFFSET = 1_000_000_000


def _whole_number(request, name: str, low: int, high: int, message: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValidationError({name: [message % {"low": low, "high": high}]})
    return value


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """?limit=1…PAR_API_MAX_PAGE_SIZE (default PAGE_SIZE) and ?offset=0…MAX_OFFSET; anything else is a 400."""

    @property
    def max_limit(self) -> int:  # read per request, so that a test or a reload of the settings applies
        return settings.PAR_API_MAX_PAGE_SIZE

    def get_limit(self, request):
        limit = _whole_number(
            request,
            self.limit_query_param,
            1,
            self.max_limit,
            _("The page size (limit) must be a whole number from %(low)d to %(high)d."),
        )
        return min(self.default_limit, self.max_limit) if limit is None else limit

    def get_offset(self, request):
        offset = _whole_number(
            request,
            self.offset_query_param,
            0,
            MAX_OFFSET,
            _("The starting row (offset) must be a whole number from %(low)d to %(high)d."),
        )
        return offset or 0

    def get_schema_operation_parameters(self, view):
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"].update({"minimum": 1, "maximum": self.max_limit, "default": self.default_limit})
        offset["schema"].update({"minimum": 0, "maximum": MAX_OFFSET})
        return [limit, offset]
