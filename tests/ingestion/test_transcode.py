"""The transcoder that feeds both CSV paths: same text as Python's codec, whatever the chunking."""

from __future__ import annotations

import pytest

from ingestion.transcode import Transcoder

TEXT = "订单编号,买家会员名,收货地址\n1001,张伟,\"浙江省 杭州市\n文三路 90 号\"\n1002,王芳,北京市朝阳区\n" * 50


def _all(t: Transcoder, data: bytes, size: int) -> bytes:
    return b"".join(t.feed(data[i : i + size]) for i in range(0, len(data), size)) + t.feed(b"", final=True)


@pytest.mark.parametrize("size", [1, 3, 7, 4096])
def test_gb18030_chunks_cut_anywhere_give_the_same_utf8(size: int) -> None:
    data = TEXT.encode("gb18030")
    t = Transcoder("gb18030")
    assert t.uses_iconv  # glibc here: the fast, GIL-free converter is the one under test
    assert _all(t, data, size) == TEXT.encode("utf-8")
    assert t.replaced == 0


def test_a_damaged_byte_becomes_one_replacement_and_keeps_the_line_break() -> None:
    data = "张伟\n".encode("gb18030") + b"\x81\n" + "王芳\n".encode("gb18030") + b"\xff"
    t = Transcoder("gbk")
    out = _all(t, data, 2).decode("utf-8")
    assert out == "张伟\n\ufffd\n王芳\n\ufffd"
    assert t.replaced == 2


def test_a_sequence_cut_by_the_end_of_the_file_is_replaced() -> None:
    t = Transcoder("gb18030")
    assert t.feed(b"ab\x81") == b"ab"
    assert t.feed(b"\x30") == b""
    assert t.feed(b"", final=True) == "\ufffd".encode("utf-8")
    assert t.replaced == 1


def test_other_encodings_use_pythons_codec_with_the_same_contract() -> None:
    data = "Café Ünïcode\n".encode("cp1252") + b"\x81\n"
    t = Transcoder("cp1252")
    assert not t.uses_iconv
    assert _all(t, data, 5).decode("utf-8") == "Café Ünïcode\n\ufffd\n"
    assert t.replaced == 1
