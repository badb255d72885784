//! Instants as text: how window starts and event times are written in every output.

/// Formats Unix seconds as RFC 3339 in UTC, `YYYY-MM-DDTHH:MM:SSZ` (the proleptic Gregorian
/// calendar, so any `i64` formats; years outside 0000–9999 get more digits or a sign).
///
/// ```
/// assert_eq!(chambers_graph::format_time(1_551_398_400), "2019-03-01T00:00:00Z");
/// assert_eq!(chambers_graph::format_time(-1), "1969-12-31T23:59:59Z");
/// ```
pub fn format_time(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
