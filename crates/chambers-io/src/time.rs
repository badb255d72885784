//! Parsing and formatting of event times: RFC 3339 or Unix seconds, without allocation.

use std::str::FromStr;

use crate::{UnknownName, format_time};

/// The unit of integer times (counts since 1970-01-01T00:00:00Z) in an input: Unix seconds by
/// default; exports often hold milliseconds, sometimes micro- or nanoseconds. Applies to integer
/// text (CSV/TSV, Parquet/Arrow string columns) and to Parquet/Arrow `Int64`/`Int32` columns;
/// typed `Timestamp` and `Date` columns carry their own unit, and RFC 3339 is unaffected.
///
/// ```
/// use chambers_io::{parse_time_in, TimeUnit};
/// let ms: TimeUnit = "ms".parse().unwrap();
/// assert_eq!(parse_time_in(b"1551398400999", ms), Some(1_551_398_400));
/// assert_eq!(parse_time_in(b"-1", ms), Some(-1)); // floored: 1 ms before 1970 is in second -1
/// assert_eq!(ms.to_string(), "ms");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum TimeUnit {
    /// Unix seconds (the default).
    #[default]
    #[serde(rename = "s")]
    Seconds,
    /// Milliseconds since 1970.
    #[serde(rename = "ms")]
    Milliseconds,
    /// Microseconds since 1970.
    #[serde(rename = "us")]
    Microseconds,
    /// Nanoseconds since 1970.
    #[serde(rename = "ns")]
    Nanoseconds,
}

impl TimeUnit {
    /// How many of this unit make one second.
    pub const fn per_second(self) -> i64 {
        match self {
            TimeUnit::Seconds => 1,
            TimeUnit::Milliseconds => 1_000,
            TimeUnit::Microseconds => 1_000_000,
            TimeUnit::Nanoseconds => 1_000_000_000,
        }
    }

    /// A count of this unit as Unix seconds, floored (towards the past, also before 1970).
    /// Never overflows: the divisor is at least 1.
    pub const fn to_seconds(self, count: i64) -> i64 {
        count.div_euclid(self.per_second())
    }

    /// The unit's short name, as [`FromStr`] reads it: `s`, `ms`, `us`, `ns`.
    pub const fn name(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "s",
            TimeUnit::Milliseconds => "ms",
            TimeUnit::Microseconds => "us",
            TimeUnit::Nanoseconds => "ns",
        }
    }
}

impl std::fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TimeUnit {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "seconds" => Ok(TimeUnit::Seconds),
            "ms" | "milliseconds" => Ok(TimeUnit::Milliseconds),
            "us" | "µs" | "microseconds" => Ok(TimeUnit::Microseconds),
            "ns" | "nanoseconds" => Ok(TimeUnit::Nanoseconds),
            _ => Err(UnknownName {
                what: "time unit",
                name: s.to_owned(),
                expected: "s, ms, us, ns",
            }),
        }
    }
}

/// The first second of the year 5001 (`5001-01-01T00:00:00Z`): a time at or after it is
/// counted in [`crate::ReadReport::far_future_times`], as integer times in milliseconds read as
/// seconds land there (1 March 2019 in milliseconds, read as seconds, is in the year 51,000).
pub const FAR_FUTURE: i64 = 95_649_120_000;

/// The times that RFC 3339 can write, `0000-01-01T00:00:00Z` to `9999-12-31T23:59:59Z`.
const RFC3339_RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;

/// A time as the text tables write it: RFC 3339 UTC for the years 0000–9999 (every real
/// event), Unix seconds beyond, where RFC 3339 has no form; [`parse_time`] reads both back.
pub(crate) fn time_text(t: i64) -> String {
    if RFC3339_RANGE.contains(&t) {
        format_time(t)
    } else {
        t.to_string()
    }
}

