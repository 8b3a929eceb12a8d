"""The slips of the one-stop shop as DOCX (Decree 30 layout, par.documents.official) and PDF (LibreOffice).

Receipt with appointment date (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the code and a QR code to the
public lookup page), supplement request (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ), refusal (Phiếu từ chối
tiếp nhận giải quyết hồ sơ) and apology with a new date (Phiếu xin lỗi và hẹn lại ngày trả kết quả). The
wording is Vietnamese whatever the user's language: these are documents handed to the applicant.
"""

from __future__ import annotations

import io

import segno
from django.utils import timezone

from par.core.links import absolute_url
from par.documents import official
from par.documents.official import Column, TableSpec
from par.dossiers.models import Dossier
from par.dossiers.public import lookup_path, printed_secret

KINDS = ("receipt", "supplement", "refusal", "apology")


def lookup_url(code: str) -> str:
    """The public lookup page of a dossier with its security code, as printed in the QR code."""
    return absolute_url(lookup_path(code))


def qr_png(code: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(lookup_url(code), error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def _line(doc, text: str, **style):
    # Slips are short forms of one page: their lines stand closer (3 pt) than an official letter's (6 pt).
    return official.add_paragraph(doc, text, before=3, **style)


def _time(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, {official.long_date(local.date())}"


def _header(doc, d: Dossier, title: str, number: str = "") -> None:
    issuer = official.issuer_for(d.unit)
    official.add_header(
        doc,
        issuer,
        number=number or f"{d.code}",
        dateline=official.place_and_date(issuer.place, timezone.localdate()),
    )
    official.add_title(doc, title, f"Mã hồ sơ: {d.code}")


def _applicant(doc, d: Dossier) -> None:
    _line(doc, d.applicant_name, lead="Ông/Bà: ")
    if d.applicant_address:
        _line(doc, d.applicant_address, lead="Địa chỉ: ")
    if d.applicant_phone or d.applicant_email:
        _line(doc, " ".join(x for x in (d.applicant_phone, d.applicant_email) if x), lead="Liên hệ: ")
    _line(doc, f"{d.procedure.name} (mã {d.procedure.code})", lead="Thủ tục: ")


def _signature(doc, d: Dossier, signer: str, *, qr: bool = False) -> None:
    # The receipt's QR code sits under the recipients, beside the signature, rather than on a line of its
    # own: the receipt then fits on one page in the usual case.
    official.add_recipients_and_signature(
        doc,
        recipients=["Người nộp hồ sơ", "Lưu: Bộ phận một cửa"],
        signer_title="Người tiếp nhận",
        signer_name=signer,
        picture=qr_png(d.code) if qr else None,
        picture_cm=2.5,
    )


def build(d: Dossier, kind: str, *, signer: str = "") -> bytes:
    """The slip `kind` of dossier `d` as DOCX bytes."""
    builders = {"receipt": _receipt, "supplement": _supplement, "refusal": _refusal, "apology": _apology}
    doc = official.new_document(title=f"{kind} {d.code}", author=d.unit.name)
    builders[kind](doc, d)
    _signature(doc, d, signer or (d.received_by.full_name if d.received_by else ""), qr=kind == "receipt")
    return official.to_bytes(doc)


def _receipt(doc, d: Dossier) -> None:
    _header(doc, d, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    _line(doc, f"{d.unit.name} đã tiếp nhận hồ sơ của:")
    _applicant(doc, d)
    _line(doc, "Thành phần hồ sơ nộp gồm:", keep_with_next=True)
    rows = [
        [str(i), doc_.name, str(doc_.originals), str(doc_.copies)]
        for i, doc_ in enumerate(d.documents.order_by("id"), start=1)
    ]
    official.add_table(
        doc,
        TableSpec(
            columns=[
                Column("TT", 1.2, "centre"),
                Column("Tên giấy tờ", 10.3),
                Column("Bản chính", 2.0, "centre"),
                Column("Bản sao", 2.0, "centre"),
            ],
            rows=rows or [["", "(không có)", "", ""]],
        ),
    )
    _line(doc, d.get_channel_display(), lead="Hình thức nộp: ")
    if d.received_at:
        _line(doc, _time(d.received_at), lead="Thời gian nhận hồ sơ: ")
    if d.due_at:
        # A limit within the day or with a half day is due at a time of the working day (decision 0154).
        _line(doc, _time(d.due_at), lead="Thời gian trả kết quả giải quyết hồ sơ: ")
    elif d.due_date:
        _line(doc, official.long_date(d.due_date), lead="Thời gian trả kết quả giải quyết hồ sơ: ")
    _line(doc, d.due_explanation.splitlines()[0] if d.due_explanation else "", italic=True)
    _line(doc, f"Tra cứu tình trạng hồ sơ: {lookup_url(d.code)}")
    # Typed with the code on the lookup page (the QR link carries it): it shows the procedure and the masked
    # name, which the code alone does not (decision 0094), and it protects the rating (decision 0082).
    _line(
        doc,
        f"{printed_secret(d.code)} (nhập cùng mã hồ sơ khi tra cứu để xem đầy đủ thông tin hồ sơ, và để đánh "
        "giá sự hài lòng sau khi nhận kết quả; không cung cấp mã này cho người khác)",
        lead="Mã bảo mật: ",
    )


def _supplement(doc, d: Dossier) -> None:
    _header(doc, d, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
    pause = d.pauses.order_by("-requested_at").first()
    _applicant(doc, d)
    _line(doc, "Sau khi kiểm tra, hồ sơ cần được bổ sung, hoàn thiện các nội dung sau:")
    _line(doc, pause.reason if pause else "")
    _line(
        doc,
        "Trong thời gian chờ bổ sung, thời hạn giải quyết tạm dừng; khi nhận đủ hồ sơ, thời hạn còn lại được "
        "tiếp tục tính. Lý do cần bổ sung được hướng dẫn một lần, đầy đủ bằng văn bản.",
    )


def _refusal(doc, d: Dossier) -> None:
    _header(doc, d, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    _applicant(doc, d)
    _line(doc, "Hồ sơ không đủ điều kiện tiếp nhận, giải quyết vì lý do sau:")
    _line(doc, d.closed_reason)
    _line(doc, "Xin thông báo để Ông/Bà biết.")


def _apology(doc, d: Dossier) -> None:
    _header(doc, d, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    extension = d.extensions.order_by("-created_at").first()
    _applicant(doc, d)
    if extension:
        _line(
            doc,
            f"Ngày {official.short_date(d.received_at and timezone.localdate(d.received_at))}, {d.unit.name} "
            f"tiếp nhận hồ sơ, hẹn trả kết quả ngày {official.short_date(extension.previous_date)}. "
            f"Hồ sơ chưa giải quyết đúng hạn vì: {extension.reason}.",
        )
        _line(
            doc,
            f"Chúng tôi thành thật xin lỗi Ông/Bà và hẹn lại ngày trả kết quả là "
            f"{official.long_date(extension.new_date)}.",
            bold=True,
        )


def to_pdf(docx: bytes) -> bytes:
    from par.documents.pdf import convert_to_pdf

    return convert_to_pdf(docx)
