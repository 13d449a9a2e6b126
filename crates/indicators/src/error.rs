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
    /// A value an input series may not hold (e.g. a NaN or non-positive price in the ATC
    /// pipeline).
    #[error("{name}[{index}] is {value}: {name} must be {accepted}")]
    InvalidValue {
        /// The argument, e.g. "prices".
        name: &'static str,
        /// Position of the first rejected value.
        index: usize,
        /// The value itself.
        value: f64,
        /// What is accepted, e.g. "finite and > 0".
        accepted: &'static str,
    },
    /// A string option outside the names it accepts.
    #[error("{name} must be one of {accepted}, got \"{value}\"")]
    UnknownOption {
        /// The parameter, e.g. "robustness".
        name: &'static str,
        /// The accepted names, quoted and comma separated.
        accepted: &'static str,
        /// The rejected name.
        value: String,
    },
    /// An input with no values where at least one is needed.
    #[error("{name} must not be empty")]
    EmptyInput {
        /// The argument, e.g. "prices".
        name: &'static str,
    },
    /// A series shorter than the longest window an indicator needs.
    #[error("{what} needs a series of at least {needed} bars, got {len}")]
    SeriesTooShort {
        /// The parameter that sets the window, e.g. "ema_len=28 at Medium robustness".
        what: String,
        /// Bars needed.
        needed: usize,
        /// Bars given.
        len: usize,
    },
    /// A cutout that leaves no bar.
    #[error("cutout must be < the series length {len}, got {cutout}")]
    CutoutTooLarge {
        /// The rejected cutout.
        cutout: usize,
        /// The series length.
        len: usize,
    },
}
