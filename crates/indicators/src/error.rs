//! The one error type of this crate.

/// Why an indicator could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IndicatorError {
    /// A window length outside what the indicator accepts.
    #[error("{name} must be >= {min}, got {value}")]
    InvalidPeriod {
        /// The parameter, e.g. "period".
        name: &'static str,
        /// Smallest accepted value.
        min: usize,
        /// The rejected value.
        value: usize,
    },
    /// An infinite input value (NaN is allowed and marks a missing value).
    #[error(
        "{name}[{index}] is {value}: infinite values are not allowed (NaN marks a missing value)"
    )]
    NonFinite {
        /// The argument, e.g. "values".
        name: &'static str,
        /// Flat position of the first infinite value.
        index: usize,
        /// The value itself.
        value: f64,
    },
    /// A `nan_policy` name other than "propagate" or "skip".
    #[error("nan_policy must be \"propagate\" or \"skip\", got \"{name}\"")]
    UnknownNanPolicy {
        /// The rejected name.
        name: String,
    },
    /// An EMA `seed` name other than "sma" or "first".
    #[error("seed must be \"sma\" or \"first\", got \"{name}\"")]
    UnknownSeed {
        /// The rejected name.
        name: String,
    },
    /// A 2-D buffer whose length is not rows x columns.
    #[error("{name} holds {len} values, not {rows} rows x {cols} columns")]
    ShapeMismatch {
        /// The argument, e.g. "values".
        name: &'static str,
        /// Values in the buffer.
        len: usize,
        /// Rows claimed.
        rows: usize,
        /// Columns claimed.
        cols: usize,
    },
    /// A real-valued parameter outside the values the indicator accepts.
    #[error("{name} must be {accepted}, got {value}")]
    ParameterOutOfRange {
        /// The parameter, e.g. "decay".
        name: &'static str,
        /// What is accepted, e.g. "finite" or "within [0, 1]".
        accepted: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// Two inputs that must line up bar for bar but do not.
    #[error("{left} and {right} must have the same length, got {left_len} and {right_len}")]
    LengthMismatch {
        /// The first argument, e.g. "returns".
        left: &'static str,
        /// The second argument, e.g. "prev_signal".
        right: &'static str,
        /// Length of the first.
        left_len: usize,
        /// Length of the second.
        right_len: usize,
    },
    /// A non-finite real parameter (e.g. a deviation multiplier).
    #[error("{name} must be a finite number, got {value}")]
    NonFiniteParameter {
        /// The parameter, e.g. "nbdev".
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A saved streaming state that does not fit the indicator it is restored into.
    #[error("the saved state does not fit this indicator: {reason}")]
    InvalidState {
        /// What does not fit.
        reason: &'static str,
    },
}
