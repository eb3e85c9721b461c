"""Decoding a content file: UTF-8 text with one kind of line ending, or where and why it cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from wijkgen.parse.limits import MAX_TEXT_BYTES


class Unreadable(NamedTuple):
    """Where and why a file's text cannot be used: line, column, message code and its arguments."""

    line: int
    column: int
    code: str
    args: dict[str, Any]



def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str, Unreadable | None]:
    """The text of a content file, or where and why it cannot be used (too large, not UTF-8, unreadable).

    A byte-order mark at the start is dropped and every line ending becomes ``\\n``, so a file
    saved by Windows Notepad gives exactly what the same file from any other editor gives. At
    most ``limit`` + 1 bytes are read: a larger file is refused without reading it whole.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        return "", Unreadable(1, 1, "file.unreadable", {"detail": err.strerror or type(err).__name__})
    if len(data) > limit:
        return "", Unreadable(1, 1, "file.too_large", {"size_bytes": _size(path, len(data)), "limit_bytes": limit})
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "", Unreadable(1, 1, "file.utf16", {})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return "", _not_utf8(data, err)
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None



def _size(path: Path, at_least: int) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return at_least



def _not_utf8(data: bytes, err: UnicodeDecodeError) -> Unreadable:
    """Where the first byte that is not UTF-8 stands, and the character it most likely was (Windows-1252)."""
    line_start = data.rfind(b"\n", 0, err.start) + 1
    line = data.count(b"\n", 0, err.start) + 1
    column = len(data[line_start : err.start].decode("utf-8")) + 1
    guess = data[err.start : err.start + 1].decode("cp1252", errors="replace")
    if guess.isprintable() and guess != "\ufffd":
        return Unreadable(line, column, "file.encoding_char", {"char": guess})
    return Unreadable(line, column, "file.encoding", {})