/// Parses an event time into Unix seconds (UTC).
///
/// Accepted forms: Unix seconds (`1551398400`, `-5`, `1551398400.75`; fractions are floored);
/// RFC 3339 (`2019-03-01T00:00:00Z`, `2019-03-01T01:00:00+01:00`, fractional seconds allowed,
/// `T`, `t` or a space between date and time; without an offset the time is taken as UTC);
/// a bare date (`2019-03-01`, midnight UTC); and the Twitter API v1.1 `created_at` form
/// (`Wed Oct 10 20:19:24 +0000 2018`, see [`parse_twitter_time`]). Returns `None` for anything
/// else, including impossible dates such as `2019-02-30`.
///
/// ```
/// use chambers_io::parse_time;
/// assert_eq!(parse_time(b"2019-03-01T00:00:00Z"), Some(1_551_398_400));
/// assert_eq!(parse_time(b"2019-03-01 01:00:00+01:00"), Some(1_551_398_400));
/// assert_eq!(parse_time(b"1551398400"), Some(1_551_398_400));
/// assert_eq!(parse_time(b"2019-03-01"), Some(1_551_398_400));
/// assert_eq!(parse_time(b"Fri Mar 01 00:00:00 +0000 2019"), Some(1_551_398_400));
/// assert_eq!(parse_time(b"yesterday"), None);
/// ```
pub fn parse_time(s: &[u8]) -> Option<i64> {
    parse_time_in(s, TimeUnit::Seconds)
}

/// [`parse_time`] with integer times counted in `unit` (RFC 3339 and `created_at` forms are
/// unaffected). Integers are read with checked arithmetic: any value that fits an `i64` is
/// accepted (fractions floored), anything larger is refused; the conversion to seconds floors.
///
/// ```
/// use chambers_io::{parse_time_in, TimeUnit};
/// assert_eq!(parse_time_in(b"1551398400123456789", TimeUnit::Nanoseconds), Some(1_551_398_400));
/// assert_eq!(parse_time_in(b"2019-03-01", TimeUnit::Milliseconds), Some(1_551_398_400));
/// assert_eq!(parse_time_in(b"99999999999999999999", TimeUnit::Nanoseconds), None);
/// ```
pub fn parse_time_in(s: &[u8], unit: TimeUnit) -> Option<i64> {
    if s.len() >= 10 && s[4] == b'-' {
        return parse_rfc3339(s);
    }
    if s.first().is_some_and(u8::is_ascii_alphabetic) {
        return parse_twitter_time(s);
    }
    parse_unix(s).map(|count| unit.to_seconds(count))
}

/// Parses the Twitter API v1.1 `created_at` form, `Www Mmm DD HH:MM:SS ±HHMM YYYY`
/// (`Wed Oct 10 20:19:24 +0000 2018`), into Unix seconds (UTC). The weekday is not checked
/// against the date; month names are English and case-sensitive, as Twitter writes them.
///
/// ```
/// use chambers_io::parse_twitter_time;
/// assert_eq!(parse_twitter_time(b"Wed Oct 10 20:19:24 +0000 2018"), Some(1_539_202_764));
/// assert_eq!(parse_twitter_time(b"Wed Oct 10 22:19:24 +0200 2018"), Some(1_539_202_764));
/// assert_eq!(parse_twitter_time(b"Wed Foo 10 20:19:24 +0000 2018"), None);
/// ```
pub fn parse_twitter_time(s: &[u8]) -> Option<i64> {
    // 0         1         2
    // 0123456789012345678901234567890
    // Wed Oct 10 20:19:24 +0000 2018
    if s.len() != 30
        || !s[..3].iter().all(u8::is_ascii_alphabetic)
        || [s[3], s[7], s[10], s[19], s[25]] != [b' '; 5]
        || s[13] != b':'
        || s[16] != b':'
    {
        return None;
    }
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let month = MONTHS.iter().position(|m| m[..] == s[4..7])? as i64 + 1;
    let (year, day) = (number(&s[26..30])?, number(&s[8..10])?);
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let (h, m, sec) = (
        number(&s[11..13])?,
        number(&s[14..16])?,
        number(&s[17..19])?,
    );
    let (oh, om) = (number(&s[21..23])?, number(&s[23..25])?);
    if h > 23 || m > 59 || sec > 60 || oh > 23 || om > 59 {
        return None;
    }
    let offset = oh * 3600 + om * 60;
    let local = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec;
    match s[20] {
        b'+' => Some(local - offset),
        b'-' => Some(local + offset),
        _ => None,
    }
}

