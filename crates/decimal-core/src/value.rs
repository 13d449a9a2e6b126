//! One decimal number as an integer mantissa and a scale, with Python-compatible text I/O.

use std::fmt;

use crate::{DecimalError, MAX_MANTISSA, MAX_SCALE};

/// Powers of ten that fit in an `i128`: `POW10[k] == 10^k` for `k` in `0..=38`.
const POW10: [i128; 39] = {
    let mut table = [1i128; 39];
    let mut k = 1;
    while k < 39 {
        table[k] = table[k - 1] * 10;
        k += 1;
    }
    table
};

/// `10^k` when it fits in an `i128` (k <= 38).
#[inline]
pub fn pow10(k: u32) -> Option<i128> {
    POW10.get(k as usize).copied()
}

/// Rescales `mantissa` from scale `from` to the larger or equal scale `to` exactly.
///
/// Returns `None` when the result would need more than 38 digits or `to < from` (which would
/// need rounding: that is `quantize`'s job, not a silent side effect).
///
/// # Examples
/// ```
/// use rustybt_decimal::rescale_up;
/// assert_eq!(rescale_up(125, 2, 4), Some(12_500)); // 1.25 -> 1.2500
/// assert_eq!(rescale_up(1, 0, 39), None);
/// ```
pub fn rescale_up(mantissa: i128, from: i32, to: i32) -> Option<i128> {
    if mantissa == 0 && to >= from {
        return Some(0); // zero fits any scale: 0E+100 is 0
    }
    let shift = u32::try_from(i64::from(to) - i64::from(from)).ok()?;
    let scaled = mantissa.checked_mul(pow10(shift)?)?;
    (scaled.unsigned_abs() <= MAX_MANTISSA as u128).then_some(scaled)
}

/// A finite decimal number `mantissa * 10^-scale` with at most 38 significant digits.
///
/// The scale is the negated exponent of Python's `decimal.Decimal`: `Decimal("1.50")` is
/// mantissa 150 at scale 2, and `Decimal("5E+3")` is mantissa 5 at scale -3. Trailing zeros are
/// kept, as `decimal` keeps them.
///
/// # Examples
/// ```
/// use rustybt_decimal::DecimalValue;
/// let price: DecimalValue = "-12.50".parse().unwrap();
/// assert_eq!((price.mantissa, price.scale), (-1250, 2));
/// assert_eq!(price.to_string(), "-12.50");
/// assert_eq!("1.5e3".parse::<DecimalValue>().unwrap().to_string(), "1.5E+3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecimalValue {
    /// The integer coefficient, at most 38 digits.
    pub mantissa: i128,
    /// Digits after the decimal point; negative for trailing zeros folded into the exponent.
    pub scale: i32,
}

impl DecimalValue {
    /// A value from its mantissa and scale.
    ///
    /// # Errors
    /// [`DecimalError::Overflow`] if `mantissa` has more than 38 digits.
    pub fn new(mantissa: i128, scale: i32) -> Result<Self, DecimalError> {
        if mantissa.unsigned_abs() > MAX_MANTISSA as u128 {
            return Err(DecimalError::Overflow {
                what: format!("the mantissa {mantissa}"),
            });
        }
        Ok(Self { mantissa, scale })
    }

    /// The mantissa of this value at scale `to` (`to >= self.scale`), exact.
    ///
    /// # Errors
    /// [`DecimalError::InvalidScale`] if `to` lies outside `[-38, 38]`;
    /// [`DecimalError::Overflow`] if the value needs more than 38 digits at that scale.
    pub fn mantissa_at(&self, to: i32) -> Result<i128, DecimalError> {
        if to.abs() > MAX_SCALE {
            return Err(DecimalError::InvalidScale { scale: to });
        }
        rescale_up(self.mantissa, self.scale, to).ok_or_else(|| DecimalError::Overflow {
            what: format!("{self} at scale {to}"),
        })
    }
}

impl std::str::FromStr for DecimalValue {
    type Err = DecimalError;

