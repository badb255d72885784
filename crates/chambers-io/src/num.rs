//! Numbers in the data: integer ids written as decimal text into a stack buffer, without
//! allocating, and retweet counts checked when written as floats.

/// Room for any `u64` or `i64` in decimal.
pub(crate) type NumBuf = [u8; 20];

/// Writes `n` in decimal at the end of `buf` and returns it.
pub(crate) fn decimal(n: u64, buf: &mut NumBuf) -> &str {
    let start = write_digits(n, buf);
    std::str::from_utf8(&buf[start..]).expect("decimal digits are ASCII")
}

/// Writes `n` in decimal, with a leading `-` when negative, at the end of `buf`.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
pub(crate) fn signed_decimal(n: i64, buf: &mut NumBuf) -> &str {
    let mut start = write_digits(n.unsigned_abs(), buf);
    if n < 0 {
        // |i64::MIN| has 19 digits, so there is room for the sign.
        start -= 1;
        buf[start] = b'-';
    }
    std::str::from_utf8(&buf[start..]).expect("decimal digits are ASCII")
}

/// A retweet count written as a float: finite, non-negative, whole and within `u32`; the error
/// says why not.
pub(crate) fn whole_weight(x: f64) -> Result<u32, &'static str> {
    if !x.is_finite() {
        Err("not finite")
    } else if x < 0.0 {
        Err("negative")
    } else if x.fract() != 0.0 {
        Err("not a whole number of retweets")
    } else if x > f64::from(u32::MAX) {
        Err("above 4294967295")
    } else {
        Ok(x as u32)
    }
}

fn write_digits(mut n: u64, buf: &mut NumBuf) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extremes() {
        let mut buf = NumBuf::default();
        assert_eq!(decimal(0, &mut buf), "0");
        assert_eq!(decimal(u64::MAX, &mut buf), u64::MAX.to_string());
        assert_eq!(decimal(1_050_000, &mut buf), "1050000");
        assert_eq!(signed_decimal(i64::MIN, &mut buf), i64::MIN.to_string());
        assert_eq!(signed_decimal(-7, &mut buf), "-7");
        assert_eq!(signed_decimal(i64::MAX, &mut buf), i64::MAX.to_string());
    }
}
