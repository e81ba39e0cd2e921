"""Word 97-2003 (.doc) files converted to .docx by LibreOffice headless (Debian:
libreoffice-writer-nogui), then read as Word files."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import ReportLoadError

CONVERT_TIMEOUT_S = 180  # LibreOffice starts in 3-10 s here; a long .doc converts in seconds more
MISSING_LIBREOFFICE = (
    "cần LibreOffice để đọc tệp .doc (Word 97-2003): cài `apt-get install libreoffice-writer-nogui` "
    "(make run / make test làm việc này khi có quyền root), hoặc mở tệp bằng Word và lưu lại dưới dạng .docx."
)


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def libreoffice_status() -> str | None:
    """None when .doc files can be converted here, else what is missing and how to add it."""
    return None if soffice() else MISSING_LIBREOFFICE


@contextmanager
def doc_to_docx(path: Path, data: bytes) -> Iterator[Path]:
    """The .docx LibreOffice makes of a .doc file, in a folder removed afterwards."""
    program = soffice()
    if program is None:
        raise ReportLoadError(f"{path.name}: {MISSING_LIBREOFFICE}")
    with tempfile.TemporaryDirectory(prefix="baocao-doc-") as tmp:
        work = Path(tmp)
        source = work / "input.doc"
        source.write_bytes(data)
        try:
            done = subprocess.run(
                # A profile of its own: runs beside a LibreOffice the user has open.
                [
                    program,
                    f"-env:UserInstallation=file://{work / 'profile'}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    str(work / "out"),
                    str(source),
                ],
                capture_output=True,
                text=True,
                timeout=CONVERT_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ReportLoadError(
                f"{path.name}: LibreOffice không chuyển được tệp .doc trong {CONVERT_TIMEOUT_S} giây "
                "(tệp có mật khẩu hoặc hỏng?); hãy mở bằng Word và lưu lại dưới dạng .docx."
            ) from exc
        converted = work / "out" / "input.docx"
        if done.returncode != 0 or not converted.exists():
            reason = (done.stderr or done.stdout).strip().splitlines()
            detail = f": {reason[-1][:160]}" if reason else ""
            raise ReportLoadError(
                f"{path.name}: LibreOffice không đọc được tệp .doc (có mật khẩu hoặc hỏng{detail}); hãy mở "
                "bằng Word, gỡ mật khẩu nếu có, và lưu lại dưới dạng .docx."
            )
        yield converted
