"""DOCX/XLSX → PDF: a private LibreOffice profile per call, a timeout that kills it, clear errors."""

import stat
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from par.documents import official, pdf, xlsx
from par.documents.tests.helpers import needs_libreoffice


def _fake_soffice(tmp_path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_missing_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PAR_SOFFICE", "")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "CANDIDATES", ())
    assert pdf.soffice_path() is None
    with pytest.raises(pdf.LibreOfficeMissing, match="ensure-libreoffice"):
        pdf.convert_to_pdf(b"PK")


def test_each_conversion_runs_headless_with_its_own_profile(tmp_path, monkeypatch):
    args_file = tmp_path / "args"
    soffice = _fake_soffice(
        tmp_path,
        f'echo "$@" > {args_file}\n'
        'while [ $# -gt 0 ]; do if [ "$1" = "--outdir" ]; then out=$2; fi; shift; done\n'
        'mkdir -p "$out"; printf "%%PDF-1.4 fake" > "$out/document.pdf"\n',
    )
    monkeypatch.setenv("PAR_SOFFICE", soffice)
    assert pdf.convert_to_pdf(b"PK fake docx") == b"%PDF-1.4 fake"
    args = args_file.read_text()
    assert "-env:UserInstallation=file:///" in args and "--headless" in args and "--convert-to pdf" in args
    first_profile = args.split()[0]
    pdf.convert_to_pdf(b"PK fake docx")
    assert args_file.read_text().split()[0] != first_profile


def test_a_conversion_that_hangs_is_killed_with_its_children(tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("PAR_SOFFICE", _fake_soffice(tmp_path, f"sleep 60 & echo $! > {pid_file}\nwait\n"))
    with pytest.raises(pdf.PdfError, match="within 1 s"):
        pdf.convert_to_pdf(b"PK", timeout=1)
    child = int(pid_file.read_text())
    for _ in range(50):  # the orphaned child is reaped by init shortly after the kill
        if not _running(child):
            break
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_a_conversion_without_output_reports_what_libreoffice_said(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "PAR_SOFFICE", _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\n")
    )
    with pytest.raises(pdf.PdfError, match="could not be loaded"):
        pdf.convert_to_pdf(b"not a docx")


def _small_docx() -> bytes:
    doc = official.new_document()
    official.add_title(doc, "BÁO CÁO", "Thử chuyển đổi sang PDF")
    official.add_paragraph(doc, "Tiếng Việt có dấu: Ủy ban nhân dân tỉnh Thanh Hóa.")
    return official.to_bytes(doc)


@needs_libreoffice
def test_a_docx_becomes_a_real_pdf():
    result = pdf.convert_to_pdf(_small_docx())
    assert result.startswith(b"%PDF") and pdf.page_count(result) >= 1


@needs_libreoffice
def test_an_xlsx_becomes_a_real_pdf():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Bảng")
    xlsx.write_table(sheet, [xlsx.Col("TT", 5), xlsx.Col("Nhiệm vụ", 40)], [["1", "Rà soát"]])
    result = pdf.convert_to_pdf(xlsx.to_bytes(workbook), suffix=".xlsx")
    assert result.startswith(b"%PDF") and pdf.page_count(result) >= 1


@needs_libreoffice
def test_conversions_at_the_same_time_do_not_block_each_other():
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: pdf.convert_to_pdf(_small_docx()), range(2)))
    assert all(r.startswith(b"%PDF") for r in results)


def test_page_count_reads_the_page_objects():
    assert pdf.page_count(b"%PDF-1.6 /Type /Pages /Count 2 /Type/Page /Type /Page") == 2
