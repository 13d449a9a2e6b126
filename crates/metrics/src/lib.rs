//! Risk and performance metrics for backtests, following empyrical's conventions.
//!
//! Kernels take `&[f64]` return series; NaN marks a missing observation and is skipped as
//! empyrical skips it, while infinities are rejected with [`MetricsError::NonFinite`]. Means and
//! deviations are summed in the order empyrical sums them (bottleneck's sequential loops, see
//! [`nan_moments`]), and growth is compounded left to right as numpy's `nanprod`/`cumprod` do,
//! so results equal empyrical's to the last bit, not merely to a tolerance.
//!
//! # Examples
//! ```
//! use rustybt_metrics::{annualization_factor, sharpe_ratio};
//! let daily_returns = [0.001, 0.002, -0.001, 0.003];
//! let factor = annualization_factor("daily", None)?;
//! let sharpe = sharpe_ratio(&daily_returns, 0.0, factor)?;
//! assert!(sharpe > 0.0);
//! # Ok::<(), rustybt_metrics::MetricsError>(())
//! ```

mod calmar;
mod checks;
mod downside;
mod drawdown;
mod error;
mod growth;
mod moments;
mod period;
mod sharpe;
mod volatility;

pub use calmar::calmar_ratio;
pub use downside::{downside_risk, sortino_ratio};
pub use drawdown::max_drawdown;
pub use error::MetricsError;
pub use growth::{annual_return, cum_returns_final};
pub use moments::{nan_moments, Moments};
pub use period::{annualization_factor, Period};
pub use sharpe::sharpe_ratio;
pub use volatility::annual_volatility;

mod series;
mod underwater;

pub use series::{cum_returns, log_returns, simple_returns};
pub use underwater::{drawdown, drawdown_periods, DrawdownPeriod};

mod tails;

pub use tails::{conditional_value_at_risk, tail_ratio, value_at_risk};

mod omega;

pub use omega::omega_ratio;

mod factor;

pub use factor::{alpha, alpha_beta, beta, capture, down_capture, excess_sharpe, up_capture};

mod rolling;

pub use rolling::{roll_annual_volatility, roll_beta, roll_max_drawdown, roll_sharpe_ratio};

mod stability;

pub use stability::stability_of_timeseries;

mod columns;

pub use columns::{per_column, per_column_series, PARALLEL_MIN_CELLS};

mod summary;

pub use summary::{summary, SummaryOptions, FACTOR_METRICS, SUMMARY_METRICS};

pub mod decimal;

pub mod quantstats;
