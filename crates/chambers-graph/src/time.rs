//! Instants and durations as text: how window starts and event times are written in every
//! output, and how window lengths are read.

use crate::{DAY, GraphError};

/// Parses a window length with its unit — `7d`, `1w`, `24h`, `30m`, `3600s` — into seconds.
/// A number without a unit is refused: `7` could mean days or seconds, and read as seconds it
/// would cut a week of data into 86,400 windows.
///
/// # Errors
/// [`GraphError::BadDuration`] for a missing or unknown unit, a number that is not a positive
/// integer, or a length beyond 64-bit seconds.
///
/// ```
/// use chambers_graph::parse_duration;
/// assert_eq!(parse_duration("7d").unwrap(), 604_800);
/// assert_eq!(
///     parse_duration("7").unwrap_err().to_string(),
///     "duration \"7\" has no unit: write 7d for days, 7h for hours or 7s for seconds"
/// );
/// ```
pub fn parse_duration(text: &str) -> Result<i64, GraphError> {
    let bad = |why: String| GraphError::BadDuration {
        text: text.to_owned(),
        why,
    };
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if number.is_empty() || !unit.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(bad(
            "is not a length: write a whole number and a unit, e.g. 7d, 24h, 3600s".into(),
        ));
    }
    let unit = match unit {
        "w" => 7 * DAY,
        "d" => DAY,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        "" => {
            return Err(bad(format!(
                "has no unit: write {number}d for days, {number}h for hours or {number}s for seconds"
            )));
        }
        other => {
            return Err(bad(format!(
                "has an unknown unit {other:?}: use w, d, h, m or s"
            )));
        }
    };
    let n: i64 = number.parse().map_err(|_| bad("is too long".into()))?;
    if n == 0 {
        return Err(bad("must be positive".into()));
    }
    n.checked_mul(unit).ok_or_else(|| bad("is too long".into()))
}

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

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("7d").unwrap(), 604_800);
        assert_eq!(parse_duration("1w").unwrap(), 604_800);
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("2h").unwrap(), 7200);
        assert_eq!(parse_duration("5m").unwrap(), 300);
        for bad in [
            "",
            "d",
            "0d",
            "-1d",
            "3y",
            "90",
            "99999999999999999d",
            "1.5d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        let e = parse_duration("3y").unwrap_err().to_string();
        assert_eq!(
            e,
            "duration \"3y\" has an unknown unit \"y\": use w, d, h, m or s"
        );
    }
}
