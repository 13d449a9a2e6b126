//! The one error type of this crate.

/// Why timestamps could not be bucketed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AggregationError {
    /// A duration string that could not be read.
    #[error("{name}=\"{text}\" is not a valid duration: {reason}")]
    InvalidDuration {
        /// The parameter, e.g. "every".
        name: &'static str,
        /// The text as given.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Timestamps that go back in time.
    #[error("timestamps must be sorted ascending: timestamps[{index}] = {value} comes after timestamps[{}] = {previous}", index - 1)]
    Unsorted {
        /// Position of the first timestamp smaller than its predecessor.
        index: usize,
        /// That timestamp.
        value: i64,
        /// Its predecessor.
        previous: i64,
    },
    /// A timestamp that is not a time (numpy's NaT is `i64::MIN`).
    #[error("timestamps[{index}] is NaT (missing); drop missing timestamps first")]
    MissingTimestamp {
        /// Position of the missing timestamp.
        index: usize,
    },
    /// A bucket boundary outside the int64 nanosecond range (years before 1678 or after 2261).
    #[error(
        "the bucket of timestamps[{index}] = {value} starts outside the int64 nanosecond range"
    )]
    OutOfRange {
        /// Position of the timestamp.
        index: usize,
        /// The timestamp.
        value: i64,
    },
    /// A text option that is not one of the accepted words.
    #[error("{name}=\"{text}\" is not valid: expected {expected}")]
    InvalidChoice {
        /// The parameter, e.g. "closed".
        name: &'static str,
        /// The text as given.
        text: String,
        /// The accepted words.
        expected: &'static str,
    },
    /// Group or bar offsets that do not cover the rows (a caller bug, not user input).
    #[error("group or bar offsets must rise from 0 to the number of rows ({rows})")]
    InvalidGroups {
        /// The number of rows.
        rows: usize,
    },
    /// An exact sum beyond decimal128's 38 digits.
    #[error("the sum overflows decimal128 (38 digits) at row {index}")]
    Overflow {
        /// The row whose value made the sum overflow.
        index: usize,
    },
    /// A bar threshold (volume, notional or trade count) that is not a positive finite number.
    #[error("threshold must be a positive finite number, got {text}")]
    InvalidThreshold {
        /// The threshold as given.
        text: String,
    },
    /// A tick weight (size, or price x size) that is negative, NaN or infinite.
    #[error(
        "the weight of row {index} is {value}: sizes and notionals must be finite and not negative"
    )]
    InvalidWeight {
        /// The row.
        index: usize,
        /// Its weight.
        value: String,
    },
    /// A session table that is not sorted, overlaps, or has a session that does not open
    /// before it closes.
    #[error("sessions[{index}] is not valid: {reason}")]
    InvalidSessions {
        /// The session (row of the table).
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
}