    /// Parses Python's `decimal.Decimal` syntax: optional sign, digits with an optional point,
    /// optional exponent, surrounding ASCII whitespace and `_` between digits allowed. NaN and
    /// infinities are rejected with [`DecimalError::NotFinite`].
    #[inline]
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(value) = parse_plain(text.as_bytes()) {
            return Ok(value);
        }
        parse(text).map_err(|kind| match kind {
            ParseFailure::NotFinite(value) => DecimalError::NotFinite {
                what: format!("{:?}", truncate(text)),
                value,
            },
            ParseFailure::TooManyDigits => DecimalError::Overflow {
                what: format!("{:?}", truncate(text)),
            },
            ParseFailure::Syntax => DecimalError::Parse {
                text: truncate(text),
                at: String::new(),
            },
        })
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(64).collect()
}

enum ParseFailure {
    Syntax,
    TooManyDigits,
    NotFinite(String),
}

impl DecimalValue {
    /// Reads plain decimal text (`-123.4500`: an optional sign, then at most 19 ASCII digits
    /// with at most one point) in one pass; `None` for anything else, which
    /// [`str::parse`] reads in full (exponents, underscores, whitespace, longer numbers) or
    /// rejects. When it gives a value, it is the value [`str::parse`] gives.
    ///
    /// # Examples
    /// ```
    /// use rustybt_decimal::DecimalValue;
    /// assert_eq!(DecimalValue::parse_plain(b"-1.50"), Some(DecimalValue { mantissa: -150, scale: 2 }));
    /// assert_eq!(DecimalValue::parse_plain(b"1e3"), None);
    /// ```
    #[inline]
    pub fn parse_plain(text: &[u8]) -> Option<Self> {
        parse_plain(text)
    }
}

/// The common case of [`parse`]: an optional sign, then at most 19 characters of ASCII digits
/// with at most one point (so the mantissa fits a `u64`), read in one pass. `None` for anything
/// else (whitespace, underscores, exponents, NaN, errors), which [`parse`] then reads in full.
#[inline]
fn parse_plain(text: &[u8]) -> Option<DecimalValue> {
    let (negative, body) = match text.first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if body.is_empty() || body.len() > 19 {
        return None;
    }
    let (mut mantissa, mut point, mut digits) = (0u64, None, 0usize);
    for (i, &c) in body.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            // At most 19 digits: below 10^19 < 2^64.
            mantissa = mantissa * 10 + u64::from(d);
            digits += 1;
        } else if c == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    let scale = point.map_or(0, |p| body.len() - p - 1) as i32;
    let mantissa = i128::from(mantissa);
    Some(DecimalValue {
        mantissa: if negative { -mantissa } else { mantissa },
        scale,
    })
}

fn parse(text: &str) -> Result<DecimalValue, ParseFailure> {
    // ASCII whitespace only, the same set on both backends (Python's own Decimal() would also
    // strip Unicode spaces and the \x1c-\x1f separators).
    let trimmed =
        text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'));
    // Then, as CPython's decimal does, every underscore is dropped before the number is read
    // ("1__0" is 10, "_1" is 1), so the grammar below has none.
    let without_underscores;
    let s = if trimmed.contains('_') {
        without_underscores = trimmed.replace('_', "");
        without_underscores.as_str()
    } else {
        trimmed
    };
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        let sign = if negative { "-" } else { "" };
        return Err(ParseFailure::NotFinite(format!("{sign}Infinity")));
    }
    if lower.starts_with("nan") || lower.starts_with("snan") {
        return Err(ParseFailure::NotFinite("NaN".to_owned()));
    }

    let (coefficient, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mut mantissa: i128 = 0;
    let mut digits = 0usize;
    let mut frac_digits: i64 = 0;
    let mut seen_point = false;
    for c in coefficient.chars() {
        match c {
            '0'..='9' => {
                let d = i128::from(c as u8 - b'0');
                mantissa = mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(d))
                    .filter(|m| *m <= MAX_MANTISSA)
                    .ok_or(ParseFailure::TooManyDigits)?;
                digits += 1;
                if seen_point {
                    frac_digits += 1;
                }
            }
            '.' if !seen_point => seen_point = true,
            _ => return Err(ParseFailure::Syntax),
        }
    }
    if digits == 0 {
        return Err(ParseFailure::Syntax);
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => parse_exponent(e).ok_or(ParseFailure::Syntax)?,
    };
    // An exponent far outside what a column can hold is an overflow, not a syntax error.
    let scale = frac_digits - exponent;
    let scale = i32::try_from(scale)
        .ok()
        .filter(|s| s.abs() <= 1_000_000)
        .ok_or(ParseFailure::TooManyDigits)?;
    Ok(DecimalValue {
        mantissa: if negative { -mantissa } else { mantissa },
        scale,
    })
}

fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        match c {
            // Saturate: any exponent beyond ~1e15 is rejected later as too large anyway.
            '0'..='9' => {
                value = value
                    .saturating_mul(10)
                    .saturating_add(i64::from(c as u8 - b'0'))
            }
            _ => return None,
        }
    }
    Some(if negative { -value } else { value })
}

impl DecimalValue {
    /// Appends the text of this value (the same as [`Display`](fmt::Display), Python's
    /// `str(Decimal)`) to `out`. Mantissas of up to 64 bits at scales that print without an
    /// exponent are written digit by digit, without the formatting machinery.
    ///
    /// # Examples
    /// ```
    /// use rustybt_decimal::DecimalValue;
    /// let mut out = Vec::new();
    /// DecimalValue { mantissa: -5, scale: 3 }.write_text(&mut out);
    /// DecimalValue { mantissa: 5, scale: -3 }.write_text(&mut out);
    /// assert_eq!(out, b"-0.0055E+3");
    /// ```
    pub fn write_text(&self, out: &mut Vec<u8>) {
        let magnitude = u64::try_from(self.mantissa.unsigned_abs());
        let (Ok(mut rest), Ok(frac_len)) = (magnitude, usize::try_from(self.scale)) else {
            out.extend_from_slice(self.to_string().as_bytes());
            return;
        };
        let digits = if rest == 0 {
            1
        } else {
            rest.ilog10() as usize + 1
        };
        // Python switches to exponent notation when the adjusted exponent is below -6.
        if digits as i64 - 1 - i64::from(self.scale) < -6 {
            out.extend_from_slice(self.to_string().as_bytes());
            return;
        }
        // So the scale is at most digits + 5 and the text at most 28 bytes: sign, up to 26
        // digits (zeros before a short mantissa included) and the point. It is written right
        // to left, two digits at a time, into 32 bytes appended at once (a fixed-size copy, not
        // a call per value), which are then cut to length.
        let negative = self.mantissa < 0;
        let width = if frac_len > 0 {
            digits.max(frac_len + 1)
        } else {
            digits
        };
        let len = usize::from(negative) + width + usize::from(frac_len > 0);
        let old = out.len();
        out.extend_from_slice(&[b'0'; 32]);
        let text = &mut out[old..old + len];
        let mut pos = len;
        let mut pair = |rest: &mut u64, pos: &mut usize| {
            let p = (*rest % 100) as usize * 2;
            *rest /= 100;
            *pos -= 2;
            text[*pos..*pos + 2].copy_from_slice(&DIGIT_PAIRS[p..p + 2]);
        };
        let mut left = frac_len;
        while left >= 2 {
            pair(&mut rest, &mut pos);
            left -= 2;
        }
        let text = &mut out[old..old + len];
        if left == 1 {
            pos -= 1;
            text[pos] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        if frac_len > 0 {
            pos -= 1;
            text[pos] = b'.';
        }
        let mut pair = |rest: &mut u64, pos: &mut usize| {
            let p = (*rest % 100) as usize * 2;
            *rest /= 100;
            *pos -= 2;
            text[*pos..*pos + 2].copy_from_slice(&DIGIT_PAIRS[p..p + 2]);
        };
        while rest >= 100 {
            pair(&mut rest, &mut pos);
        }
        if rest >= 10 {
            pair(&mut rest, &mut pos);
        } else {
            pos -= 1;
            text[pos] = b'0' + rest as u8;
        }
        if negative {
            text[0] = b'-';
        }
        out.truncate(old + len);
    }
}

/// `"00010203...99"`: the two digits of every number below 100.
const DIGIT_PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

impl fmt::Display for DecimalValue {
    /// Writes the value exactly as Python's `str(decimal.Decimal)` does (the General Decimal
    /// Arithmetic "to-scientific-string"): `123.45`, `0.005`, `-0.50`, `5E+3`, `1E-7`. Reading
    /// the text back with `Decimal(text)` or [`str::parse`] gives the same mantissa and scale.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let exponent = -i64::from(self.scale);
        let adjusted = exponent + digits.len() as i64 - 1;
        if exponent <= 0 && adjusted >= -6 {
            let frac_len = self.scale as usize;
            if frac_len == 0 {
                write!(f, "{sign}{digits}")
            } else if digits.len() > frac_len {
                let (int_part, frac_part) = digits.split_at(digits.len() - frac_len);
                write!(f, "{sign}{int_part}.{frac_part}")
            } else {
                write!(f, "{sign}0.{}{digits}", "0".repeat(frac_len - digits.len()))
            }
        } else {
            let (first, rest) = digits.split_at(1);
            let point = if rest.is_empty() { "" } else { "." };
            let exp_sign = if adjusted < 0 { '-' } else { '+' };
            write!(f, "{sign}{first}{point}{rest}E{exp_sign}{}", adjusted.abs())
        }
    }
}

