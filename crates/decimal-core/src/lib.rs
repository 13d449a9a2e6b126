//! Exact decimal columns for backtesting and trading.
//!
//! A decimal column is a slice of `i128` mantissas sharing one scale, plus an optional
//! [`Validity`] mask in Arrow's layout: the memory of an Arrow `Decimal128` array, read in place.
//! Results are exact, or an error: a sum that needs more than 38 digits is
//! [`DecimalError::Overflow`], never a wrapped or saturated number.
//!
//! Single numbers are [`DecimalValue`]s, whose text form matches Python's `decimal.Decimal`
//! (mantissa and exponent survive the round trip).
//!
//! # Examples
//! ```
//! use rustybt_decimal::{sum, DecimalValue};
//! // 19.99 + 5.01 + 0.10 at scale 2
//! let total = sum(&[1999, 501, 10], None).unwrap();
//! assert_eq!(DecimalValue::new(total, 2).unwrap().to_string(), "25.10");
//! ```

mod arith;
mod compare;
mod error;
mod float;
mod ledger;
mod reduce;
mod rounding;
mod sum;
mod validity;
mod value;

pub use arith::{
    abs, add, check_scale, div, mul, neg, quantize, rescale_value, rows, sub, Column, Context,
    OnZero, Operand,
};
pub use compare::{cmp_scaled, compare, Comparison};
pub use error::DecimalError;
pub use float::{from_float, to_float};
pub use ledger::{
    apply_fills, commissions, commissions_f64, fixed_slippage, portfolio_values,
    portfolio_values_f64, portfolio_values_rows, tiered_commissions, validate_orders,
    volume_share_slippage, ColumnRef, CommissionModel, CommissionModelF64, FillsApplied,
    OrderCheck, OrderLimits, Slipped, TieredSchedule,
};
pub use reduce::{cumsum, dot, max, mean, min};
pub use rounding::{div_pow10_round, div_round, RoundingMode};
/// The scalar decimal type of the Rust ecosystem, re-exported so callers use the same version;
/// [`DecimalValue`] converts to and from it.
pub use rust_decimal;
pub use sum::{common_scale, sum, sum_values, ExactSum};
pub use validity::Validity;
pub use value::{pow10, rescale_up, DecimalValue};
// Fast column paths (bitmaps, text and float conversions).
pub use compare::compare_bitmap;

/// Most significant digits a value may have: the precision of Arrow's `Decimal128`.
pub const MAX_PRECISION: u32 = 38;

/// Largest mantissa magnitude: `10^38 - 1`.
pub const MAX_MANTISSA: i128 = 99_999_999_999_999_999_999_999_999_999_999_999_999;

/// Largest scale (digits after the point) a column may have; negative scales go as low as `-38`.
pub const MAX_SCALE: i32 = 38;
