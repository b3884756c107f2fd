//! Calendar dates for the API: the `MM/dd/yyyy` text the job form sends, the `yyyy-MM-dd` an
//! `<input type=date>` gives, and epoch milliseconds the server reports. Backed by the `time` crate.

use time::{Date, Month, OffsetDateTime};

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

/// ISO 8601 in UTC for a `<time datetime>` attribute.
pub fn epoch_ms_to_iso(ms: i64) -> String {
    match OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => String::new(),
    }
}

/// "just now", "5 min ago", "3 h ago", "2 d ago", or "in 4 min" for the future.
pub fn relative(ms: i64, now_ms: i64) -> String {
    let delta = (now_ms - ms) / 1000;
    let (amount, future) = if delta < 0 {
        (-delta, true)
    } else {
        (delta, false)
    };
    let text = if amount < 45 {
        return "just now".to_string();
    } else if amount < 3600 {
        format!("{} min", (amount + 30) / 60)
    } else if amount < 86_400 {
        format!("{} h", (amount + 1800) / 3600)
    } else if amount < 86_400 * 45 {
        format!("{} d", (amount + 43_200) / 86_400)
    } else {
        return epoch_ms_to_iso(ms)[..10].to_string();
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// "850 ms", "12 s", "3 min 5 s", "1 h 2 min": for the time between two observed states.
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
    }
}
