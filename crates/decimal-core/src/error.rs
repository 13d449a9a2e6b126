//! The one error type of this crate.

/// Why a decimal operation could not give an exact result.
///
/// Every variant names the offending argument or element so that the Python layer can raise a
/// message a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecimalError {
    /// The exact result needs more than [`MAX_PRECISION`](crate::MAX_PRECISION) digits.
    #[error("decimal overflow: {what} needs more than 38 significant digits")]
    Overflow {
        /// What overflowed, e.g. `"the sum of values"` or `"values[3] at scale 10"`.
        what: String,
    },
    /// The result needs more digits than the context's precision allows.
    #[error("decimal overflow: {what} needs more than {precision} significant digits")]
    PrecisionExceeded {
        /// What overflowed, e.g. "add at row 3".
        what: String,
        /// The context's precision.
        precision: u32,
    },
    /// A string could not be read as a decimal number.
    #[error("cannot parse \"{text}\" as a decimal number{at}")]
    Parse {
        /// The text as given (truncated to 64 characters).
        text: String,
        /// Where it was, e.g. `" (values[3])"`, or empty.
        at: String,
    },
    /// NaN or infinity, which a fixed-scale decimal column cannot hold.
    #[error("{what} is {value}: decimal columns hold finite numbers only")]
    NotFinite {
        /// The argument or element, e.g. `"values[2]"`.
        what: String,
        /// The special value as written ("NaN", "Infinity", ...).
        value: String,
    },
    /// A scale (digits after the decimal point) outside the supported range.
    #[error("scale {scale} is out of range: scales must lie in [-38, 38]")]
    InvalidScale {
        /// The rejected scale.
        scale: i32,
    },
    /// A `scale` argument outside `[-38, 38]`, or one a result cannot take.
    #[error("{name} = {scale} is out of range: {reason}")]
    ScaleOutOfRange {
        /// The argument, e.g. "scale".
        name: &'static str,
        /// The rejected scale.
        scale: i64,
        /// Why, e.g. "scales must lie in [-38, 38]".
        reason: &'static str,
    },
    /// A rounding mode name that is not one of Python's eight.
    #[error(
        "unknown rounding mode \"{name}\": expected one of ROUND_CEILING, ROUND_DOWN, \
         ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, ROUND_05UP"
    )]
    InvalidRounding {
        /// The rejected name (truncated to 64 characters).
        name: String,
    },
    /// A context precision outside what a decimal128 column can hold.
    #[error("precision {precision} is out of range: it must lie in [1, 38]")]
    InvalidPrecision {
        /// The rejected precision.
        precision: i64,
    },
    /// A division by zero (Python's `decimal` raises `DivisionByZero` or `InvalidOperation`).
    #[error("division by zero at {what}")]
    DivisionByZero {
        /// Where, e.g. "row 3".
        what: String,
    },
    /// Two columns of different lengths in an elementwise operation.
    #[error("columns differ in length: {left} and {right} values")]
    ShapeMismatch {
        /// Length of the left operand.
        left: usize,
        /// Length of the right operand.
        right: usize,
    },
    /// An input the kernel cannot work with (a null where a value is needed, a bad side, ...).
    #[error("invalid input: {what}")]
    InvalidInput {
        /// What is wrong, naming the row or argument.
        what: String,
    },
    /// A validity mask that does not cover the values it describes.
    #[error("validity mask covers {mask_len} values but the column has {values_len}")]
    LengthMismatch {
        /// Values the mask covers.
        mask_len: usize,
        /// Values in the column.
        values_len: usize,
    },
}
