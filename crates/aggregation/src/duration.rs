//! Durations written as Polars and pandas users write them: "1m", "5m", "1h30m", "1d", "1w".

use crate::AggregationError;

/// Nanoseconds in one of each unit, as Polars spells them. "m" is a minute; months and years
/// are calendar lengths, not fixed durations, so they are not accepted here.
const UNITS: [(&str, i64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
    ("d", 86_400_000_000_000),
    ("w", 604_800_000_000_000),
];

/// A fixed-length duration parsed from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// Length in nanoseconds (negative for a leading "-").
    pub nanos: i64,
    /// Whether the text used weeks: week buckets start on Mondays, as in Polars.
    pub has_weeks: bool,
}

impl Duration {
    /// Parses `text`: one or more `<integer><unit>` parts with units `ns`, `us`, `ms`, `s`, `m`
    /// (minute), `h`, `d`, `w`, optionally preceded by `-`; e.g. "5m", "1h30m", "-15m".
    /// `name` is the parameter the text came from, for the error message.
    ///
    /// # Errors
    /// [`AggregationError::InvalidDuration`] for empty text, a part without a number or unit,
    /// an unknown unit (including calendar months and years) or a length beyond int64
    /// nanoseconds.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::Duration;
    /// assert_eq!(Duration::parse("1h30m", "every").unwrap().nanos, 5_400_000_000_000);
    /// assert!(Duration::parse("1mo", "every").is_err());
    /// ```
    pub fn parse(text: &str, name: &'static str) -> Result<Self, AggregationError> {
        let fail = |reason: &str| AggregationError::InvalidDuration {
            name,
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = text.trim();
        let (negative, mut rest) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if rest.is_empty() {
            return Err(fail("expected parts like \"5m\", \"1h30m\" or \"1d\""));
        }
        let mut nanos: i64 = 0;
        let mut has_weeks = false;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(fail("each part needs a whole number before its unit"));
            }
            let count: i64 = rest[..digits]
                .parse()
                .map_err(|_| fail("the number is too large"))?;
            rest = &rest[digits..];
            let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            let unit = &rest[..unit_len];
            rest = &rest[unit_len..];
            let Some(&(_, unit_nanos)) = UNITS.iter().find(|(u, _)| *u == unit) else {
                return Err(fail(&format!(
                    "unknown unit {unit:?}; use ns, us, ms, s, m (minute), h, d or w \
                     (calendar months and years have no fixed length)"
                )));
            };
            has_weeks |= unit == "w";
            nanos = count
                .checked_mul(unit_nanos)
                .and_then(|part| nanos.checked_add(part))
                .ok_or_else(|| fail("longer than int64 nanoseconds (about 292 years)"))?;
        }
        Ok(Self {
            nanos: if negative { -nanos } else { nanos },
            has_weeks,
        })
    }

    /// [`parse`](Self::parse) for a bucket length, which must be positive: the error quotes the
    /// text as the caller wrote it.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), and [`AggregationError::InvalidDuration`] for a zero or
    /// negative duration.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::Duration;
    /// assert!(Duration::parse_positive("5m", "every").is_ok());
    /// let err = Duration::parse_positive("-5m", "every").unwrap_err();
    /// assert!(err.to_string().starts_with("every=\"-5m\" is not a valid duration"));
    /// ```
    pub fn parse_positive(text: &str, name: &'static str) -> Result<Self, AggregationError> {
        let duration = Self::parse(text, name)?;
        if duration.nanos <= 0 {
            return Err(AggregationError::InvalidDuration {
                name,
                text: text.to_owned(),
                reason: "the bucket length must be positive".to_owned(),
            });
        }
        Ok(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_compounds() {
        let ns = |t: &str| Duration::parse(t, "every").map(|d| d.nanos);
        assert_eq!(ns("1m"), Ok(60_000_000_000));
        assert_eq!(ns("5m"), Ok(300_000_000_000));
        assert_eq!(ns("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(ns("1d"), Ok(86_400_000_000_000));
        assert_eq!(ns("250ms"), Ok(250_000_000));
        assert_eq!(ns("-15m"), Ok(-900_000_000_000));
        assert_eq!(ns("0s"), Ok(0));
        assert!(Duration::parse("2w", "every").unwrap().has_weeks);
    }

    #[test]
    fn rejects_bad_text() {
        for text in [
            "",
            "-",
            "m",
            "5",
            "5x",
            "1mo",
            "1y",
            "1.5h",
            "5 m",
            "99999999999999d",
        ] {
            assert!(Duration::parse(text, "every").is_err(), "{text}");
        }
    }
}
