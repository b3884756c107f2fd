//! Calendar dates for the API: the `MM/dd/yyyy` text the job form sends, the `yyyy-MM-dd` an
//! `<input type=date>` gives, and epoch milliseconds the server reports. Backed by the `time` crate.

use time::{Date, Month};

/// `MM/dd/yyyy`, the form the contract's `cycleStartDateStr` / `cycleEndDateStr` use.
pub fn parse_us_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().split('/');
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// `yyyy-MM-dd`, what `<input type="date">` reports.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let date_part = text.split('T').next()?;
    let mut parts = date_part.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

pub fn format_us_date(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        u8::from(date.month()),
        date.day(),
        date.year()
    )
}

pub fn format_iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The server's `MM/dd/yyyy` as the `yyyy-MM-dd` a date input expects (empty when unreadable).
pub fn us_to_iso(text: &str) -> String {
    parse_us_date(text).map(format_iso_date).unwrap_or_default()
}

/// A date input's `yyyy-MM-dd` as the `MM/dd/yyyy` the server expects (empty when unreadable).
pub fn iso_to_us(text: &str) -> String {
    parse_iso_date(text).map(format_us_date).unwrap_or_default()
}

pub fn date_to_epoch_ms(date: Date) -> i64 {
    let midnight = date.midnight().assume_utc();
    (midnight.unix_timestamp_nanos() / 1_000_000) as i64
}

const DAY_MS: i64 = 86_400_000;

/// An instant's UTC calendar fields, for any `i64` of epoch milliseconds: the `time` crate stops
/// at year 9999, and a server may send far more (or far less).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// Howard Hinnant's `civil_from_days`, in `i64`: every step stays far from overflow, because
/// `i64::MAX` ms is only about 1.1e11 days.
pub fn civil(ms: i64) -> Civil {
    let days = ms.div_euclid(DAY_MS);
    let secs = ms.rem_euclid(DAY_MS) / 1000;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Each field is in range by construction (month 1-12, day 1-31, hour 0-23...).
    let small = |n: i64| u8::try_from(n).unwrap_or(0);
    Civil {
        year,
        month: small(month),
        day: small(day),
        hour: small(secs / 3600),
        minute: small(secs / 60 % 60),
        second: small(secs % 60),
    }
}

/// Years that read as a four-digit ISO date (and that `<time datetime>` accepts).
fn four_digit_year(year: i64) -> bool {
    (1..=9999).contains(&year)
}

/// ISO 8601 in UTC for a `<time datetime>` attribute; empty for a year outside 1-9999.
pub fn epoch_ms_to_iso(ms: i64) -> String {
    let t = civil(ms);
    if !four_digit_year(t.year) {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// The UTC day as `yyyy-MM-dd`, or, for a year no calendar page shows, what is known of it:
/// "unknown date (year 10000)".
pub fn date_text(ms: i64) -> String {
    let t = civil(ms);
    if four_digit_year(t.year) {
        format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
    } else {
        format!("unknown date (year {})", t.year)
    }
}

/// "just now", "5 min ago", "3 h ago", "2 d ago", or "in 4 min" for the future; the date beyond
/// 45 days. Total: any two `i64` give a text (the difference saturates instead of overflowing).
pub fn relative(ms: i64, now_ms: i64) -> String {
    let delta = now_ms.saturating_sub(ms) / 1000;
    let future = delta < 0;
    let amount = delta.unsigned_abs();
    let text = if amount < 45 {
        return "just now".to_string();
    } else if amount < 3600 {
        format!("{} min", (amount + 30) / 60)
    } else if amount < 86_400 {
        format!("{} h", (amount + 1800) / 3600)
    } else if amount < 86_400 * 45 {
        format!("{} d", (amount + 43_200) / 86_400)
    } else {
        return date_text(ms);
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// "850 ms", "12 s", "3 min 5 s", "1 h 2 min": for the time between two observed states.
/// A negative span (clocks that disagree) reads as 0 ms.
pub fn duration(ms: i64) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        return format!("{ms} ms");
    }
    let s = ms / 1000;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn form_dates_round_trip_between_input_and_server_forms() {
        assert_eq!(iso_to_us("2026-03-09"), "03/09/2026");
        assert_eq!(us_to_iso("03/09/2026"), "2026-03-09");
        assert_eq!(iso_to_us("2026-02-30"), "");
        assert_eq!(us_to_iso("13/01/2026"), "");
    }

    #[test]
    fn epoch_and_iso_agree() {
        let d = parse_us_date("04/20/2021").unwrap();
        let ms = date_to_epoch_ms(d);
        assert_eq!(ms, 1_618_876_800_000);
        assert_eq!(epoch_ms_to_iso(ms), "2021-04-20T00:00:00Z");
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_700_000_000_000;
        assert_eq!(relative(now - 5_000, now), "just now");
        assert_eq!(relative(now - 5 * 60_000, now), "5 min ago");
        assert_eq!(relative(now - 3 * 3_600_000, now), "3 h ago");
        assert_eq!(relative(now + 4 * 60_000, now), "in 4 min");
        assert_eq!(duration(125_000), "2 min 5 s");
        assert_eq!(relative(now - 50 * 86_400_000, now), "2023-09-25");
    }

    #[test]
    fn dates_no_calendar_shows_are_named_honestly() {
        assert_eq!(epoch_ms_to_iso(-1), "1969-12-31T23:59:59Z");
        assert_eq!(epoch_ms_to_iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(epoch_ms_to_iso(253_402_300_799_000), "9999-12-31T23:59:59Z");
        assert_eq!(epoch_ms_to_iso(253_402_300_800_000), "");
        assert_eq!(
            relative(253_402_300_800_000, 1_700_000_000_000),
            "unknown date (year 10000)"
        );
        assert_eq!(
            relative(i64::MAX, i64::MIN),
            "unknown date (year 292278994)"
        );
        assert_eq!(
            relative(i64::MIN, i64::MAX),
            "unknown date (year -292275055)"
        );
        assert_eq!(duration(i64::MIN), "0 ms");
        assert_eq!(duration(i64::MAX), "2562047788015 h 12 min");
    }

    #[test]
    fn the_calendar_agrees_with_the_time_crate_wherever_that_reaches() {
        let min = Date::MIN.midnight().assume_utc().unix_timestamp() * 1000;
        let max = Date::MAX.midnight().assume_utc().unix_timestamp() * 1000;
        let step = (max - min) / 5_003;
        for ms in (0..5_000).map(|k| min + k * step + k * 7_919_003) {
            let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).unwrap();
            let c = civil(ms);
            assert_eq!(
                (c.year, c.month, c.day, c.hour, c.minute, c.second),
                (
                    i64::from(t.year()),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                ),
                "{ms}"
            );
        }
    }
}
