"""What a file really is, read from its bytes (never from its name or the browser's claim).

Pure Python, no libmagic: the signatures of the few types the site accepts.
"""

import enum

TEXT_SAMPLE = 64 * 1024
# Control characters never found in a text or CSV file (tab, LF, FF and CR are allowed).
_BINARY_CONTROLS = set(range(0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F}


class FileType(enum.StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    XML = "xml"
    CSV = "csv"
    TEXT = "txt"


MIME_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.XML: "application/xml",
    FileType.CSV: "text/csv",
    FileType.TEXT: "text/plain",
}
EXTENSIONS = {
    FileType.PDF: {"pdf"},
    FileType.PNG: {"png"},
    FileType.JPEG: {"jpg", "jpeg"},
    FileType.XML: {"xml"},
    FileType.CSV: {"csv"},
    FileType.TEXT: {"txt"},
}
LABELS = {
    FileType.PDF: "PDF",
    FileType.PNG: "PNG",
    FileType.JPEG: "JPEG",
    FileType.XML: "XML",
    FileType.CSV: "CSV",
    FileType.TEXT: "texte",
}


def _as_text(sample: bytes) -> str | None:
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    if any(byte in _BINARY_CONTROLS for byte in sample):
        return None
    try:
        return sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may cut a multi-byte character at its end.
        if error.start >= len(sample) - 3:
            return sample[: error.start].decode("utf-8", errors="strict")
    try:
        # Exports of older tools (Excel "CSV (séparateur : point-virgule)") are in Windows-1252.
        return sample.decode("cp1252")
    except UnicodeDecodeError:
        return None


def sniff(head: bytes, extension: str = "") -> FileType | None:
    """The type of a file whose first bytes are `head` (at least TEXT_SAMPLE when available).
    Text kinds (XML, CSV, plain text) share their bytes: the extension chooses among them
    once the bytes are proved to be text."""
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    text = _as_text(head[:TEXT_SAMPLE])
    if text is None or not text.strip():
        return None
    if text.lstrip().startswith("<?xml") or (extension == "xml" and text.lstrip().startswith("<")):
        return FileType.XML
    if extension == "csv":
        return FileType.CSV
    return FileType.TEXT
