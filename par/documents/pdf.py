"""DOCX/XLSX → PDF with LibreOffice headless (`scripts/ensure-libreoffice` installs it).

Each conversion runs its own soffice with a private profile in a temporary directory: two soffice processes
sharing a profile block each other (the second one hands its job to the first and returns without a file),
and a crashed run cannot leave a lock behind that breaks the next one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

DEFAULT_TIMEOUT = 120  # seconds; a 40-page plan takes a few seconds, the first run after boot longer
CANDIDATES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice")


class PdfError(RuntimeError):
    """The PDF could not be produced (LibreOffice missing, timed out, or finished without a file)."""


class LibreOfficeMissing(PdfError):
    """LibreOffice is not installed on this machine."""


def soffice_path() -> str | None:
    """The soffice executable: $PAR_SOFFICE, else the one on PATH, else Debian's usual places."""
    configured = os.environ.get("PAR_SOFFICE", "")
    for candidate in (configured, shutil.which("soffice") or "", *CANDIDATES):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def convert_to_pdf(data: bytes, *, suffix: str = ".docx", timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert a DOCX (or XLSX, given `suffix=".xlsx"`) to PDF and return the PDF bytes."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeMissing(
            "LibreOffice (soffice) is not installed; run scripts/ensure-libreoffice or set PAR_SOFFICE."
        )
    with tempfile.TemporaryDirectory(prefix="par-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ]
        # HOME in the temporary directory too: the web server's user may have no writable home, and
        # LibreOffice writes caches there.
        env = {**os.environ, "HOME": str(work)}
        # A new session makes soffice and the soffice.bin it starts one process group, so a timeout kills
        # both rather than leaving soffice.bin running.
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.communicate()
            raise PdfError(f"LibreOffice did not finish the conversion within {timeout:g} s.") from None
        finally:
            _kill_group(process.pid)
        pdf = outdir / "document.pdf"
        if process.returncode != 0 or not pdf.is_file():
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[-500:]
            raise PdfError(f"LibreOffice produced no PDF (exit code {process.returncode}). {detail}".strip())
        return pdf.read_bytes()


def _kill_group(pgid: int) -> None:
    # Only the group this module started (its own session); it is usually gone already.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF as LibreOffice writes it (uncompressed page dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
