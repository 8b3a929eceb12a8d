"""Many dossiers at once, for the volume tests, the browser test and the benchmark: rows written with
`bulk_create` (no actions, no history, no statistics), as a province's database holds them after a while."""

from __future__ import annotations

import datetime as dt
import random

from par.core.text import search_key
from par.dossiers.models import Channel, Dossier, DossierState

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
]


def applicant_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def bulk_dossiers(
    count: int,
    *,
    unit,
    procedure,
    first_filed: dt.datetime,
    state: str = DossierState.SUBMITTED,
    every: dt.timedelta = dt.timedelta(minutes=7),
    seed: int = 14,
    batch_size: int = 2000,
) -> list[Dossier]:
    """`count` dossiers at `unit`, filed every `every` from `first_filed` on, with random applicants (a fixed
    seed: the same names each run), codes `<unit code>-B<nnnnnn>` and ID numbers / phones from the row's number."""
    version = procedure.versions.order_by("valid_from").last()
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    rows = []
    for n in range(1, count + 1):
        name = applicant_name(rng)
        rows.append(
            Dossier(
                code=f"{unit.code}-B{n:06d}",
                unit=unit,
                procedure=procedure,
                procedure_version=version,
                channel=Channel.COUNTER,
                state=state,
                applicant_name=name,
                applicant_folded=search_key(name),
                applicant_id_number=f"0380{n:08d}",
                applicant_phone=f"09{n:08d}",
                submitted_at=first_filed + every * (n - 1),
                legal_days=version.legal_days,
                committed_days=version.committed_days,
                version=1,
            )
        )
    return Dossier.objects.bulk_create(rows, batch_size=batch_size)
