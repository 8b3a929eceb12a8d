"""Load the demo: Thanh Hóa's units (current and legacy, with lineage), the working calendar, and one user per role."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from par.accounts import actions as account_actions
from par.accounts.models import Membership, Role, User
from par.demo.loaders import demo_loaders
from par.orgunits.models import Unit, UnitKind

DEMO_PASSWORD = "demo-par-2026"  # noqa: S105 - printed on purpose: demo accounts only

# (username, full name, job title, unit key, role)
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", "Quản trị", "province", None),
    ("cchc.tinh", "Lê Thị Lan", "Chuyên viên Phòng CCHC, Sở Nội vụ", "province", Role.PAR_OFFICER),
    ("gd.sotuphap", "Nguyễn Văn Hùng", "Giám đốc Sở Tư pháp", "justice", Role.UNIT_HEAD),
    ("cv.sotuphap", "Trần Thị Mai", "Chuyên viên Sở Tư pháp", "justice", Role.UNIT_OFFICER),
    ("canbo.bimson", "Lê Văn Hải", "Công chức văn phòng phường Bỉm Sơn", "ward", Role.UNIT_OFFICER),
    ("motcua.bimson", "Đỗ Thị Hoa", "Công chức một cửa phường Bỉm Sơn", "ward", Role.ONE_STOP_CLERK),
    ("xuly.bimson", "Vũ Minh Tuấn", "Công chức xử lý hồ sơ phường Bỉm Sơn", "ward", Role.PROCESSING_OFFICER),
    ("ct.bimson", "Phạm Văn Nam", "Chủ tịch UBND phường Bỉm Sơn", "ward", Role.SIGNING_LEADER),
    ("thamdinh", "Hoàng Văn Bình", "Thành viên Hội đồng thẩm định", "home_affairs", Role.APPRAISER),
    ("thanhtra", "Ngô Thị Thu", "Thanh tra tỉnh", "province", Role.AUDITOR),
]


class Command(BaseCommand):
    help = "Load the demo province (default: Thanh Hóa, code 38) with its units, calendar and demo users."

    def add_arguments(self, parser):
        parser.add_argument("--province", default=settings.PAR_DEMO_PROVINCE)

    def handle(self, *args, province: str, **options):
        # Demo data notifies demo users (e.g. a petition routed to a unit); those e-mails are kept, not sent.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("load_units", province=province, stdout=self.stdout)
        call_command("seed_calendar", stdout=self.stdout)
        call_command("load_demo_procedures", stdout=self.stdout)
        units = self._demo_units(province)
        with transaction.atomic():
            created = self._users(units)
        # Each app's demo data, found in the app itself, after the apps whose data it reads (decision 0118).
        for _label, module in demo_loaders():
            module.load_demo(units, stdout=self.stdout)
        self._print_logins(created)

    def _demo_units(self, province_code: str) -> dict[str, Unit]:
        today = dt.date.today()
        current = Unit.objects.as_of(today)
        try:
            province = current.get(code=province_code, kind=UnitKind.PROVINCE)
        except Unit.DoesNotExist as exc:
            raise CommandError(f"Province {province_code} was not loaded") from exc
        below = current.filter(path__startswith=province.path)

        def pick(kind: str, name_contains: str) -> Unit:
            unit = below.filter(kind=kind, name__icontains=name_contains).order_by("path").first()
            return unit or below.filter(kind=kind).order_by("path").first() or province

        return {
            "province": province,
            "justice": pick(UnitKind.DEPARTMENT, "Tư pháp"),
            "home_affairs": pick(UnitKind.DEPARTMENT, "Nội vụ"),
            "ward": pick(UnitKind.WARD, "Bỉm Sơn"),
        }

    def _users(self, units: dict[str, Unit]) -> list[tuple[str, str, str, str]]:
        rows = []
        for username, full_name, job_title, unit_key, role in DEMO_USERS:
            unit = units[unit_key]
            user = User.objects.filter(username=username).first()
            if user is None:
                user = account_actions.do_create_user(
                    username=username,
                    password=DEMO_PASSWORD,
                    full_name=full_name,
                    job_title=job_title,
                    email=f"{username}@demo.thanhhoa.gov.vn",
                    is_staff=role is None,
                    is_superuser=role is None,
                    actor=None,
                )
            if role and not Membership.objects.filter(user=user, unit=unit, role=role).exists():
                account_actions.do_grant_membership(user, unit, role, actor=None, reason="Dữ liệu demo")
            label = str(Role(role).label) if role else "Quản trị hệ thống"
            rows.append((username, full_name, label, unit.name))
        return rows

    def _print_logins(self, rows) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        width = max(len(r[0]) for r in rows)
        for username, full_name, role, unit in rows:
            self.stdout.write(f"  {username.ljust(width)}  {full_name} · {role} · {unit}")
        self.stdout.write("")
