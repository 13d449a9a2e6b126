//! Technical indicators for backtests, computed as TA-Lib computes them.
//!
//! Float64 in, float64 out, same length as the input, NaN through the warm-up exactly where
//! TA-Lib puts it; NaN inside a series is handled per [`NanPolicy`]. Indicators: [`sma`], [`ema`],
//! [`wma`], [`rsi`]. Each is one streaming state machine (e.g. [`Sma`]) that the batch functions
//! drive, so live updates and backtests give the same numbers. 2-D inputs are row-major
//! `time x assets` matrices computed column by column ([`sma_columns`] and friends).
//!
//! Single-input indicators of issue 6: [`macd`], [`bbands`], [`stddev`], [`dema`], [`tema`],
//! [`trima`], [`kama`], [`midpoint`], [`hma`], [`mom`], [`roc`], [`rate_of_change`].
//!
//! Oscillators of issue 6: [`willr`], [`stoch`], [`adx`] (TA-Lib 0.8's conventions, see
//! [`Willr`]), and the least-squares moving average [`lsma`] (TA-Lib's `LINEARREG`). Large 2-D
//! inputs run in parallel column blocks, with the serial results.
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

mod atc;
mod bars;
mod bbands;
mod change;
mod dema;
mod ema;
mod error;
mod fma;
mod hma;
mod inputs;
mod kama;
mod lsma;
mod macd;
mod midpoint;
mod multi_output;
mod nan_policy;
mod oscillators;
mod parallel;
mod rsi;
mod signals;
mod sma;
mod snapshot;
mod stddev;
mod stream;
mod tema;
mod trima;
mod variance;
mod wma;
// issue 10: the ATC pipeline
mod atc_ma;
mod atc_pipeline;
mod atc_stream;
// issue 6: the money flow index
mod mfi;
// issue 6: branch-free "keep the greater" for TA-Lib's comparison chains
mod select;

pub use atc::AtcKama;
pub use atc::EquityCurve;
pub use atc::{
    atc_kama, atc_kama_columns, equity_curve, equity_curves, EquityParams, ATC_KAMA_FAST,
    ATC_KAMA_SLOW, PARALLEL_MIN_VALUES,
};
pub use atc_ma::{atc_dema, atc_ema, atc_hma, atc_lsma, atc_wma, LsmaAt};
pub use atc_pipeline::{
    atc_scan, atc_scan_map, compute_atc_signals, compute_atc_signals_with_components,
    AtcComponents, AtcParams, AtcSignals, Robustness, ATC_EQUITY_FLOOR, ATC_FAMILIES,
    ATC_LENGTHS_PER_FAMILY, ATC_MAX_LENGTH,
};
pub use atc_stream::{AtcBar, AtcStream};
pub use bars::{atr, atr_lookback, cci, natr, obv, trange, Atr, Cci, Natr, Obv, TrueRange};
pub use bbands::{bbands, bbands_columns, bbands_lookback, Bands, Bbands};
pub use change::{
    change_lookback, mom, mom_columns, rate_of_change, rate_of_change_columns, roc, roc_columns,
    Mom, RateOfChange, Roc,
};
pub use dema::{dema, dema_columns, dema_lookback, Dema};
pub use ema::{ema, ema_columns, ema_lookback, Ema, EmaSeed};
pub use error::IndicatorError;
/// Runs a closure compiled with FMA instructions where the CPU has them (for the Python
/// bindings' streaming updates, whose TA-Lib-style `mul_add`s are otherwise software calls).
#[doc(hidden)]
pub use fma::with_fma;
pub use hma::{hma, hma_columns, hma_lookback, Hma};
pub use kama::{kama, kama_columns, kama_lookback, Kama};
pub use lsma::{lsma, lsma_columns, Lsma};
pub use macd::{macd, macd_columns, macd_lookback, Macd, MacdLines};
pub use mfi::{mfi, mfi_lookback, Mfi};
pub use midpoint::{midpoint, midpoint_columns, midpoint_lookback, Midpoint};
pub use nan_policy::NanPolicy;
pub use oscillators::{
    adx, adx_lookback, stoch, stoch_lookback, willr, Adx, MaType, Stoch, StochParams, Willr,
};
pub use rsi::{rsi, rsi_columns, rsi_lookback, Rsi};
pub use signals::{
    crossover, crossover_columns, crossunder, crossunder_columns, ma_signal, ma_signal_columns,
    signal_persistence, signal_persistence_columns, Crossings, SignalPersistence,
};
pub use sma::{sma, sma_columns, sma_columns_into, sma_into, sma_lookback, Sma};
pub use snapshot::{SavedState, Snapshot};
pub use stddev::{stddev, stddev_columns, stddev_lookback, Stddev};
pub use tema::{tema, tema_columns, tema_lookback, Tema};
pub use trima::{trima, trima_columns, trima_lookback, Trima};
pub use wma::{wma, wma_columns, wma_lookback, Wma};
