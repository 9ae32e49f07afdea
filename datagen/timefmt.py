"""Timestamps as each system writes them.

Internally every instant is an int of UTC epoch seconds; a source formats it in its
own zone (specs.TZ_OFFSET_HOURS). `time.gmtime` on a shifted epoch is used instead of
tz-aware datetimes because it is several times faster and the offsets are fixed.
"""

from __future__ import annotations

import calendar
import time

EXCEL_EPOCH = -2209161600  # 1899-12-30T00:00:00Z, day 0 of Excel's 1900 date system
DAY = 86400


def date_to_epoch(date_iso: str, offset_hours: int = 0) -> int:
    """Epoch seconds of local midnight of `date_iso` in a zone `offset_hours` east of UTC."""
    y, m, d = (int(x) for x in date_iso.split("-"))
    return calendar.timegm((y, m, d, 0, 0, 0)) - offset_hours * 3600


def local(ts: int, offset_hours: int) -> time.struct_time:
    return time.gmtime(ts + offset_hours * 3600)


def iso_z(ts: int) -> str:
    """Salesforce: 2024-08-19T01:30:00.000Z"""
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(ts))


def ymd_hm(ts: int, off: int) -> str:
    """HubSpot: 2024-08-19 09:30"""
    return time.strftime("%Y-%m-%d %H:%M", local(ts, off))


def ymd_hms(ts: int, off: int) -> str:
    """Zoho / Taobao / feedback: 2024-08-19 09:30:00"""
    return time.strftime("%Y-%m-%d %H:%M:%S", local(ts, off))


def ymd_hms_offset(ts: int, off: int) -> str:
    """Shopify: 2024-08-19 09:30:00 +0800"""
    sign = "+" if off >= 0 else "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", local(ts, off)) + f" {sign}{abs(off):02d}00"


def slash_hm(ts: int, off: int) -> str:
    """fxiaoke text dates: 2024/8/19 9:30 (no zero padding)"""
    t = local(ts, off)
    return f"{t.tm_year}/{t.tm_mon}/{t.tm_mday} {t.tm_hour}:{t.tm_min:02d}"


def cn_date(ts: int, off: int) -> str:
    """Chinese text date: 2024年8月19日"""
    t = local(ts, off)
    return f"{t.tm_year}年{t.tm_mon}月{t.tm_mday}日"


def excel_serial(ts: int, off: int) -> float:
    """Excel serial day number of the local time (what a numeric date cell holds)."""
    return round((ts + off * 3600 - EXCEL_EPOCH) / DAY, 8)


def excel_serial_date(date_iso: str) -> float:
    return float((date_to_epoch(date_iso) - EXCEL_EPOCH) // DAY)


def date_parts(date_iso: str) -> tuple[int, int, int]:
    y, m, d = date_iso.split("-")
    return int(y), int(m), int(d)
