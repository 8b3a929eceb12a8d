"""Demo petitions at every stage, built through the actions (idempotent: skipped when demo petitions exist)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from par.calendars.models import WorkCalendar
from par.calendars.workdays import OutsideCalendarError
from par.petitions import actions
from par.petitions.models import Petition, PetitionKind

# Loaded by `manage.py load_demo` after the apps named here (decision 0118).
AFTER: tuple[str, ...] = ()

DEMO_MARK = "[demo]"

# (unit key, kind, subject, content, dossier code, days ago, stage)
PETITIONS = [
    ("justice", PetitionKind.REGULATION, "Thành phần hồ sơ chứng thực bản sao",
     "Đề nghị bỏ yêu cầu nộp bản sao có chứng thực khi đã xuất trình bản chính để đối chiếu.", "", 40, "published"),
    ("ward", PetitionKind.HANDLING, "Hồ sơ đăng ký khai sinh trả chậm",
     "Hồ sơ đã quá ngày hẹn trả nhưng chưa nhận được phiếu xin lỗi và hẹn lại.", "14812-261001-0003", 30, "answered"),
    ("home_affairs", PetitionKind.REGULATION, "Thời hạn giải quyết thủ tục thi đua, khen thưởng",
     "Đề nghị rút ngắn thời hạn giải quyết thủ tục tặng giấy khen.", "", 25, "overdue"),
    ("ward", PetitionKind.HANDLING, "Công chức yêu cầu bổ sung giấy tờ nhiều lần",
     "Hồ sơ bị yêu cầu bổ sung hai lần với các nội dung khác nhau.", "14812-261105-0011", 5, "routed"),
    ("province", PetitionKind.REGULATION, "Niêm yết thủ tục hành chính tại bộ phận một cửa",
     "Bảng niêm yết thủ tục tại bộ phận một cửa chưa cập nhật mức phí mới.", "", 1, "received"),
    ("justice", PetitionKind.REGULATION, "Lệ phí cấp phiếu lý lịch tư pháp trực tuyến",
     "Đề nghị công khai rõ mức lệ phí khi nộp trực tuyến.", "", 35, "reopened"),
]  # fmt: skip


def load_demo(units: dict, stdout) -> None:
    if Petition.objects.filter(content__endswith=DEMO_MARK).exists():
        stdout.write("Demo petitions already present.")
        return
    made = 0
    now = timezone.now()
    for key, kind, subject, content, dossier, days_ago, stage in PETITIONS:
        unit = units[key]
        petition, secret = actions.do_submit_petition(
            actions.PetitionInput(
                kind=kind,
                unit=unit,
                name="Người dân (dữ liệu mẫu)",
                contact="0900 000 000",
                subject=subject,
                content=f"{content} {DEMO_MARK}",
                dossier_code=dossier,
            )
        )
        # Backdate the receipt so deadlines fall in the past or the future as the stage needs.
        Petition.objects.filter(pk=petition.pk).update(received_at=now - dt.timedelta(days=days_ago))
        petition.refresh_from_db()
        made += 1
        if stage == "received":
            continue
        try:
            petition = actions.do_route_petition(
                petition, unit=unit, time_limit_days=actions.default_time_limit(), actor=None
            )
        except (ValidationError, WorkCalendar.DoesNotExist, OutsideCalendarError):
            continue  # no working calendar yet: the petition stays in the incoming queue
        if stage in ("answered", "published", "reopened"):
            petition = actions.do_answer_petition(
                petition,
                answer="Cơ quan đã tiếp thu và sẽ rà soát, báo cáo cấp có thẩm quyền xem xét sửa đổi.",
                actor=None,
            )
        if stage == "published":
            actions.do_publish_petition(
                petition, public_question=content, public_answer=petition.answer, actor=None
            )
        if stage == "reopened":
            actions.do_reopen_petition(
                petition.code, secret, reason="Câu trả lời chưa nêu rõ thời gian thực hiện."
            )
    stdout.write(f"Demo petitions: {made}.")
