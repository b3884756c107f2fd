//! Calendar arithmetic for the contract's two date forms, epoch milliseconds and `MM/dd/yyyy`.
//!
//! Hand-rolled (Howard Hinnant's civil-date algorithms) because the simulator needs only UTC days,
//! and a date crate would be the largest dependency for three functions.

use std::time::{SystemTime, UNIX_EPOCH};

pub const DAY_MS: i64 = 86_400_000;

/// Wall-clock now in epoch milliseconds; runs are scheduled against this clock.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01, as (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `MM/dd/yyyy` for an epoch-ms instant (UTC).
pub fn format_mdy(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{m:02}/{d:02}/{y:04}")
}

/// Parses `MM/dd/yyyy` strictly (real calendar dates only) to the day count since 1970-01-01.
pub fn parse_mdy(text: &str) -> Option<i64> {
    let mut parts = text.trim().split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() > 2 || d.len() > 2 || y.len() != 4 {
        return None;
    }
    let (m, d, y): (u32, u32, i64) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // A day past the month's end rolls over; converting back exposes it.
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_impossible_dates() {
        assert_eq!(parse_mdy("01/01/1970"), Some(0));
        assert_eq!(parse_mdy("03/01/2024"), Some(days_from_civil(2024, 3, 1)));
        assert_eq!(
            format_mdy(days_from_civil(2024, 2, 29) * DAY_MS),
            "02/29/2024"
        );
        assert_eq!(parse_mdy("02/30/2024"), None);
        assert_eq!(parse_mdy("2024-01-01"), None);
        assert_eq!(parse_mdy("13/01/2024"), None);
    }
}
