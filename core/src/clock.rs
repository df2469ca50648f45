//! Moments as Postil keeps them (a [`Stamp`]: milliseconds since 1970-01-01 00:00 UTC, what
//! the browser's `Date.now()` gives) and as files and people read them: ISO 8601 in UTC with
//! milliseconds (`2026-12-07T13:20:05.123Z`), and calendar days in the person's time zone for
//! "annotations per day". The core has no clock of its own: the shell passes the time in.
//!
//! Days are counted from 1970-01-01 in the proleptic Gregorian calendar (negative before), by
//! the usual era arithmetic (a 400-year era has 146,097 days), so no table and no library.

/// A moment: milliseconds since 1970-01-01 00:00 UTC (the browser's `Date.now()`).
pub type Stamp = u64;

const MS_PER_DAY: i64 = 86_400_000;

/// A calendar day: days since 1970-01-01.
pub type Day = i64;

/// The last moment Postil writes or counts, 9999-12-31T23:59:59.999Z: ISO 8601's four-digit
/// years end there. A stored time after it (only a hand-edited value has one) is dropped when
/// read ([`checked`]); [`iso`] and [`day_of`] take one as this.
pub const LAST: Stamp = 253_402_300_799_999;

/// `stamp` when it is no later than [`LAST`].
pub fn checked(stamp: Stamp) -> Option<Stamp> {
    (stamp <= LAST).then_some(stamp)
}

/// The day `stamp` falls on where the clock is `offset_minutes` ahead of UTC (the negation of
/// JavaScript's `getTimezoneOffset()`: +60 in Paris in winter).
pub fn day_of(stamp: Stamp, offset_minutes: i32) -> Day {
    let local = stamp.min(LAST) as i64 + i64::from(offset_minutes) * 60_000;
    local.div_euclid(MS_PER_DAY)
}

/// Year, month (1–12) and day (1–31) of a day.
pub fn civil(day: Day) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The day of a year, month (1–12) and day of month, or `None` when there is no such date.
pub fn day_from_civil(y: i64, m: u32, d: u32) -> Option<Day> {
    if !(1..=12).contains(&m) || d == 0 || d > month_len(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn month_len(y: i64, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A day as `2026-12-07`.
pub fn day_text(day: Day) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A stamp in ISO 8601, UTC, with milliseconds: `2026-12-07T13:20:05.123Z`.
pub fn iso(stamp: Stamp) -> String {
    let ms = stamp.min(LAST) as i64;
    let (day, rest) = (ms.div_euclid(MS_PER_DAY), ms.rem_euclid(MS_PER_DAY));
    let (h, min, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1_000 % 60,
        rest % 1_000,
    );
    format!("{}T{h:02}:{min:02}:{s:02}.{milli:03}Z", day_text(day))
}

/// Reads what [`iso`] writes, and the same with fewer or more decimals (or none) after the
/// seconds (cut to milliseconds): `YYYY-MM-DDTHH:MM:SS[.f+]Z`, UTC only, from 1970 on.
/// `None` for anything else.
pub fn parse_iso(text: &str) -> Option<Stamp> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' || b.last() != Some(&b'Z') {
        return None;
    }
    let day = day_from_civil(i64::from(num(0..4)?), num(5..7)?, num(8..10)?)?;
    let (h, m, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let fraction = &text[19..text.len() - 1];
    let milli = match fraction.strip_prefix('.') {
        None if fraction.is_empty() => 0,
        Some(digits) if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => {
            let three: String = digits.chars().chain("00".chars()).take(3).collect();
            three.parse::<i64>().ok()?
        }
        _ => return None,
    };
    let ms = day * MS_PER_DAY + i64::from(h * 3_600 + m * 60 + s) * 1_000 + milli;
    u64::try_from(ms).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn days_and_dates() {
        let cases: &[(Day, (i64, u32, u32), &str)] = &[
            (0,       (1970, 1, 1),   "1970-01-01"),
            (-1,      (1969, 12, 31), "1969-12-31"),
            (11_016,  (2000, 2, 29),  "2000-02-29"),
            (11_017,  (2000, 3, 1),   "2000-03-01"),
            (20_794,  (2026, 12, 7),  "2026-12-07"),
            (47_541,  (2100, 3, 1),   "2100-03-01"),
        ];
        for (day, ymd, text) in cases {
            assert_eq!(civil(*day), *ymd, "{text}");
            assert_eq!(day_from_civil(ymd.0, ymd.1, ymd.2), Some(*day), "{text}");
            assert_eq!(day_text(*day), *text);
        }
        for (y, m, d) in [(2026, 2, 29), (2100, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 1, 0)] {
            assert_eq!(day_from_civil(y, m, d), None, "{y}-{m}-{d}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn iso_round_trips_and_refuses_what_is_not_one() {
        let stamp: Stamp = 1_796_649_605_123; // 2026-12-07T13:20:05.123Z
        assert_eq!(iso(stamp), "2026-12-07T13:20:05.123Z");
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(LAST), "9999-12-31T23:59:59.999Z");
        assert_eq!(iso(u64::MAX), iso(LAST), "beyond the last moment is the last moment");
        assert_eq!(parse_iso(&iso(LAST)), Some(LAST));
        assert_eq!(day_text(day_of(u64::MAX, 0)), "9999-12-31", "no overflow");
        assert_eq!(day_text(day_of(u64::MAX, 840)), "10000-01-01", "14 hours east of it");
        assert_eq!(checked(LAST + 1), None);
        let cases: &[(&str, Option<Stamp>)] = &[
            ("2026-12-07T13:20:05.123Z",    Some(stamp)),
            ("2026-12-07T13:20:05Z",        Some(stamp - 123)),
            ("2026-12-07T13:20:05.1Z",      Some(stamp - 23)),
            ("2026-12-07T13:20:05.123456Z", Some(stamp)),
            ("2026-12-07T13:20:05.Z",       None),
            ("2026-12-07T13:20:05+01:00",   None),
            ("2026-12-07 13:20:05Z",        None),
            ("2026-02-30T00:00:00Z",        None),
            ("2026-12-07T24:00:00Z",        None),
            ("1969-12-31T23:59:59Z",        None),
            ("2026-12-07T13:20:5Z",         None),
            ("+026-12-07T13:20:05Z",        None),
            ("2026-12-07T13:20:05.1é3Z",    None),
            ("",                            None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_iso(text), *want, "{text}");
        }
    }

    #[test]
    fn the_day_depends_on_the_time_zone() {
        let late = parse_iso("2026-12-07T23:30:00Z").unwrap();
        assert_eq!(day_text(day_of(late, 0)), "2026-12-07");
        assert_eq!(day_text(day_of(late, 60)), "2026-12-08", "Paris");
        assert_eq!(day_text(day_of(late, -300)), "2026-12-07", "New York");
        let early = parse_iso("2026-12-07T01:00:00Z").unwrap();
        assert_eq!(day_text(day_of(early, -300)), "2026-12-06");
    }
}
