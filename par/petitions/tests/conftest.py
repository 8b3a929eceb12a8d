"""Fixtures of the petition tests: a seeded national calendar, frozen time and petitions at each stage."""

import datetime as dt
from types import SimpleNamespace

import pytest

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 02/03/2026, 09:00 in Hà Nội
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def national(db):
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year

    calendar, _ = do_ensure_national_calendar(actor=None)
    for year in (2026, 2027):
        do_seed_calendar_year(calendar, year, actor=None)
    return calendar


def submit(unit, **overrides):
    from par.petitions.actions import PetitionInput, do_submit_petition

    data = {
        "kind": "regulation",
        "unit": unit,
        "name": "Nguyễn Văn An",
        "contact": "0912 345 678",
        "address": "12 Lê Lợi, Phường Bỉm Sơn",
        "subject": "Thời hạn chứng thực bản sao",
        "content": "Đề nghị rút ngắn thời hạn chứng thực bản sao.",
    }
    data.update(overrides)
    return do_submit_petition(PetitionInput(**data))


@pytest.fixture
def petitions(units, people, national, time_machine):
    """A petition just received at the province, one routed to Justice, one answered by Justice."""
    from par.petitions.actions import do_answer_petition, do_route_petition

    time_machine.move_to(NOW, tick=False)
    received, received_secret = submit(units.province)
    routed, routed_secret = submit(units.province, subject="Lệ phí lý lịch tư pháp")
    routed = do_route_petition(routed, unit=units.justice, time_limit_days=20, actor=people.par_officer)
    answered, answered_secret = submit(units.province, subject="Mẫu tờ khai")
    answered = do_route_petition(answered, unit=units.justice, time_limit_days=20, actor=people.par_officer)
    answered = do_answer_petition(answered, answer="Sở đã tiếp thu.", actor=people.justice_officer)
    return SimpleNamespace(
        received=received,
        received_secret=received_secret,
        routed=routed,
        routed_secret=routed_secret,
        answered=answered,
        answered_secret=answered_secret,
    )
