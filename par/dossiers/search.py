"""Staff search: a dossier by its code, the applicant's name, ID number or phone (decision 0116).

The name is matched on `Dossier.applicant_folded` (lower case, no diacritics, đ → d), every word of the query
within it, so "nguyen van an", "NGUYỄN văn" and "van an" all find "Nguyễn Văn An". A query with a digit (a
code, an ID number, a phone: names have none) is matched as a prefix of those three instead. On PostgreSQL
each condition is answered from an index (migration 0007); the caller scopes the queryset to what the user
may see first.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from par.core.text import search_key

DIGIT = re.compile(r"[0-9]")
MAX_WORDS = 6


def search(queryset: QuerySet, text: str) -> QuerySet:
    """The dossiers of `queryset` that match `text`; all of them for an empty query."""
    raw = " ".join((text or "").split())
    if not raw:
        return queryset
    if DIGIT.search(raw):
        # Codes are upper case ("38.SNV-261109-0001"); ID numbers and phones are digits, typed with spaces.
        number = raw.replace(" ", "").upper()
        return queryset.filter(
            Q(code__startswith=number)
            | Q(applicant_id_number__startswith=number)
            | Q(applicant_phone__startswith=number)
        )
    name = Q()
    for word in search_key(raw).split()[:MAX_WORDS]:
        name &= Q(applicant_folded__contains=word)
    return queryset.filter(name)
