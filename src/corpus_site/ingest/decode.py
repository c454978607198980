"""Stage 1: bytes to text. Finds the encoding, normalises line ends, rejects what is not text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .text import CJK_RE


class SeedError(Exception):
    """A seed that cannot be read as text; the message is one line and names no path (the caller does)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def decode_seed(data: bytes) -> Decoded:
    """Decode a seed's bytes. Raises SeedError for empty, binary or undecodable input."""
    if not data.strip():
        raise SeedError("empty seed: the file has no text")
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL_RE.findall(text))
    if "\x00" in text and text.count("\x00") > max(8, len(text) // 100) or controls > max(32, len(text) // 10):
        raise SeedError("binary file: too many NUL or control bytes to be text")
    if not text.strip():
        raise SeedError("empty seed: the file has only white space")
    return Decoded(text, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError as exc:
                raise SeedError(f"undecodable: has a {name} byte-order mark but invalid bytes at offset {exc.start}") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _has_utf8_lines(data):
        return _decode_by_line(data)  # mixed encodings: some lines are UTF-8, some are not
    whole = _legacy_decode(data)
    if whole is not None:
        return whole
    return _decode_by_line(data)


def _has_utf8_lines(data: bytes) -> bool:
    """Does any line with non-ASCII bytes decode as UTF-8? (Legacy encodings rarely do.)"""
    for raw in data.split(b"\n"):
        if max(raw, default=0) < 128:
            continue
        try:
            raw.decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def _plausible_chinese(text: str) -> bool:
    """True when decoded text looks like real Chinese rather than mojibake."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    common = 0
    for ch in non_ascii:
        if CJK_RE.match(ch) or ch in "，。、；：？！“”‘’（）《》【】—…　·「」『』":
            try:
                ch.encode("gb2312")
                common += 1
                continue
            except UnicodeEncodeError:
                pass
            try:
                ch.encode("big5")
                common += 1
            except UnicodeEncodeError:
                pass
    return common / len(non_ascii) > 0.85


def _legacy_decode(data: bytes) -> tuple[str, str] | None:
    for name in ("gb18030", "big5"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            return text, name
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text, "cp1252"


def _decode_by_line(data: bytes) -> tuple[str, str]:
    """Mixed encodings: decode each line on its own (UTF-8 first, then GB18030, then CP1252)."""
    lines = []
    used: set[str] = set()
    for raw in data.split(b"\n"):
        for name in ("utf-8", "gb18030", "big5", "cp1252"):
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                continue
            if name in ("gb18030", "big5") and not _plausible_chinese(text):
                continue
            lines.append(text)
            used.add(name)
            break
        else:
            lines.append(raw.decode("latin-1"))
            used.add("latin-1")
    if used == {"latin-1"}:
        raise SeedError("undecodable: not UTF-8, GB18030, Big5 or Windows-1252 text")
    return "\n".join(lines), "mixed (" + ", ".join(sorted(used)) + ")"
