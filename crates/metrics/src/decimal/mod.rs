//! Metrics of Decimal returns: a decimal column (`i128` mantissas sharing one scale, an Arrow
//! validity mask for nulls), computed in decimal arithmetic, never through `f64`.
//!
//! Two kinds of result:
//! - **Rounded operation by operation, as Python's `decimal` does it** ([`cum_returns_final`],
//!   [`cum_returns`], [`annual_return`], [`drawdown`], [`max_drawdown`]): growth compounds
//!   left to right, `growth = growth * (1 + r)`, each `+` and `*` rounded to a
//!   [`DecimalContext`] (precision 28 and `ROUND_HALF_EVEN` by default, as
//!   `decimal.getcontext()`). The results equal, mantissa and exponent, a plain Python loop
//!   over `decimal.Decimal` values in that order with that context. While no product needs
//!   more digits than the precision, nothing is rounded and the results are exact.
//! - **Exact sums, one rounding** ([`annual_volatility`], [`sharpe_ratio`], [`sortino_ratio`],
//!   [`downside_risk`]): the sums of returns and of squares are exact integers on the
//!   column's scale, and the metric, a square root of an exact rational number, is rounded
//!   once to the context: the correctly rounded value.
//!
//! A null return is skipped as empyrical skips NaN: it compounds as 0 and does not count in
//! means and deviations. Where empyrical answers NaN or an infinity (too short a series, zero
//! deviation), these kernels answer [`DecimalMetric::NaN`] or [`DecimalMetric::Infinity`].
//!
//! # Examples
//! ```
//! use rustybt_metrics::decimal::{cum_returns_final, DecimalContext, DecimalReturns};
//! // 0.10, -0.05, null at scale 2
//! let returns = DecimalReturns::new(&[10, -5, 0], 2, None)?;
//! let total = cum_returns_final(&returns, None, DecimalContext::default())?;
//! assert_eq!(total.to_string(), "0.045000");
//! # Ok::<(), rustybt_metrics::MetricsError>(())
//! ```

mod growth;
mod moments;
mod number;
mod transcendental;

use std::fmt;

use rustybt_decimal::Validity;

use crate::MetricsError;

pub use growth::{annual_return, cum_returns, cum_returns_final, drawdown, max_drawdown};
pub use moments::{annual_volatility, downside_risk, sharpe_ratio, sortino_ratio};
pub use number::{ContextDecimal, DecimalContext, MAX_ADJUSTED_EXPONENT, MAX_CONTEXT_PRECISION};

/// A decimal return series: mantissas at one scale, and which rows are valid (not null).
#[derive(Debug, Clone, Copy)]
pub struct DecimalReturns<'a> {
    values: &'a [i128],
    scale: i32,
    validity: Option<Validity<'a>>,
}

impl<'a> DecimalReturns<'a> {
    /// `values[i] * 10^-scale`, null where `validity` says so.
    ///
    /// # Errors
    /// [`MetricsError::LengthMismatch`] if the mask does not describe `values.len()` rows.
    pub fn new(
        values: &'a [i128],
        scale: i32,
        validity: Option<Validity<'a>>,
    ) -> Result<Self, MetricsError> {
        if let Some(mask) = &validity {
            if mask.len() != values.len() {
                return Err(MetricsError::LengthMismatch {
                    name: "validity",
                    other: "returns",
                    expected: values.len(),
                    got: mask.len(),
                });
            }
        }
        Ok(Self {
            values,
            scale,
            validity,
        })
    }

    /// Number of rows, nulls included.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True for a series of no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The scale of every mantissa.
    pub fn scale(&self) -> i32 {
        self.scale
    }

    /// The mantissas, nulls included (their values are meaningless).
    pub fn values(&self) -> &'a [i128] {
        self.values
    }

    /// The validity mask, if any row may be null.
    pub fn validity(&self) -> Option<&Validity<'a>> {
        self.validity.as_ref()
    }

    /// The mantissa of row `i`, or `None` for a null.
    #[inline]
    pub fn get(&self, i: usize) -> Option<i128> {
        match &self.validity {
            Some(mask) if !mask.is_valid(i) => None,
            _ => Some(self.values[i]),
        }
    }
}

/// A scalar Decimal metric: a number, or empyrical's NaN and infinite answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalMetric {
    /// A finite result.
    Value(ContextDecimal),
    /// No answer (`Decimal('NaN')`): too few returns, a negative growth's root, 0 / 0.
    NaN,
    /// `Decimal('Infinity')` or `Decimal('-Infinity')`: a non-zero mean over zero deviation.
    Infinity {
        /// The sign.
        negative: bool,
    },
}

impl fmt::Display for DecimalMetric {
    /// Python's text form, which `decimal.Decimal(text)` reads back exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecimalMetric::Value(value) => value.fmt(f),
            DecimalMetric::NaN => f.write_str("NaN"),
            DecimalMetric::Infinity { negative: false } => f.write_str("Infinity"),
            DecimalMetric::Infinity { negative: true } => f.write_str("-Infinity"),
        }
    }
}

/// A positive annualization factor (periods per year) as a decimal.
pub(crate) fn positive_factor(
    annualization: &ContextDecimal,
) -> Result<&ContextDecimal, MetricsError> {
    if annualization.is_zero() || annualization.is_negative() {
        return Err(MetricsError::InvalidParameter {
            name: "annualization",
            requirement: "a number > 0",
            value: annualization.to_string().parse().unwrap_or(f64::NAN),
        });
    }
    Ok(annualization)
}