/// Every `rust_decimal::Decimal` is a [`DecimalValue`]: 96-bit mantissas (28 digits) fit in 38.
///
/// # Examples
/// ```
/// use rustybt_decimal::{rust_decimal::Decimal, DecimalValue};
/// let v = DecimalValue::from(Decimal::new(-1250, 2));
/// assert_eq!(v.to_string(), "-12.50");
/// ```
impl From<rust_decimal::Decimal> for DecimalValue {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self {
            mantissa: value.mantissa(),
            scale: value.scale() as i32,
        }
    }
}

/// A [`DecimalValue`] as a `rust_decimal::Decimal`, when it fits: at most 28 digits after the
/// point and a mantissa of 96 bits (negative scales are brought to scale 0 first).
///
/// # Examples
/// ```
/// use rustybt_decimal::{rust_decimal::Decimal, DecimalValue};
/// let v: DecimalValue = "1.5E+3".parse().unwrap();
/// assert_eq!(Decimal::try_from(v).unwrap().to_string(), "1500");
/// assert!(Decimal::try_from(DecimalValue::new(10i128.pow(30), 0).unwrap()).is_err());
/// ```
impl TryFrom<DecimalValue> for rust_decimal::Decimal {
    type Error = DecimalError;

    fn try_from(value: DecimalValue) -> Result<Self, Self::Error> {
        let too_wide = || DecimalError::Overflow {
            what: format!("{value} as a rust_decimal::Decimal (96-bit mantissa, scale <= 28)"),
        };
        let (mantissa, scale) = if value.scale < 0 {
            (value.mantissa_at(0).map_err(|_| too_wide())?, 0)
        } else {
            (value.mantissa, value.scale)
        };
        let scale = u32::try_from(scale).map_err(|_| too_wide())?;
        rust_decimal::Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| too_wide())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<DecimalValue, DecimalError> {
        text.parse()
    }

    #[test]
    fn parses_python_syntax() {
        let cases = [
            ("1.25", 125, 2),
            ("-0.005", -5, 3),
            ("+7", 7, 0),
            ("  3.10 ", 310, 2),
            ("1_000.5", 10_005, 1),
            ("1e3", 1, -3),
            ("1.5E-2", 15, 3),
            (".5", 5, 1),
            ("5.", 5, 0),
            ("0E-8", 0, 8),
            ("-0", 0, 0),
            // CPython drops every underscore after trimming whitespace
            ("1__0", 10, 0),
            ("_1", 1, 0),
            ("1_", 1, 0),
            ("1_.5", 15, 1),
            ("-_1", -1, 0),
            ("1e-_5", 1, 5),
            (" 1_ ", 1, 0),
        ];
        for (text, mantissa, scale) in cases {
            assert_eq!(p(text), Ok(DecimalValue { mantissa, scale }), "{text}");
        }
    }

