//! The one error type of this crate.

/// Why a metric could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// `period` is not one of the names empyrical knows.
    #[error("period cannot be {period:?}: use one of \"daily\", \"weekly\", \"monthly\", \"quarterly\", \"yearly\"")]
    UnknownPeriod {
        /// The rejected name.
        period: String,
    },
    /// A numeric parameter outside its domain.
    #[error("{name} must be {requirement}, got {value}")]
    InvalidParameter {
        /// The parameter, e.g. "annualization".
        name: &'static str,
        /// What it must be, e.g. "a finite number > 0".
        requirement: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// An infinite value in the data (NaN is allowed: it marks a missing observation).
    #[error(
        "{name}[{index}] is {value}: infinite values are not allowed (NaN marks a missing value)"
    )]
    NonFinite {
        /// The argument, e.g. "returns".
        name: &'static str,
        /// Position of the first infinite value.
        index: usize,
        /// The value itself.
        value: f64,
    },
    /// Two series that must pair up period by period have different lengths.
    #[error("{name} must have the length of {other} ({expected}), got {got}")]
    LengthMismatch {
        /// The argument, e.g. "factor_returns".
        name: &'static str,
        /// The argument it must match, e.g. "returns".
        other: &'static str,
        /// The length it must have.
        expected: usize,
        /// Its length.
        got: usize,
    },
    /// A rolling window longer than the series, or of length 0.
    #[error("window must be between 1 and the length of the series ({len}), got {window}")]
    InvalidWindow {
        /// The rejected window.
        window: usize,
        /// The length of the series.
        len: usize,
    },
    /// A Decimal result beyond the exponent range of Python's default context.
    #[error("{what} overflows: its adjusted exponent {adjusted_exponent} is beyond +-999999")]
    DecimalOverflow {
        /// The quantity, e.g. "annual_return".
        what: &'static str,
        /// Exponent of its most significant digit.
        adjusted_exponent: i64,
    },
    /// A sum of Decimal returns that needs more than 38 digits at the column's scale.
    #[error("{what} overflows: the exact sum needs more than 38 digits")]
    DecimalSumOverflow {
        /// The quantity, e.g. "sum of returns".
        what: &'static str,
    },
    /// A metric name that the called family of metrics does not have.
    #[error("there is no metric {metric:?} under this convention")]
    UnknownMetric {
        /// The rejected name.
        metric: String,
    },
}
