"""Admit a province to this national deployment and print its token once (it is stored only hashed)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from par.sync.actions import do_add_receiving_province


class Command(BaseCommand):
    help = "Admit a province whose pushes this national deployment accepts; prints the province's token once."

    def add_arguments(self, parser):
        parser.add_argument("code", help="The province's code, e.g. 38.")
        parser.add_argument("name", help="The province's name.")

    def handle(self, *args, code, name, **options):
        try:
            _province, token = do_add_receiving_province(code=code, name=name, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(token)
