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
        /// What overflowed, e.g. "the sum of values" or "values[3] at scale 10".
        what: String,
    },
    /// A string could not be read as a decimal number.
    #[error("cannot parse \"{text}\" as a decimal number{at}")]
    Parse {
        /// The text as given (truncated to 64 characters).
        text: String,
        /// Where it was, e.g. " (values[3])", or empty.
        at: String,
    },
    /// NaN or infinity, which a fixed-scale decimal column cannot hold.
    #[error("{what} is {value}: decimal columns hold finite numbers only")]
    NotFinite {
        /// The argument or element, e.g. "values[2]".
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
    /// A validity mask that does not cover the values it describes.
    #[error("validity mask covers {mask_len} values but the column has {values_len}")]
    LengthMismatch {
        /// Values the mask covers.
        mask_len: usize,
        /// Values in the column.
        values_len: usize,
    },
}
