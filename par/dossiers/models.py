"""One-stop shop dossiers (hồ sơ): intake, processing steps, the legal clock, history and statistics.

Public-facing fields, read by the portal and kept stable: `Dossier.code`, `state` (and `get_state_display()`),
`procedure`, `unit`, `received_at`, `due_date` (committed appointment), `legal_due_date`, `extended_due_date`,
`due_explanation`, `applicant_name` (mask it: see `par.dossiers.public.mask_name`), `resolved_at`,
`returned_at`, and the ordered history `events` (`DossierEvent`, ordered by `sequence`). The portal should read
a dossier through `par.dossiers.public.public_view(code)` and invalidate its cache on the `dossier_changed`
signal (`par.dossiers.signals`).

Dossier code (docs/decisions/0070-dossier-code-and-clock.md): ``<unit code>-<yymmdd>-<nnnn>``, the receiving
unit's code, the local date of filing and a 4-digit daily sequence per unit, e.g. ``14812-261123-0007``. It
is printable, unique and indexed.

Every change goes through `par.dossiers.actions`; nothing here writes history or statistics by itself.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from par.catalog.models import StepActor
from par.core.models import TimeStamped, Versioned


class Channel(models.TextChoices):
    """How the dossier reached the one-stop desk."""

    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("By post")


class DossierState(models.TextChoices):
    """Where the dossier is in its life cycle. Lateness is computed from dates, never a state."""

    SUBMITTED = "submitted", _("Submitted, awaiting check")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Awaiting supplement")
    REFUSED = "refused", _("Refused")
    RECEIVED = "received", _("Received")
    IN_PROCESS = "in_process", _("Being processed")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RESULT_READY = "result_ready", _("Result ready for return")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which the clock runs or is paused: the dossier was received complete and is not yet resolved.
OPEN_STATES = frozenset(
    {
        DossierState.RECEIVED,
        DossierState.IN_PROCESS,
        DossierState.AWAITING_APPROVAL,
        DossierState.APPROVED,
    }
)
FINAL_STATES = frozenset({DossierState.REFUSED, DossierState.RETURNED, DossierState.WITHDRAWN})


# The states in which the result can be collected (the public lookup says so).
RESULT_STATES = frozenset({DossierState.RESULT_READY, DossierState.RETURNED})


class Outcome(models.TextChoices):
    """How a resolution compares with the committed appointment (before any extension)."""

    EARLY = "early", _("Before the deadline")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class Dossier(TimeStamped, Versioned):
    """An application by a citizen or business for one procedure, received by one unit's one-stop desk.

    `version` is the optimistic-lock counter: every action locks the row (select_for_update), compares the
    version the user read and increments it, so of two concurrent actions one wins and the other is refused.
    """

    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=30, choices=DossierState.choices)

    applicant_name = models.CharField(_("applicant"), max_length=255)
    # The applicant's name folded (par.core.text.search_key: lower case, no diacritics, đ → d), kept by the
    # actions that write the name; staff search matches it word by word (decision 0116).
    applicant_folded = models.CharField(_("applicant (folded)"), max_length=255, blank=True, editable=False)
    applicant_id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    completeness_reason = models.TextField(
        _("why complete without every listed document"),
        blank=True,
        help_text=_("Recorded at receipt when a document of the procedure's checklist was not checked off."),
    )

    submitted_at = models.DateTimeField(_("filed at"))
    received_at = models.DateTimeField(
        _("received complete at"), null=True, blank=True, help_text=_("The legal clock starts here.")
    )
    # Local (Asia/Ho_Chi_Minh) dates of receipt and resolution, kept by the actions: the statistics group by
    # them on every database without time-zone functions.
    received_on = models.DateField(_("day of receipt"), null=True, blank=True, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_days = models.DecimalField(_("legal time limit (working days)"), max_digits=4, decimal_places=1)
    committed_days = models.DecimalField(
        _("committed time limit (working days)"), max_digits=4, decimal_places=1
    )
    due_date = models.DateField(
        _("appointment date"),
        null=True,
        blank=True,
        help_text=_("The committed time limit from complete receipt, moved by pauses for supplementation."),
    )
    legal_due_date = models.DateField(_("legal due date"), null=True, blank=True)
    # Limits "within the day" or with a half day are due at a time of the unit's working hours, not only on a day
    # (decision 0154); `due_date` is then the local date of `due_at`, and lateness is measured against `due_at`.
    due_at = models.DateTimeField(_("appointment time"), null=True, blank=True)
    legal_due_at = models.DateTimeField(_("legal due time"), null=True, blank=True)
    extended_due_date = models.DateField(
        _("new appointment date"),
        null=True,
        blank=True,
        help_text=_("Set by an apology slip; lateness is still measured against the appointment date."),
    )
    due_explanation = models.TextField(_("how the appointment date was computed"), blank=True)

    current_step = models.ForeignKey(
        "DossierStep",
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("result issued at"), null=True, blank=True)
    resolved_on = models.DateField(_("day of result"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    events_count = models.PositiveIntegerField(_("number of events"), default=0, editable=False)
    # Set on dossiers migrated from an earlier one-stop system (decision 0179); no index of its own: the import
    # holds the block of ids it wrote, and the column is read per dossier.
    imported_in = models.ForeignKey(
        "DossierImport",
        verbose_name=_("imported in"),
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at"]
        indexes = [
            # Work lists of a unit: the clerk's desk and the processor's queue filter by unit and state.
            models.Index(fields=["unit", "state", "due_date"], name="dossier_unit_state_due_idx"),
            # Deadline sweeps and the overdue metric: open dossiers by appointment date.
            models.Index(fields=["state", "due_date"], name="dossier_state_due_idx"),
            # Rebuilding the statistics: received and resolved per day.
            models.Index(fields=["received_on"], name="dossier_received_on_idx"),
            models.Index(fields=["resolved_on"], name="dossier_resolved_on_idx"),
            # Staff search by ID number or phone (exact on every engine; on PostgreSQL migration 0006 adds
            # pattern indexes for the prefix match and a trigram index on `applicant_folded`, decision 0116).
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_id_idx"),
            models.Index(fields=["applicant_phone"], name="dossier_applicant_phone_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(received_at__isnull=False),
                name="dossier_resolved_after_receipt",
                violation_error_message=_("A dossier cannot have a result before it was received."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_paused(self) -> bool:
        """The clock is stopped: a supplement was requested after complete receipt."""
        return self.state == DossierState.SUPPLEMENT_REQUESTED and self.received_at is not None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES or self.is_paused

    @property
    def promised_date(self) -> dt.date | None:
        """The date the applicant was last promised: the apology slip's date, else the appointment."""
        return self.extended_due_date or self.due_date

    def is_overdue(self, today: dt.date) -> bool:
        return self.state in OPEN_STATES and self.due_date is not None and self.due_date < today

    @property
    def result_available(self) -> bool:
        return self.state in RESULT_STATES


