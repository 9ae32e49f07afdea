"""Email addresses: a cleaned form, a validity verdict and a canonical key for matching.

Why two forms: ``email`` is what we would send to (trimmed, lower-cased, ``mailto:``
and display names removed); ``canonical`` is for *matching* people across systems
and folds the variations that reach the same mailbox:

* Gmail (gmail.com, googlemail.com): dots in the local part are ignored and
  ``+tag`` is a sub-address; googlemail.com is the same service → gmail.com.
* Outlook.com family (outlook.*, hotmail.*, live.*, msn.com), iCloud (icloud.com,
  me.com, mac.com), Fastmail, Proton, Yandex, Zoho: ``+tag`` sub-addressing, dots
  ARE significant, so only the tag is removed.
* Yahoo: no ``+`` sub-addressing; its "disposable addresses" are ``base-keyword@``
  where *base* is a separately chosen name, not the account's address, so stripping
  ``-keyword`` would not produce the owner's address. Yahoo is left as is.
* Chinese providers (qq.com, 163.com, 126.com, sina, sohu, aliyun, foxmail …): no
  documented sub-addressing → left as is.
* Any other domain: left as is (a company server may treat ``+`` and dots literally).

Common domain typos of big providers (``gmial.com``, ``hotmial.com``, ``qq.con``,
``163.cm``) are corrected in ``canonical`` only, with ``typo_corrected = true``;
``email`` keeps what was typed. Validity is shape only (no DNS): exactly one ``@``,
an RFC 5322 dot-atom local part of ≤ 64 chars, a domain of LDH labels with a
dot-TLD of ≥ 2 letters, no whitespace.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ._text import nfkc

__all__ = ["EmailResult", "standardize_email"]


class EmailResult(NamedTuple):
    """``canonical`` is set if and only if ``is_valid``."""

    email: str | None
    canonical: str | None
    domain: str | None
    is_valid: bool
    is_freemail: bool
    typo_corrected: bool
    reject_reason: str | None  # empty / no_at / multiple_at / has_space / invalid_local / invalid_domain / no_tld


_GMAIL = {"gmail.com", "googlemail.com"}
_PLUS_PROVIDERS = {
    "outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com",
    "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
    "outlook.fr", "outlook.de", "outlook.jp", "outlook.co.uk", "live.co.uk", "live.cn",
    "live.fr", "live.de", "live.ca", "live.com.au", "outlook.com.au", "hotmail.ca",
    "icloud.com", "me.com", "mac.com",
    "fastmail.com", "fastmail.fm", "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
    "yandex.com", "yandex.ru", "ya.ru", "zoho.com", "zohomail.com",
}
_FREEMAIL = _GMAIL | _PLUS_PROVIDERS | {
    "yahoo.com", "yahoo.co.uk", "yahoo.co.jp", "yahoo.com.cn", "yahoo.com.hk", "yahoo.com.tw",
    "ymail.com", "rocketmail.com", "aol.com", "gmx.com", "gmx.de", "gmx.net", "web.de",
    "mail.com", "mail.ru", "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net",
    "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "wo.cn",
    "tom.com", "21cn.com", "hotmail.com.hk", "naver.com", "daum.net", "hanmail.net",
}
_DOMAIN_TYPOS = {
    "gmial.com": "gmail.com", "gmai.com": "gmail.com", "gamil.com": "gmail.com",
    "gmail.co": "gmail.com", "gmail.con": "gmail.com", "gmail.cm": "gmail.com",
    "gmail.om": "gmail.com", "gmaill.com": "gmail.com", "gnail.com": "gmail.com",
    "gmail.comm": "gmail.com", "gmal.com": "gmail.com", "gmali.com": "gmail.com",
    "hotmial.com": "hotmail.com", "hotmal.com": "hotmail.com", "hotmail.con": "hotmail.com",
    "hotmail.co": "hotmail.com", "hotmai.com": "hotmail.com", "homail.com": "hotmail.com",
    "outlok.com": "outlook.com", "outlook.con": "outlook.com", "outllok.com": "outlook.com",
    "yahooo.com": "yahoo.com", "yaho.com": "yahoo.com", "yahoo.con": "yahoo.com",
    "yahoo.co": "yahoo.com", "icloud.con": "icloud.com", "iclod.com": "icloud.com",
    "qq.con": "qq.com", "qq.cm": "qq.com", "qq.co": "qq.com", "qq.comm": "qq.com",
    "163.con": "163.com", "163.cm": "163.com", "163.co": "163.com", "126.con": "126.com",
    "126.cm": "126.com", "sina.con": "sina.com", "foxmail.con": "foxmail.com",
}

_LOCAL_RE = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD_RE = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{2,59}")
_ANGLE_RE = re.compile(r"<([^<>]*)>")
_SPACE_RE = re.compile(r"\s")
# Chinese IMEs produce "。" and "，" inside addresses.
_PUNCT = str.maketrans({"。": ".", "，": ",", "；": ";", "＠": "@"})


def _reject(email: str | None, reason: str, domain: str | None = None) -> EmailResult:
    return EmailResult(email, None, domain, False, False, False, reason)


@lru_cache(maxsize=1 << 18)
def standardize_email(raw: str | None) -> EmailResult:
    """Clean, validate and canonicalize one email value (see module docstring)."""
    if raw is None:
        return _reject(None, "empty")
    s = nfkc(raw).translate(_PUNCT).strip()
    m = _ANGLE_RE.search(s)  # "Wei Zhang <Wei.Zhang@Gmail.com>"
    if m:
        s = m.group(1).strip()
    s = s.strip("\"'<>;, ").rstrip(".").lower()
    if s.startswith("mailto:"):
        s = s[7:].split("?", 1)[0].strip()
    if not s:
        return _reject(None, "empty")
    if _SPACE_RE.search(s):
        return _reject(s, "has_space")
    at = s.count("@")
    if at == 0:
        return _reject(s, "no_at")
    if at > 1:
        return _reject(s, "multiple_at")
    local, domain = s.split("@")
    domain = domain.rstrip(".")
    if not local or len(local) > 64 or not _LOCAL_RE.fullmatch(local):
        return _reject(s, "invalid_local", domain or None)
    labels = domain.split(".")
    if len(labels) < 2:
        return _reject(s, "no_tld", domain or None)
    if len(domain) > 253 or not all(_LABEL_RE.fullmatch(lb) for lb in labels[:-1]):
        return _reject(s, "invalid_domain", domain)
    if not _TLD_RE.fullmatch(labels[-1]):
        return _reject(s, "no_tld" if labels[-1].isdigit() else "invalid_domain", domain)

    fixed = _DOMAIN_TYPOS.get(domain)
    cdomain = fixed or domain
    clocal = local
    if cdomain in _GMAIL:
        cdomain = "gmail.com"
        clocal = clocal.split("+", 1)[0].replace(".", "")
    elif cdomain in _PLUS_PROVIDERS:
        clocal = clocal.split("+", 1)[0]
    if not clocal:  # "+tag@gmail.com": nothing left to identify a mailbox
        return _reject(s, "invalid_local", domain)
    return EmailResult(
        email=f"{local}@{domain}",
        canonical=f"{clocal}@{cdomain}",
        domain=domain,
        is_valid=True,
        is_freemail=cdomain in _FREEMAIL,
        typo_corrected=fixed is not None,
        reject_reason=None,
    )
