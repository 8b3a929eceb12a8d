"""Template filters for what the applicant is handed: the security code of the receipt."""

from django import template

from par.dossiers.public import printed_secret as _printed_secret

register = template.Library()


@register.filter
def printed_secret(code: str) -> str:
    """The dossier's security code as the receipt prints it ("89EAA-5D1AA"), for the applicant's own page."""
    return _printed_secret(code)
