"""Emails: cleaning, validity and the provider-aware canonical form used for matching."""

from __future__ import annotations

import pytest

from standardize.emails import standardize_email

# raw -> (email, canonical, is_freemail, typo_corrected)
VALID = [
    ("wei.zhang@gmail.com", "wei.zhang@gmail.com", "weizhang@gmail.com", True, False),
    ("  Wei.Zhang+shop@Gmail.COM ", "wei.zhang+shop@gmail.com", "weizhang@gmail.com", True, False),
    ("W.E.I.Zhang@googlemail.com", "w.e.i.zhang@googlemail.com", "weizhang@gmail.com", True, False),
    ("mailto:Wei.Zhang@gmail.com", "wei.zhang@gmail.com", "weizhang@gmail.com", True, False),
    ("Wei Zhang <WEI.ZHANG+crm@gmail.com>", "wei.zhang+crm@gmail.com", "weizhang@gmail.com", True, False),
    ("ｗｅｉ．ｚｈａｎｇ＠ｇｍａｉｌ．ｃｏｍ", "wei.zhang@gmail.com", "weizhang@gmail.com", True, False),
    ("wei.zhang@gmial.com", "wei.zhang@gmial.com", "weizhang@gmail.com", True, True),
    # Outlook / Hotmail / iCloud: +tag is a sub-address, but dots are significant
    ("Zhang.Wei+news@outlook.com", "zhang.wei+news@outlook.com", "zhang.wei@outlook.com", True, False),
    ("zhang.wei+x@hotmail.com", "zhang.wei+x@hotmail.com", "zhang.wei@hotmail.com", True, False),
    ("zhang.wei+x@icloud.com", "zhang.wei+x@icloud.com", "zhang.wei@icloud.com", True, False),
    # Yahoo: neither + nor its -keyword disposable form is folded (see emails.py)
    ("zhang.wei+x@yahoo.com", "zhang.wei+x@yahoo.com", "zhang.wei+x@yahoo.com", True, False),
    ("zhangwei-shop@yahoo.com", "zhangwei-shop@yahoo.com", "zhangwei-shop@yahoo.com", True, False),
    # Chinese providers and company domains: kept as typed (lower-cased)
    ("12345678@QQ.com", "12345678@qq.com", "12345678@qq.com", True, False),
    ("12345678@qq.con", "12345678@qq.con", "12345678@qq.com", True, True),
    ("wei.zhang+x@acme.com.cn", "wei.zhang+x@acme.com.cn", "wei.zhang+x@acme.com.cn", False, False),
    ("o'brien@example.co.uk", "o'brien@example.co.uk", "o'brien@example.co.uk", False, False),
]


@pytest.mark.parametrize("raw,email,canonical,freemail,typo", VALID)
def test_valid(raw, email, canonical, freemail, typo):
    r = standardize_email(raw)
    assert (r.email, r.canonical, r.is_valid, r.is_freemail, r.typo_corrected, r.reject_reason) == (
        email, canonical, True, freemail, typo, None
    )


def test_same_mailbox_same_canonical():
    variants = ["Wei.Zhang@gmail.com", "weizhang@gmail.com", "WEIZHANG+shopify@GMAIL.COM",
                "wei.zhang@googlemail.com", " mailto:wei.zhang@gmail.com "]
    assert {standardize_email(v).canonical for v in variants} == {"weizhang@gmail.com"}


INVALID = [
    (None, None, "empty"),
    ("", None, "empty"),
    ("   ", None, "empty"),
    ("zhang wei@gmail.com", "zhang wei@gmail.com", "has_space"),
    ("zhangwei", "zhangwei", "no_at"),
    ("zhangwei@@gmail.com", "zhangwei@@gmail.com", "multiple_at"),
    ("a@b@gmail.com", "a@b@gmail.com", "multiple_at"),
    ("zhangwei@gmail", "zhangwei@gmail", "no_tld"),
    ("zhangwei@10.0.0.1", "zhangwei@10.0.0.1", "no_tld"),
    ("zhang..wei@gmail.com", "zhang..wei@gmail.com", "invalid_local"),
    ("@gmail.com", "@gmail.com", "invalid_local"),
    ("+tag@gmail.com", "+tag@gmail.com", "invalid_local"),
    ("wei@-acme.com", "wei@-acme.com", "invalid_domain"),
    ("wei@acme.c", "wei@acme.c", "invalid_domain"),
    ("wei@ac_me.com", "wei@ac_me.com", "invalid_domain"),
]


@pytest.mark.parametrize("raw,email,reason", INVALID)
def test_invalid(raw, email, reason):
    r = standardize_email(raw)
    assert (r.email, r.canonical, r.is_valid, r.reject_reason) == (email, None, False, reason)
