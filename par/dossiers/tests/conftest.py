"""Fixtures of the dossier tests: a seeded calendar, two procedures and the one-stop personas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from par.core.testing import make_person as _person

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=9, minute=0) -> dt.datetime:
    """A moment in Vietnamese local time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


NOW = at(2026, 11, 9, 16, 0)  # Monday 09/11/2026, 16:00: after the morning filings of most tests


@pytest.fixture
def national(db, time_machine):
    """The national calendar seeded for 2025 and 2026, and the clock stopped at NOW.

    An action or a page given no moment of its own acts "now", and the calendar knows only 2025 and 2026: on the
    real clock such a test would fail from 2027 on (OutsideCalendarError) or on a holiday. Tests that need
    another moment move the clock themselves (`time_machine.move_to`)."""
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year

    time_machine.move_to(NOW, tick=False)
    calendar, _ = do_ensure_national_calendar(actor=None)
    for year in (2025, 2026):
        do_seed_calendar_year(calendar, year, actor=None)
    return calendar


def _steps(*rows):
    from par.catalog.actions import StepInput

    return [StepInput(name=n, actor=a, days=Decimal(str(d))) for n, a, d in rows]


def _documents(*names):
    from par.catalog.actions import DocumentInput

    return [DocumentInput(name=n, originals=1, copies=0, form_template="") for n in names]


@pytest.fixture
def procedures(people, national):
    """Đăng ký khai sinh (commune, 3 legal / 2 committed days, half-day steps) and a provincial
    inter-agency procedure (10 / 6 days, a step at another agency)."""
    from par.catalog.actions import do_add_version, do_create_procedure
    from par.catalog.models import Field

    field = Field.objects.create(code="HT", name="Hộ tịch")
    admin = people.admin
    birth = do_create_procedure(
        data={
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": field,
            "at_commune": True,
            "responsible_kind": "commune_committee",
            "result": "Giấy khai sinh",
        },
        actor=admin,
    )
    do_add_version(
        birth,
        data={
            "valid_from": dt.date(2024, 1, 1),
            "legal_days": Decimal(3),
            "committed_days": Decimal(2),
            "online_level": "full",
        },
        steps=_steps(
            ("Tiếp nhận hồ sơ", "reception", 0.5),
            ("Thẩm định", "specialist", 1),
            ("Lãnh đạo ký", "leader", 0.5),
        ),
        documents=_documents("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"),
        actor=admin,
    )
    record = do_create_procedure(
        data={
            "code": "2.000488",
            "name": "Cấp Phiếu lý lịch tư pháp",
            "field": field,
            "at_province": True,
            "responsible_kind": "department",
            "result": "Phiếu lý lịch tư pháp",
        },
        actor=admin,
    )
    do_add_version(
        record,
        data={
            "valid_from": dt.date(2024, 1, 1),
            "legal_days": Decimal(10),
            "committed_days": Decimal(6),
            "online_level": "partial",
        },
        steps=_steps(
            ("Tiếp nhận hồ sơ", "reception", 0.5),
            ("Tra cứu, xác minh", "specialist", 2),
            ("Xác minh tại cơ quan công an", "other_agency", 3),
            ("Lãnh đạo ký", "leader", 0.5),
        ),
        documents=_documents("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp căn cước"),
        actor=admin,
    )
    # The inter-agency step of the criminal record goes to Home Affairs (a stand-in for the police) for every
    # receiving unit.
    from par.catalog.routes import do_add_inter_agency_route
    from par.orgunits.models import Unit

    do_add_inter_agency_route(
        record, agency=Unit.objects.get(code="38.SNV"), valid_from=dt.date(2024, 1, 1), actor=admin
    )
    birth.refresh_from_db()
    record.refresh_from_db()
    return SimpleNamespace(birth=birth, record=record)


@pytest.fixture
def staff(people, units):
    """One-stop personas: the ward's clerk (from `people`), officer and leader; the department's clerk,
    officer and leader; Home Affairs' officer (the other agency of inter-agency steps)."""
    from par.accounts.models import Role

    return SimpleNamespace(
        ward_clerk=people.ward_clerk,
        other_ward_clerk=people.other_ward_clerk,
        ward_officer=_person("an", "Lê Văn An", [(units.ward_bim_son, Role.PROCESSING_OFFICER)]),
        ward_officer_2=_person("ha", "Phạm Thu Hà", [(units.ward_bim_son, Role.PROCESSING_OFFICER)]),
        ward_leader=_person("son", "Trịnh Văn Sơn", [(units.ward_bim_son, Role.SIGNING_LEADER)]),
        justice_clerk=_person("linh", "Mai Thùy Linh", [(units.justice, Role.ONE_STOP_CLERK)]),
        justice_officer=_person("duc", "Cao Minh Đức", [(units.justice, Role.PROCESSING_OFFICER)]),
        justice_leader=_person("thanh", "Lý Văn Thành", [(units.justice, Role.SIGNING_LEADER)]),
        home_affairs_officer=_person("yen", "Đặng Hải Yến", [(units.home_affairs, Role.PROCESSING_OFFICER)]),
        outsider=people.outsider,
    )


