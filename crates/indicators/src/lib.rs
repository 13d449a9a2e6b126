//! Technical indicators for backtests, computed as TA-Lib computes them.
//!
//! Float64 in, float64 out, same length as the input, NaN through the warm-up exactly where
//! TA-Lib puts it; NaN inside a series is handled per [`NanPolicy`]. Each indicator is one streaming state machine (e.g. [`Sma`]) that the batch
//! functions drive, so live updates and backtests give the same numbers. 2-D inputs are row-major
//! `time x assets` matrices computed column by column ([`sma_columns`]).
//!
//! # Examples
//! ```
//! use rustybt_indicators::{sma, NanPolicy};
//! let closes = [10.0, 11.0, 12.0, 13.0];
//! let average = sma(&closes, 3, NanPolicy::Propagate)?;
//! assert!(average[1].is_nan());
//! assert_eq!(&average[2..], &[11.0, 12.0]);
//! # Ok::<(), rustybt_indicators::IndicatorError>(())
//! ```

mod error;
mod nan_policy;
mod sma;

pub use error::IndicatorError;
pub use nan_policy::NanPolicy;
pub use sma::{sma, sma_columns, sma_columns_into, sma_into, sma_lookback, Sma};