fn parse_unix(s: &[u8]) -> Option<i64> {
    let (negative, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    if whole.is_empty() {
        return None;
    }
    // Accumulated as a negative number, so that i64::MIN is reachable; checked, so that a
    // number beyond the i64 range is refused instead of wrapping.
    let mut n: i64 = 0;
    for &b in whole {
        n = n.checked_mul(10)?.checked_sub(i64::from(digit(b)?))?;
    }
    let mut has_fraction = false;
    if let Some(f) = fraction {
        if f.is_empty() {
            return None;
        }
        for &b in f {
            has_fraction |= digit(b)? != 0;
        }
    }
    match (negative, has_fraction) {
        (false, _) => n.checked_neg(),
        (true, false) => Some(n),
        (true, true) => n.checked_sub(1),
    }
}

#[inline]
fn digit(b: u8) -> Option<u8> {
    let d = b.wrapping_sub(b'0');
    (d <= 9).then_some(d)
}

fn number(s: &[u8]) -> Option<i64> {
    s.iter()
        .try_fold(0i64, |n, &b| Some(n * 10 + digit(b)? as i64))
}

fn parse_rfc3339(s: &[u8]) -> Option<i64> {
    if s[7] != b'-' {
        return None;
    }
    let (year, month, day) = (number(&s[0..4])?, number(&s[5..7])?, number(&s[8..10])?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(seconds);
    }
    if rest.len() < 9
        || !matches!(rest[0], b'T' | b't' | b' ')
        || rest[3] != b':'
        || rest[6] != b':'
    {
        return None;
    }
    let (h, m, sec) = (
        number(&rest[1..3])?,
        number(&rest[4..6])?,
        number(&rest[7..9])?,
    );
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    seconds += h * 3600 + m * 60 + sec;
    let mut zone = &rest[9..];
    if let Some(f) = zone.strip_prefix(b".") {
        let n = f.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        zone = &f[n..];
    }
    match zone {
        [] | [b'Z'] | [b'z'] => Some(seconds),
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (oh, om) = (number(&[*oh1, *oh2])?, number(&[*om1, *om2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = oh * 3600 + om * 60;
            Some(if *sign == b'+' {
                seconds - offset
            } else {
                seconds + offset
            })
        }
        _ => None,
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    use chambers_graph::format_time;
    use proptest::prelude::*;

    #[test]
    fn forms_and_rejections() {
        assert_eq!(parse_time(b"1970-01-01T00:00:00.999Z"), Some(0));
        assert_eq!(
            parse_time(b"2020-02-29T12:00:00-00:30"),
            Some(1_582_977_600 + 1800)
        );
        assert_eq!(parse_time(b"-1.5"), Some(-2));
        for bad in [
            &b""[..],
            b"2019-02-30",
            b"2019-13-01",
            b"2019-03-01T24:00:00Z",
            b"2019-03-01T00:00:00+1:00",
            b"2019-03-01T00:00",
            b"12a",
            b"1.",
            b"2019/03/01",
            b"Wed Oct 10 20:19:24 +0000 18",
            b"Wed Oct 32 20:19:24 +0000 2018",
            b"Wed oct 10 20:19:24 +0000 2018",
            b"Wed Oct 10 20:19:24 *0000 2018",
            b"Wed Oct 10 24:19:24 +0000 2018",
            b"Wed Oct 10 20:19:24 +0960 2018",
            b"W3d Oct 10 20:19:24 +0000 2018",
        ] {
            assert_eq!(parse_time(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn integers_are_checked_and_converted_by_floor_division() {
        use TimeUnit::*;
        assert_eq!(parse_time(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_time(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_time(b"1234567890123456"), Some(1_234_567_890_123_456));
        for bad in [
            &b"9223372036854775808"[..],
            b"-9223372036854775809",
            b"-9223372036854775808.5", // floors below i64::MIN
            b"99999999999999999999999",
        ] {
            assert_eq!(parse_time(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(
            parse_time_in(b"1551398400999", Milliseconds),
            Some(1_551_398_400)
        );
        assert_eq!(parse_time_in(b"-1", Milliseconds), Some(-1));
        assert_eq!(parse_time_in(b"-1000", Milliseconds), Some(-1));
        assert_eq!(parse_time_in(b"-1001", Milliseconds), Some(-2));
        assert_eq!(parse_time_in(b"-0.5", Microseconds), Some(-1));
        assert_eq!(
            parse_time_in(b"1551398400000000", Microseconds),
            Some(1_551_398_400)
        );
        assert_eq!(
            parse_time_in(b"-9223372036854775808", Nanoseconds),
            Some(i64::MIN.div_euclid(1_000_000_000))
        );
        assert_eq!(
            parse_time_in(b"2019-03-01T00:00:00Z", Nanoseconds),
            Some(1_551_398_400)
        );
        for unit in [Seconds, Milliseconds, Microseconds, Nanoseconds] {
            assert_eq!(unit.name().parse::<TimeUnit>(), Ok(unit));
        }
        assert!("minutes".parse::<TimeUnit>().is_err());
        assert_eq!(TimeUnit::default(), Seconds);
    }

    #[test]
    fn text_times_use_rfc3339_where_it_exists() {
        assert_eq!(parse_time(b"5001-01-01"), Some(FAR_FUTURE));
        assert_eq!(
            parse_time(b"0000-01-01T00:00:00Z"),
            Some(*RFC3339_RANGE.start())
        );
        assert_eq!(
            parse_time(b"9999-12-31T23:59:59Z"),
            Some(*RFC3339_RANGE.end())
        );
        assert_eq!(time_text(*RFC3339_RANGE.end()), "9999-12-31T23:59:59Z");
        assert_eq!(time_text(*RFC3339_RANGE.end() + 1), "253402300800");
        assert_eq!(time_text(*RFC3339_RANGE.start()), "0000-01-01T00:00:00Z");
        assert_eq!(time_text(*RFC3339_RANGE.start() - 1), "-62167219201");
        assert_eq!(time_text(1_551_398_400), format_time(1_551_398_400));
    }

    proptest! {
        /// What the text tables write, the text readers read back: every i64.
        #[test]
        fn time_text_round_trips(t in any::<i64>()) {
            prop_assert_eq!(parse_time(time_text(t).as_bytes()), Some(t));
        }

        #[test]
        fn units_floor(count in any::<i64>()) {
            for unit in [TimeUnit::Milliseconds, TimeUnit::Microseconds, TimeUnit::Nanoseconds] {
                let k = unit.per_second();
                let t = parse_time_in(count.to_string().as_bytes(), unit).unwrap();
                prop_assert!(i128::from(t) * i128::from(k) <= i128::from(count));
                prop_assert!(i128::from(count) < (i128::from(t) + 1) * i128::from(k));
            }
        }

        #[test]
        fn format_then_parse_round_trips(t in -5_000_000_000i64..5_000_000_000) {
            prop_assert_eq!(parse_time(format_time(t).as_bytes()), Some(t));
            prop_assert_eq!(parse_time(t.to_string().as_bytes()), Some(t));
        }

        #[test]
        fn twitter_form_round_trips(t in 0i64..5_000_000_000) {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let iso = format_time(t); // YYYY-MM-DDTHH:MM:SSZ for these years
            let (y, mo, d): (i64, usize, i64) =
                (iso[0..4].parse().unwrap(), iso[5..7].parse().unwrap(), iso[8..10].parse().unwrap());
            let secs = t.rem_euclid(86_400);
            let text = format!(
                "Mon {} {d:02} {:02}:{:02}:{:02} +0000 {y:04}",
                MONTHS[mo - 1],
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            );
            prop_assert_eq!(parse_time(text.as_bytes()), Some(t));
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = parse_time(&bytes);
        }
    }
}
