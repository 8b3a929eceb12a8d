"""Importing dossiers migrated from an earlier one-stop system: through the command and the action, on PostgreSQL
(COPY into a staging table, set-based checks) and SQLite (rows checked in Python) alike."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from par.audit.models import AuditEvent
from par.dossiers import actions, rollups
from par.dossiers.actions.imports import do_import_dossiers
from par.dossiers.imports import ImportRejected
from par.dossiers.models import Dossier, DossierCounter, DossierImport, DossierRollup

pytestmark = pytest.mark.django_db

HEADER = (
    "code,procedure_code,unit_code,channel,state,submitted_at,received_at,appointment_at,resolved_at,"
    "returned_at,outcome,applicant_name,applicant_id_number,applicant_phone,applicant_email,applicant_address,note,"
    "closed_reason"
)
GOOD = [
    # Received 05/10/2026 08:15 local, due 07/10, result 06/10 (early), returned 07/10.
    "H56.1-261005-0001,1.001193,14812,counter,returned,2026-10-05 08:00,2026-10-05 08:15,2026-10-07,"
    "2026-10-06 15:30,2026-10-07 09:00,,Nguyễn Văn Ánh,038090000001,0912345678,anh@example.vn,Bỉm Sơn,,",
    # Received late in the evening: 23:30 local is 16:30 UTC the same day; still open.
    "H56.1-261005-0002,1.001193,14812,online,in_process,2026-10-05 23:00,2026-10-05 23:30,2026-10-08,,,,"
    "Trần Thị Bình,,,,,,",
    # A code of PAR's own form: intake must continue after it.
    "38.STP-261006-0040,2.000488,38.STP,postal,result_ready,,2026-10-06 10:00:00,2026-10-14 17:00,"
    '2026-10-16 09:00,,,"Lê, Văn Cường",,,,,ghi chú cũ,',
]


def csv_bytes(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


@pytest.fixture
def admin_ready(people, procedures, national):
    return people.par_officer


def test_a_valid_file_imports_exactly_its_rows_with_their_codes_and_utc_times(admin_ready):
    report = do_import_dossiers(csv_bytes(*GOOD), actor=admin_ready, file_name="cu.csv")

    assert report.rows == 3 == Dossier.objects.count()
    first = Dossier.objects.get(code="H56.1-261005-0001")
    assert first.received_at == dt.datetime(2026, 10, 5, 1, 15, tzinfo=dt.UTC)
    assert first.received_on == dt.date(2026, 10, 5)
    assert first.due_date == dt.date(2026, 10, 7)
    assert first.resolved_on == dt.date(2026, 10, 6)
    assert first.outcome == "early"
    assert first.state == "returned"
    assert first.applicant_folded == "nguyen van anh"
    assert first.committed_days == Decimal(2)
    assert first.imported_in == report.record
    evening = Dossier.objects.get(code="H56.1-261005-0002")
    assert evening.received_at == dt.datetime(2026, 10, 5, 16, 30, tzinfo=dt.UTC)
    assert evening.received_on == dt.date(2026, 10, 5)
    third = Dossier.objects.get(code="38.STP-261006-0040")
    assert third.submitted_at == third.received_at
    assert third.outcome == "late"
    assert third.applicant_name == "Lê, Văn Cường"
    assert third.unit.code == "38.STP"


def test_an_import_adds_its_dossiers_to_the_statistics_as_a_recount_would(admin_ready):
    do_import_dossiers(csv_bytes(*GOOD), actor=admin_ready)

    assert rollups.stored() == rollups.recount()
    assert DossierRollup.objects.filter(day=dt.date(2026, 10, 5)).count() == 2


def test_an_import_is_recorded_once_with_its_counts_and_the_file_hash(admin_ready):
    import hashlib

    data = csv_bytes(*GOOD)
    digest = hashlib.sha256(data.getvalue()).hexdigest()
    report = do_import_dossiers(data, actor=admin_ready, file_name="cu.csv")

    event = AuditEvent.objects.get(action="dossiers.import")
    assert event.after["sha256"] == digest == report.sha256 == DossierImport.objects.get().sha256
    assert event.after["dossiers"] == 3
    assert event.actor == admin_ready


def test_intake_continues_after_imported_codes_of_the_same_form(admin_ready, units, time_machine, staff):
    from par.dossiers.tests.conftest import at

    do_import_dossiers(csv_bytes(*GOOD), actor=admin_ready)
    assert DossierCounter.objects.get(unit=units.justice, day=dt.date(2026, 10, 6)).last == 40
    assert not DossierCounter.objects.filter(unit=units.ward_bim_son).exists()  # "H56.1-…" is not our form

    time_machine.move_to(at(2026, 10, 6, 9), tick=False)
    from par.catalog.models import Procedure

    d = actions.do_file_dossier(
        unit=units.justice,
        procedure=Procedure.objects.get(code="2.000488"),
        applicant=actions.Applicant(name="Phạm Văn Dũng"),
        channel="counter",
        actor=staff.justice_clerk,
    )
    assert d.code == "38.STP-261006-0041"
    assert d.pk > Dossier.objects.get(code="38.STP-261006-0040").pk


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_in_vietnamese(admin_ready):
    bad = GOOD[1].replace("in_process", "dang_xu_ly")
    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes(GOOD[0], bad, GOOD[2]), actor=admin_ready)

    assert refused.value.messages == ["Dòng 3: không có trạng thái “dang_xu_ly”."]
    assert Dossier.objects.count() == 0
    assert DossierImport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="dossiers.import").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("14812", "99999"), "Dòng 2: không có đơn vị tiếp nhận mã “99999”."),
        (("1.001193", "9.999999"), "Dòng 2: không có thủ tục mã “9.999999” trong danh mục."),
        (("2026-10-05 08:15", "2026-02-30 08:15"), "Dòng 2: received_at “2026-02-30 08:15” không phải"),
        (("2026-10-05 08:15", "05/10/2026"), "Dòng 2: received_at “05/10/2026” không phải"),
        (("2026-10-06 15:30", "2026-10-04 15:30"), "Dòng 2: các mốc thời gian không theo thứ tự"),
        ((",returned,", ",received,"), "Dòng 2: resolved_at phải để trống ở trạng thái “received”."),
        (("Nguyễn Văn Ánh", ""), "Dòng 2: thiếu applicant_name."),
    ],
)
def test_each_bad_value_is_refused_with_its_row(admin_ready, change, expected):
    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes(GOOD[0].replace(*change)), actor=admin_ready)

    assert refused.value.messages[0].startswith(expected)
    assert Dossier.objects.count() == 0


def test_a_code_twice_in_the_file_is_refused_on_both_rows(admin_ready):
    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes(GOOD[0], GOOD[1], GOOD[0]), actor=admin_ready)

    assert refused.value.messages == [
        "Dòng 2: mã hồ sơ “H56.1-261005-0001” lặp lại trong tệp.",
        "Dòng 4: mã hồ sơ “H56.1-261005-0001” lặp lại trong tệp.",
    ]
    assert Dossier.objects.count() == 0


def test_a_code_already_in_the_database_is_refused(admin_ready):
    do_import_dossiers(csv_bytes(GOOD[0]), actor=admin_ready)

    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes(GOOD[1], GOOD[0]), actor=admin_ready)

    assert refused.value.messages == ["Dòng 3: mã hồ sơ “H56.1-261005-0001” đã có trong hệ thống."]
    assert Dossier.objects.count() == 1


def test_a_header_without_a_required_column_is_refused(admin_ready):
    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes("x", header="code,unit_code,state,tinh_trang"), actor=admin_ready)

    assert refused.value.messages == [
        "Tiêu đề có cột không xác định: tinh_trang.",
        "Tiêu đề thiếu cột: procedure_code, applicant_name.",
    ]


def test_the_errors_beyond_the_first_fifty_are_counted(admin_ready):
    rows = [GOOD[1].replace("0002", f"{n:04d}").replace("in_process", "x") for n in range(60)]
    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes(*rows), actor=admin_ready)

    assert len(refused.value.messages) == 51
    assert refused.value.messages[-1] == "… và 10 lỗi khác."
    assert refused.value.total == 60


def test_only_province_administrators_import(admin_ready, people):
    for user in (people.ward_clerk, people.justice_head, people.auditor, people.outsider):
        with pytest.raises(PermissionDenied):
            do_import_dossiers(csv_bytes(*GOOD), actor=user)
    assert Dossier.objects.count() == 0


def test_the_command_imports_a_file_as_the_user_named(admin_ready, tmp_path):
    path = tmp_path / "cu.csv"
    path.write_bytes(csv_bytes(*GOOD).getvalue())
    out = io.StringIO()

    call_command("import_dossiers", str(path), "--as", admin_ready.username, stdout=out)

    assert out.getvalue().startswith("3 dossiers imported")
    assert Dossier.objects.count() == 3


def test_the_command_prints_the_errors_and_imports_nothing(admin_ready, tmp_path, people):
    path = tmp_path / "cu.csv"
    path.write_bytes(csv_bytes(GOOD[0].replace("14812", "99999")).getvalue())

    with pytest.raises(CommandError, match="Dòng 2: không có đơn vị tiếp nhận mã “99999”"):
        call_command("import_dossiers", str(path), "--as", admin_ready.username)
    with pytest.raises(CommandError, match="quản trị"):
        call_command("import_dossiers", str(path), "--as", people.ward_clerk.username)
    assert Dossier.objects.count() == 0


def test_a_row_with_too_many_columns_is_named_and_nothing_is_imported(admin_ready):
    with pytest.raises(ImportRejected) as refused:
        do_import_dossiers(csv_bytes(GOOD[1], GOOD[0] + ",thừa"), actor=admin_ready)

    assert refused.value.messages[0].startswith("Dòng 3: không đọc được dòng dạng CSV mã hóa UTF-8")
    assert Dossier.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(admin_ready):
    data = io.BytesIO(HEADER.encode() + b"\n" + GOOD[1].encode("utf-16"))
    with pytest.raises(ImportRejected):
        do_import_dossiers(data, actor=admin_ready)
    assert Dossier.objects.count() == 0
