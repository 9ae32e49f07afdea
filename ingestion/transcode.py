"""Incremental transcoding of an export's bytes to UTF-8, undecodable bytes as U+FFFD.

Chinese systems (Taobao, 纷享销客) write GBK/GB18030. Neither Arrow nor the bundled
DuckDB reads it, so every such file is transcoded before it is parsed, and that was
the slowest part of landing it: CPython's codec decodes about 200 MB/s and holds the
GIL, so the parser's threads waited on it. glibc's ``iconv`` converts GB18030 twice
as fast and, called through ctypes, without the GIL: the transcoding of one block
then overlaps Arrow's parsing of the previous one.

``iconv`` is used for the GB family only (the encodings measured and tested here);
any other encoding, or a platform without a usable ``iconv``, goes through Python's
codecs with the same contract: every undecodable byte sequence becomes U+FFFD and is
counted, a record keeps its line breaks, and a sequence cut at a chunk boundary is
completed by the next chunk.
"""

from __future__ import annotations

import codecs
import ctypes
import ctypes.util
import errno
from functools import cache

REPLACEMENT = "\ufffd"
REPLACEMENT_UTF8 = REPLACEMENT.encode("utf-8")
# Python codec names (after codecs.lookup) that iconv converts here, and iconv's name for them.
_ICONV_NAMES = {"gb18030": b"GB18030", "gbk": b"GB18030", "gb2312": b"GB18030"}
_ICONV_FAILED = ctypes.c_size_t(-1).value


class Transcoder:
    """``feed(chunk)`` returns the UTF-8 bytes of ``chunk``; ``replaced`` counts U+FFFD written."""

    def __init__(self, encoding: str) -> None:
        self.encoding = codecs.lookup(encoding).name
        self.replaced = 0
        self._iconv = _Iconv.open(self.encoding)
        self._decoder = None if self._iconv else codecs.getincrementaldecoder(self.encoding)(errors="replace")

    @property
    def uses_iconv(self) -> bool:
        return self._iconv is not None

    def feed(self, chunk: bytes, final: bool = False) -> bytes:
        if self._iconv is not None:
            out, replaced = self._iconv.convert(chunk, final)
        else:
            text = self._decoder.decode(chunk, final=final)
            replaced = text.count(REPLACEMENT)
            out = text.encode("utf-8")
        self.replaced += replaced
        return out

    def close(self) -> None:
        if self._iconv is not None:
            self._iconv.close()
            self._iconv = None


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        libc.iconv_open.restype = ctypes.c_void_p
        libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        libc.iconv.restype = ctypes.c_size_t
        libc.iconv.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)] * 2
        libc.iconv_close.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    return libc


class _Iconv:
    """One iconv conversion to UTF-8, fed chunk by chunk (ctypes releases the GIL during the call)."""

    def __init__(self, libc: ctypes.CDLL, handle: int) -> None:
        self._libc = libc
        self._handle = handle
        self._pending = b""  # an incomplete multi-byte sequence at the end of the last chunk

    @classmethod
    def open(cls, encoding: str) -> _Iconv | None:
        name = _ICONV_NAMES.get(encoding)
        libc = _libc() if name else None
        if libc is None:
            return None
        handle = libc.iconv_open(b"UTF-8", name)
        if handle in (None, _ICONV_FAILED):
            return None
        return cls(libc, handle)

    def convert(self, chunk: bytes, final: bool) -> tuple[bytes, int]:
        data = self._pending + chunk if self._pending else chunk
        self._pending = b""
        pieces: list[bytes] = []
        replaced = 0
        start = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value or 0
        pos, end = 0, len(data)
        # GB18030 to UTF-8 grows at most 3/2 (two bytes to three); a replacement is 3 bytes for 1.
        cap = max(end * 3 // 2 + 64, 4096)
        out = ctypes.create_string_buffer(cap)
        out_start = ctypes.addressof(out)
        while pos < end:
            inp, inleft = ctypes.c_void_p(start + pos), ctypes.c_size_t(end - pos)
            outp, outleft = ctypes.c_void_p(out_start), ctypes.c_size_t(cap)
            rc = self._libc.iconv(self._handle, ctypes.byref(inp), ctypes.byref(inleft),
                                  ctypes.byref(outp), ctypes.byref(outleft))
            err = ctypes.get_errno() if rc == _ICONV_FAILED else 0
            pieces.append(ctypes.string_at(out_start, cap - outleft.value))
            pos = end - inleft.value
            if rc != _ICONV_FAILED or err == errno.E2BIG:
                continue
            if err == errno.EINVAL and not final:  # cut mid-sequence: finish it with the next chunk
                self._pending = data[pos:]
                break
            # EILSEQ, or a sequence the file ends in the middle of: one U+FFFD for one byte,
            # so a damaged byte never swallows the line break after it.
            pieces.append(REPLACEMENT_UTF8)
            replaced += 1
            pos += 1 if err == errno.EILSEQ else end - pos
            self._libc.iconv(self._handle, None, None, None, None)  # reset the shift state
        return b"".join(pieces), replaced

    def close(self) -> None:
        self._libc.iconv_close(self._handle)
