"""Which report formats this machine can read, and what to install for the others."""

from __future__ import annotations

from index.convert import libreoffice_status
from index.ocr import tesseract_status


def unavailable_formats() -> dict[str, str]:
    """Format -> why it cannot be read here and how to add it; empty when everything can be read."""
    missing = {}
    if status := libreoffice_status():
        missing[".doc (Word 97-2003)"] = status
    if status := tesseract_status():
        missing["PDF bản scan (không có lớp chữ)"] = status
    return missing
