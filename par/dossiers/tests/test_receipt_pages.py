"""The receipt as a PDF: the signature block stays whole, on the page of its title, never alone."""

from __future__ import annotations

import pytest

from par.documents.tests.helpers import needs_libreoffice
from par.documents.tests.pdftext import page_texts
from par.dossiers import slips
from par.dossiers.actions import Applicant, PaperDocument, do_file_dossier, do_receive_complete
from par.dossiers.tests.conftest import at, checklist_ids

LONG_NAME = "Nguyễn Thị Phương Thảo Hoàng Lê Minh Anh"
ADDRESS = "Số 12, ngõ 45, đường Trần Phú, khu phố 3, phường Bỉm Sơn, tỉnh Thanh Hóa"


def _receipt_pdf(units, procedures, staff, *, name: str, extra_documents: int) -> bytes:
    documents = [
        PaperDocument(name=f"Giấy tờ bổ trợ số {i} (bản sao có chứng thực)", originals=1, copies=1)
        for i in range(1, extra_documents + 1)
    ]
    d = do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=Applicant(
            name=name, id_number="038090001234", phone="0912345678", email="thao@example.com", address=ADDRESS
        ),
        channel="counter",
        documents=documents,
        actor=staff.ward_clerk,
        at=at(2026, 11, 9, 9, 30),
    )
    d = do_receive_complete(
        d,
        expected_version=d.version,
        actor=staff.ward_clerk,
        at=at(2026, 11, 9, 9, 30),
        checked=checklist_ids(d),
    )
    return slips.to_pdf(slips.build(d, "receipt"))


def _page_of(pages: list[str], text: str) -> int:
    found = [i for i, page in enumerate(pages) if text in page]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.django_db
@needs_libreoffice
def test_the_signers_name_is_on_the_page_of_the_signature_title_whatever_the_receipt_holds(
    units, procedures, staff
):
    signer = staff.ward_clerk.full_name
    for name, extra in (("Lê An", 0), (LONG_NAME, 2), (LONG_NAME, 6), (LONG_NAME, 14)):
        pages = page_texts(_receipt_pdf(units, procedures, staff, name=name, extra_documents=extra))
        title = _page_of(pages, "NGƯỜI TIẾP NHẬN")
        assert _page_of(pages, signer) == title, (name, extra, len(pages))
        # Never alone on its page: the end of the receipt's text goes along with the block.
        assert "Mã bảo mật" in pages[title], (name, extra, len(pages))


@pytest.mark.django_db
@needs_libreoffice
def test_a_receipt_with_an_address_and_four_documents_fits_on_one_page(units, procedures, staff):
    pages = page_texts(_receipt_pdf(units, procedures, staff, name=LONG_NAME, extra_documents=2))
    assert len(pages) == 1
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pages[0] and staff.ward_clerk.full_name in pages[0]
