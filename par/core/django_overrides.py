"""Messages from Django itself whose Vietnamese translation is missing upstream (Django 5.2 changed the msgid).

Marked here so `makemessages` keeps them in par/locale, which takes precedence over Django's catalogue.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
