"""Make any CSV readable by DuckDB as UTF-8, whatever encoding the system wrote.

DuckDB reads UTF-8 only without extensions (and the `encodings` extension cannot be
downloaded here), so on the exact CSV path a non-UTF-8 file (or a UTF-8 file with a
bad byte, which DuckDB rejects) is transcoded once to a temporary UTF-8 file; the
fast path (``arrow_csv``) transcodes while it parses.
Bytes that do not decode become U+FFFD; the loader quarantines the rows that carry
one, so a damaged byte costs one row, not the file.
"""

from __future__ import annotations

import codecs
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .transcode import REPLACEMENT, Transcoder

_CHUNK = 8 << 20
_SNIFF = 4 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class PreparedText:
    """A CSV ready for DuckDB: the path to read and what was done to get there."""

    path: Path
    encoding: str
    transcoded: bool
    undecodable_bytes: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _looks_like_utf8(sample: bytes) -> bool:
    """True when valid multi-byte UTF-8 characters clearly outnumber invalid sequences.

    Read as UTF-8, GBK text is mostly invalid (few of its byte pairs form UTF-8
    sequences), while a UTF-8 export damaged in one place is mostly valid.
    """
    text = sample.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT)
    if bad == 0:
        return True
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return good >= 4 * bad


def detect_encoding(path: Path, candidates: tuple[str, ...] = ()) -> str:
    """Pick the file's encoding from its bytes: BOM, then UTF-8, then candidates, then a detector.

    UTF-8 wins when nearly all of its multi-byte sequences are valid: a GBK file read
    as UTF-8 fails on most Chinese characters, while a UTF-8 file with one bad byte
    fails on one. The preset's candidates (e.g. gb18030 for taobao) are hints that are
    checked, not assumed.
    """
    with open(path, "rb") as fh:
        sample = fh.read(_SNIFF)
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    # Cut the sample at a line end so a multi-byte character is not split in two.
    if len(sample) == _SNIFF and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    if _looks_like_utf8(sample):
        return "utf-8"
    for enc in candidates:
        try:
            sample.decode(enc)
            return enc
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(sample).best()
    name = best.encoding if best else "gb18030"
    # GB2312 and GBK are subsets of GB18030: decode with the superset.
    return "gb18030" if name.lower().replace("-", "_") in {"gb2312", "gbk", "gb18030", "hz"} else name


def transcode_to_utf8(path: Path, encoding: str, workdir: Path | None = None) -> PreparedText:
    """Write a UTF-8 copy for DuckDB (streamed), undecodable bytes as U+FFFD and counted."""
    transcoder = Transcoder(encoding)
    tmp = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False, dir=workdir)
    try:
        with tmp, open(path, "rb") as src:
            while chunk := src.read(_CHUNK):
                tmp.write(transcoder.feed(chunk))
            tmp.write(transcoder.feed(b"", final=True))
    finally:
        transcoder.close()
    replaced = transcoder.replaced
    return PreparedText(path=Path(tmp.name), encoding=encoding, transcoded=True, undecodable_bytes=replaced)
