import codecs

import pytest

from corpus_site.ingest.decode import SeedError, decode_seed

TEXT = "核安全命运共同体：内涵、时代价值与中国的实践\n理性、协调、并进的核安全观。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16 (BOM)"),
        (TEXT.encode("gb18030"), "gb18030"),
        ("核安全命運共同體：內涵與實踐，理性、協調、並進的核安全觀。".encode("big5"), "big5"),
    ],
)
def test_decodes_every_common_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_seed(data)
    assert decoded.encoding == encoding
    assert "核安全" in decoded.text


def test_windows_1252_english_is_not_mistaken_for_chinese() -> None:
    text = "Café déjà vu — “smart quotes” and naïve façades are common in Windows-1252 files."
    decoded = decode_seed(text.encode("cp1252"))
    assert decoded.text == text


def test_crlf_and_lone_cr_become_lf() -> None:
    assert decode_seed("a\r\nb\rc\n".encode()).text == "a\nb\nc\n"


def test_mixed_utf8_and_gb18030_lines_are_decoded_line_by_line() -> None:
    data = "第一行是UTF-8。\n".encode("utf-8") + "第二行是GB18030编码。\n".encode("gb18030")
    decoded = decode_seed(data)
    assert "第一行是UTF-8" in decoded.text and "第二行是GB18030编码" in decoded.text
    assert decoded.encoding.startswith("mixed")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x00\x01\x02\x03" * 500, "binary"),
    ],
)
def test_unreadable_input_raises_one_line_error(data: bytes, message: str) -> None:
    with pytest.raises(SeedError) as info:
        decode_seed(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