def checklist_ids(d) -> list[int]:
    """Every required document of the dossier's procedure version: the clerk checks them all off."""
    return list(d.procedure_version.documents.values_list("pk", flat=True))


@pytest.fixture
def file_birth(units, procedures, staff):
    """`file_birth(when)` files and receives a birth registration at Phường Bỉm Sơn at `when`."""
    from par.dossiers.actions import Applicant, do_file_dossier, do_receive_complete

    def _file(when, *, receive=True, channel="counter", name="Nguyễn Văn An"):
        actor = None if channel == "online" else staff.ward_clerk
        d = do_file_dossier(
            unit=units.ward_bim_son,
            procedure=procedures.birth,
            applicant=Applicant(name=name, id_number="038090001234", phone="0912345678"),
            channel=channel,
            actor=actor,
            at=when,
        )
        if receive:
            d = do_receive_complete(
                d, expected_version=d.version, actor=staff.ward_clerk, at=when, checked=checklist_ids(d)
            )
        return d

    return _file


MARRIAGE_DOCUMENTS = (
    "Tờ khai đăng ký kết hôn",
    "Giấy xác nhận tình trạng hôn nhân",
    "Căn cước của bên nam",
    "Căn cước của bên nữ",
)


@pytest.fixture
def marriage(people, national):
    """Đăng ký kết hôn at commune level (3 legal / 2 committed days), four required documents, and a process
    that ends, as real ones do, with the desk's "return the result" step."""
    from par.catalog.actions import do_add_version, do_create_procedure
    from par.catalog.models import Field

    field, _ = Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    procedure = do_create_procedure(
        data={
            "code": "1.000894",
            "name": "Đăng ký kết hôn",
            "field": field,
            "at_commune": True,
            "responsible_kind": "commune_committee",
            "result": "Giấy chứng nhận kết hôn",
        },
        actor=people.admin,
    )
    do_add_version(
        procedure,
        data={
            "valid_from": dt.date(2024, 1, 1),
            "legal_days": Decimal(3),
            "committed_days": Decimal(2),
            "online_level": "partial",
        },
        steps=_steps(
            ("Tiếp nhận hồ sơ", "reception", 0.5),
            ("Thẩm định", "specialist", 0.5),
            ("Lãnh đạo ký", "leader", 0.5),
            ("Trả kết quả", "reception", 0.5),
        ),
        documents=_documents(*MARRIAGE_DOCUMENTS),
        actor=people.admin,
    )
    procedure.refresh_from_db()
    return procedure


def _commune_procedure(people, code, name, legal, committed, steps, documents=("Tờ khai",)):
    from par.catalog.actions import do_add_version, do_create_procedure
    from par.catalog.models import Field

    field, _ = Field.objects.get_or_create(code="CT", defaults={"name": "Chứng thực"})
    procedure = do_create_procedure(
        data={
            "code": code,
            "name": name,
            "field": field,
            "at_commune": True,
            "responsible_kind": "commune_committee",
        },
        actor=people.admin,
    )
    do_add_version(
        procedure,
        data={
            "valid_from": dt.date(2024, 1, 1),
            "legal_days": Decimal(str(legal)),
            "committed_days": Decimal(str(committed)),
        },
        steps=_steps(*steps),
        documents=_documents(*documents),
        actor=people.admin,
    )
    procedure.refresh_from_db()
    return procedure


@pytest.fixture
def half_day(people, national):
    """A commune procedure of half a working day (4 working hours), legally one day."""
    return _commune_procedure(
        people,
        "2.000884",
        "Chứng thực chữ ký trong giấy tờ, văn bản",
        1,
        0.5,
        [
            ("Tiếp nhận hồ sơ", "reception", 0),
            ("Chứng thực", "specialist", 0.5),
            ("Lãnh đạo ký", "leader", 0),
        ],
    )


@pytest.fixture
def same_day(people, national):
    """A commune procedure to settle "within the day" (received after 15:00: the next working day)."""
    return _commune_procedure(
        people,
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        0,
        0,
        [("Tiếp nhận hồ sơ", "reception", 0), ("Chứng thực", "specialist", 0), ("Lãnh đạo ký", "leader", 0)],
    )