class DossierStep(models.Model):
    """One step of the internal process as it was carried out, with its own sub-limit and due date.

    Rows are appended in execution order (`sequence`); a return to an earlier step appends a new row for it,
    so the control sheet (phiếu kiểm soát) keeps every hand-over.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="steps"
    )
    sequence = models.PositiveSmallIntegerField(_("order"))
    position = models.PositiveSmallIntegerField(_("step no. in the procedure"))
    name = models.CharField(_("step"), max_length=255)
    actor_kind = models.CharField(_("performed by"), max_length=20, choices=StepActor.choices)
    days = models.DecimalField(_("time limit (working days)"), max_digits=4, decimal_places=1)
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_steps",
    )
    started_at = models.DateTimeField(_("started at"))
    due_date = models.DateField(_("step due date"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "sequence"],
                name="dossier_step_sequence_unique",
                violation_error_message=_("Two steps of this dossier have the same order."),
            ),
        ]
        indexes = [
            # The processor's queue: open steps assigned to a person or waiting at a unit.
            models.Index(fields=["assignee", "finished_at"], name="dossier_step_assignee_idx"),
            models.Index(fields=["unit", "finished_at"], name="dossier_step_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.sequence}. {self.name}"


class DossierEvent(models.Model):
    """One entry of the append-only history: who did what, when, from which state to which."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    sequence = models.PositiveIntegerField(_("order"))
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=30, choices=DossierState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, choices=DossierState.choices)
    step_name = models.CharField(_("step"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # Shown on the public page: internal hand-overs are public, names of officers are not.
    public_note = models.CharField(_("public note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "sequence"]
        constraints = [
            # Also the index of "the last events of a dossier" (public lookup, timeline).
            models.UniqueConstraint(
                fields=["dossier", "sequence"],
                name="dossier_event_sequence_unique",
                violation_error_message=_("Two events of this dossier have the same order."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.sequence} · {self.action}"


class DossierPause(models.Model):
    """A supplement request (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ).

    Before complete receipt it stops nothing (the clock has not started); after it, the clock stops and
    `remaining_days` / `remaining_legal_days` working days continue from the resumption
    (docs/decisions/0070-dossier-code-and-clock.md).
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="pauses"
    )
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("what to supplement"))
    stops_clock = models.BooleanField(_("stops the clock"), default=False)
    remaining_days = models.PositiveSmallIntegerField(_("working days remaining"), null=True, blank=True)
    remaining_legal_days = models.PositiveSmallIntegerField(
        _("legal working days remaining"), null=True, blank=True
    )
    # For a dossier with a due time: the working minutes left at the pause, which continue on resumption.
    remaining_minutes = models.PositiveIntegerField(_("working minutes remaining"), null=True, blank=True)
    remaining_legal_minutes = models.PositiveIntegerField(
        _("legal working minutes remaining"), null=True, blank=True
    )
    remaining_step_days = models.PositiveSmallIntegerField(
        _("working days remaining for the step"), null=True, blank=True
    )
    # The state the dossier returns to when the supplement arrives.
    resume_state = models.CharField(_("state to resume"), max_length=30, choices=DossierState.choices)
    resumed_at = models.DateTimeField(_("supplemented at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(resumed_at__isnull=True),
                name="dossier_one_open_pause",
                violation_error_message=_("This dossier already awaits a supplement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.requested_at:%d/%m/%Y}"


class DossierExtension(models.Model):
    """An apology slip with a new appointment date (Phiếu xin lỗi và hẹn lại ngày trả kết quả)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="extensions"
    )
    created_at = models.DateTimeField(_("issued at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit at fault"), on_delete=models.PROTECT, related_name="+"
    )
    previous_date = models.DateField(_("previous appointment date"))
    new_date = models.DateField(_("new appointment date"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("apology slip")
        verbose_name_plural = _("apology slips")
        ordering = ["dossier", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_date__gt=models.F("previous_date")),
                name="dossier_extension_later",
                violation_error_message=_("The new appointment date must be after the previous one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.new_date:%d/%m/%Y}"


class DocumentKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted with the dossier")
    SUPPLEMENT = "supplement", _("Supplement")


def document_upload_to(instance: DossierDocument, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{filename}"


class DossierDocument(models.Model):
    """A document received with the dossier (thành phần hồ sơ), on paper or uploaded."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="documents"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("required document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("document"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    kind = models.CharField(
        _("kind"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.SUBMITTED
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True, max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class DossierResult(models.Model):
    """The result of the procedure (the decision, certificate or answer) and how it was returned."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="result"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("number and symbol"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_method = models.CharField(
        pgettext_lazy("return method", "returned"), max_length=10, choices=ReturnMethod.choices, blank=True
    )

    class Meta:
        verbose_name = _("dossier result")
        verbose_name_plural = _("dossier results")

    def __str__(self) -> str:
        return self.number or str(self.dossier_id)


class DossierImport(models.Model):
    """One file of dossiers migrated from an earlier one-stop system (decision 0179): who, when, which file, and
    the block of dossier ids it wrote (`first_dossier_id`..`last_dossier_id`, each marked with `imported_in`)."""

    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.PositiveIntegerField(_("dossiers imported"), default=0)
    first_dossier_id = models.BigIntegerField(null=True, blank=True)
    last_dossier_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name or self.sha256[:12]} · {self.rows}"


class DossierCounter(models.Model):
    """The last daily sequence number used in dossier codes of one unit (locked while a code is drawn)."""

    unit = models.ForeignKey("orgunits.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dossier_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.day} · {self.last}"


class DossierRollup(models.Model):
    """Statistics per (unit, procedure, day, channel), kept in the transaction of every action.

    `received` counts dossiers received complete on `day`; `resolved_early` / `resolved_on_time` /
    `resolved_late` count results issued on `day` by outcome; `pending` and `paused` count dossiers received
    on `day` that are still open (resp. awaiting a supplement) now, so their sum over all days is the current
    backlog. `rebuild_dossier_rollups` recomputes the table from the dossiers.
    """

    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received = models.IntegerField(_("received"), default=0)
    resolved_early = models.IntegerField(_("resolved before the deadline"), default=0)
    resolved_on_time = models.IntegerField(_("resolved on time"), default=0)
    resolved_late = models.IntegerField(_("resolved late"), default=0)
    pending = models.IntegerField(_("pending"), default=0)
    paused = models.IntegerField(_("awaiting supplement"), default=0)

    COUNTS = ("received", "resolved_early", "resolved_on_time", "resolved_late", "pending", "paused")

    class Meta:
        verbose_name = _("dossier statistics row")
        verbose_name_plural = _("dossier statistics")
        ordering = ["day", "unit", "procedure", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure", "day", "channel"], name="dossier_rollup_key_unique"
            ),
        ]
        indexes = [
            # Metrics and reports: a period of days for the units of a subtree.
            models.Index(fields=["day", "unit"], name="dossier_rollup_day_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.procedure_id} · {self.day} · {self.channel}"
