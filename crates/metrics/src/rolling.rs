//! Rolling metrics: a scalar metric over each window of consecutive periods.
//!
//! Output convention (empyrical's `roll_*`): one value per full window, `len - window + 1`
//! values, the first for `returns[0..window]`; for a pandas Series empyrical labels them with
//! the index of each window's last period. Unlike empyrical, which shrinks a window longer
//! than the series to the series (giving one value), a window of 0 or longer than the series
//! is an error here ([`MetricsError::InvalidWindow`]), an empty series included.
//!
//! Each window's value is the scalar kernel's, computed as empyrical computes it on the
//! windows (bottleneck reduces each column of its rolling view sequentially), so every value
//! equals empyrical's bit for bit.

use crate::factor::beta;
use crate::{annual_volatility, max_drawdown, sharpe_ratio, MetricsError};

/// Applies `metric` to each window of `window` consecutive values.
fn rolling(
    len: usize,
    window: usize,
    metric: impl Fn(std::ops::Range<usize>) -> Result<f64, MetricsError>,
) -> Result<Vec<f64>, MetricsError> {
    if window == 0 || window > len {
        return Err(MetricsError::InvalidWindow { window, len });
    }
    (0..=len - window).map(|i| metric(i..i + window)).collect()
}

/// Rolling Sharpe ratio, empyrical's `roll_sharpe_ratio`: [`sharpe_ratio`] over each window.
///
/// # Errors
/// - [`MetricsError::InvalidWindow`] if `window` is 0 or longer than `returns`.
/// - The errors of [`sharpe_ratio`].
///
/// # Examples
/// ```
/// use rustybt_metrics::{roll_sharpe_ratio, sharpe_ratio};
/// let r = [0.01, -0.005, 0.02, 0.0, 0.007];
/// let rolled = roll_sharpe_ratio(&r, 3, 0.0, 252.0)?;
/// assert_eq!(rolled.len(), 3);
/// assert_eq!(rolled[2], sharpe_ratio(&r[2..5], 0.0, 252.0)?);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn roll_sharpe_ratio(
    returns: &[f64],
    window: usize,
    risk_free: f64,
    annualization: f64,
) -> Result<Vec<f64>, MetricsError> {
    // Parameters and every value are checked once, before any window.
    sharpe_ratio(&[], risk_free, annualization)?;
    crate::checks::finite_returns(returns)?;
    rolling(returns.len(), window, |w| {
        sharpe_ratio(&returns[w], risk_free, annualization)
    })
}

/// Rolling maximum drawdown, empyrical's `roll_max_drawdown`: [`max_drawdown`] over each
/// window (each window's cumulative value starting afresh at 100).
///
/// # Errors
/// - [`MetricsError::InvalidWindow`] if `window` is 0 or longer than `returns`.
/// - [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::roll_max_drawdown;
/// let rolled = roll_max_drawdown(&[0.1, -0.2, 0.1, -0.15], 2)?;
/// assert_eq!(rolled.len(), 3);
/// assert!((rolled[0] + 0.2).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn roll_max_drawdown(returns: &[f64], window: usize) -> Result<Vec<f64>, MetricsError> {
    crate::checks::finite_returns(returns)?;
    rolling(returns.len(), window, |w| max_drawdown(&returns[w]))
}

/// Rolling annual volatility, empyrical's `roll_annual_volatility`: [`annual_volatility`]
/// over each window.
///
/// # Errors
/// - [`MetricsError::InvalidWindow`] if `window` is 0 or longer than `returns`.
/// - The errors of [`annual_volatility`].
///
/// # Examples
/// ```
/// use rustybt_metrics::roll_annual_volatility;
/// let rolled = roll_annual_volatility(&[0.01, -0.01, 0.01, -0.01], 2, 2.0, 1.0)?;
/// assert_eq!(rolled.len(), 3);
/// assert!((rolled[0] - 2f64.sqrt() * 0.01).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn roll_annual_volatility(
    returns: &[f64],
    window: usize,
    alpha: f64,
    annualization: f64,
) -> Result<Vec<f64>, MetricsError> {
    annual_volatility(&[], alpha, annualization)?;
    crate::checks::finite_returns(returns)?;
    rolling(returns.len(), window, |w| {
        annual_volatility(&returns[w], alpha, annualization)
    })
}

/// Rolling beta, empyrical's `roll_beta`: [`beta`](crate::beta) over each window of the paired
/// series.
///
/// # Errors
/// - [`MetricsError::LengthMismatch`] if the series differ in length.
/// - [`MetricsError::NonFinite`] if a value of either is ±inf.
/// - [`MetricsError::InvalidWindow`] if `window` is 0 or longer than the series.
///
/// # Examples
/// ```
/// use rustybt_metrics::roll_beta;
/// let factor = [0.01, -0.02, 0.015, 0.0, 0.01];
/// let returns: Vec<f64> = factor.iter().map(|f| 2.0 * f).collect();
/// let rolled = roll_beta(&returns, &factor, 3)?;
/// assert_eq!(rolled.len(), 3);
/// assert!(rolled.iter().all(|b| (b - 2.0).abs() < 1e-12));
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn roll_beta(
    returns: &[f64],
    factor_returns: &[f64],
    window: usize,
) -> Result<Vec<f64>, MetricsError> {
    beta(returns, factor_returns)?;
    rolling(returns.len(), window, |w| {
        beta(&returns[w.clone()], &factor_returns[w])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_full_window() {
        let r = [0.01, -0.02, f64::NAN, 0.03, -0.005, 0.004];
        let rolled = roll_max_drawdown(&r, 3).unwrap();
        assert_eq!(rolled.len(), 4);
        assert_eq!(rolled[1], max_drawdown(&r[1..4]).unwrap());
        assert_eq!(roll_max_drawdown(&r, 6).unwrap().len(), 1);
        assert_eq!(
            roll_sharpe_ratio(&r, 1, 0.0, 252.0).unwrap().len(),
            6,
            "window 1: NaN Sharpe ratios, one per period"
        );
    }

    #[test]
    fn matches_empyrical_values() {
        // empyrical.roll_sharpe_ratio(np.array(r), 4), roll_annual_volatility(.., 4)
        let r = [0.01, -0.02, f64::NAN, 0.03, -0.005, 0.004];
        let sharpe = roll_sharpe_ratio(&r, 4, 0.0, 252.0).unwrap();
        assert_eq!(sharpe[0], sharpe_ratio(&r[0..4], 0.0, 252.0).unwrap());
        let volatility = roll_annual_volatility(&r, 4, 2.0, 252.0).unwrap();
        assert_eq!(
            volatility[2],
            annual_volatility(&r[2..6], 2.0, 252.0).unwrap()
        );
    }

    #[test]
    fn rejects_bad_windows() {
        let r = [0.01, 0.02];
        assert_eq!(
            roll_max_drawdown(&r, 3),
            Err(MetricsError::InvalidWindow { window: 3, len: 2 })
        );
        assert!(roll_sharpe_ratio(&r, 0, 0.0, 252.0).is_err());
        assert!(roll_annual_volatility(&[], 1, 2.0, 252.0).is_err());
        assert!(roll_beta(&r, &[0.1], 1).is_err());
        assert!(roll_sharpe_ratio(&r, 1, f64::NAN, 252.0).is_err());
        assert!(roll_max_drawdown(&[0.1, f64::INFINITY], 1).is_err());
    }
}