    #[test]
    fn rejects_bad_text() {
        for text in [
            "", "abc", "1.2.3", "_", "_ 1", "1 _", "1e", "--1", "1 2", ".", "0\u{85}", "\u{a0}1",
            "1\x1c",
        ] {
            assert!(matches!(p(text), Err(DecimalError::Parse { .. })), "{text}");
        }
        assert!(matches!(p("NaN"), Err(DecimalError::NotFinite { .. })));
        assert!(matches!(p("n_an"), Err(DecimalError::NotFinite { .. })));
        assert!(matches!(
            p("-Infinity"),
            Err(DecimalError::NotFinite { .. })
        ));
        assert!(matches!(
            p("1e99999999999999"),
            Err(DecimalError::Overflow { .. })
        ));
        let forty_digits = "1".repeat(40);
        assert!(matches!(
            p(&forty_digits),
            Err(DecimalError::Overflow { .. })
        ));
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "123.45",
            "0.005",
            "-0.50",
            "5E+3",
            "0",
            "0.00",
            "-7",
            "1E-7",
            "0E-8",
            "1.50E+5",
            "0.000001",
            "99999999999999999999999999999999999999",
        ] {
            assert_eq!(p(text).map(|v| v.to_string()), Ok(text.to_owned()));
        }
    }

    #[test]
    fn fast_text_paths_equal_the_general_ones() {
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "+0.000",
            ".5",
            "5.",
            "-.25",
            "1234567890123456789",
            "123456789012345678.9",
            "-9999999999999999999",
            "12345678901234567890",
            "0.0000001",
            "1.",
            "00012.3400",
            "1e5",
            " 1",
            "1_0",
            "1.2.3",
            "-",
            "+.",
            "--1",
            "1..2",
            "9",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.extend((0..300).map(|i| format!("{}.{:04}", i * 7919 - 1_000_000, i * 37 % 10_000)));
        for text in &texts {
            let general = parse_general(text);
            let fast = parse_plain(text.as_bytes());
            if let Some(fast) = fast {
                assert_eq!(Ok(fast), general.map_err(|_| ()), "{text}");
            }
        }
        let mantissas = [
            0i128,
            1,
            -1,
            5,
            -50,
            123_456,
            i64::MAX as i128,
            u64::MAX as i128,
            u64::MAX as i128 + 1,
            -(u64::MAX as i128),
            MAX_MANTISSA,
        ];
        for &mantissa in &mantissas {
            for scale in [-3, 0, 1, 2, 6, 7, 8, 19, 20, 25, 38] {
                let value = DecimalValue { mantissa, scale };
                let mut out = b"x".to_vec();
                value.write_text(&mut out);
                assert_eq!(out, format!("x{value}").into_bytes(), "{mantissa} {scale}");
            }
        }
    }

    /// The full grammar, without the fast lane.
    fn parse_general(text: &str) -> Result<DecimalValue, ()> {
        // A leading space keeps parse_plain from taking it; the trim removes it again.
        parse(&format!(" {text}")).map_err(|_| ())
    }

    #[test]
    fn mantissa_at_rescales_exactly_or_overflows() {
        let v = p("1.5").unwrap();
        assert_eq!(v.mantissa_at(3), Ok(1500));
        assert!(matches!(
            v.mantissa_at(38),
            Err(DecimalError::Overflow { .. })
        ));
        assert!(matches!(
            v.mantissa_at(39),
            Err(DecimalError::InvalidScale { .. })
        ));
        assert_eq!(p("5E+3").unwrap().mantissa_at(0), Ok(5000));
        assert_eq!(p("0E+100").unwrap().mantissa_at(0), Ok(0));
    }
}
