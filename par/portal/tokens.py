"""The security code printed on the receipt (and carried by its QR link); it is made by the dossiers app.

It protects the rating and opens the fuller lookup: docs/decisions/0082-rating-once-per-dossier.md and
0094-lookup-with-the-receipt-secret.md.
"""

from par.dossiers.public import check_rating_token, rating_token
from par.dossiers.public import lookup_path as lookup_url

__all__ = ["check_rating_token", "lookup_url", "rating_token"]
