//! Metrics of a strategy against a factor (a benchmark): beta, alpha, the excess Sharpe ratio
//! and the capture ratios.
//!
//! `returns` and `factor_returns` pair up period by period and must have the same length.
//! Means are bottleneck's sequential `nanmean`s, as in empyrical.

use crate::checks::{finite, positive};
use crate::growth::{annual_return, annualized_growth_rate};
use crate::series::finite_values;
use crate::{nan_moments, MetricsError, Moments};

/// Checks both series: equal lengths, no infinite value (NaN allowed).
pub(crate) fn paired(returns: &[f64], factor_returns: &[f64]) -> Result<(), MetricsError> {
    if returns.len() != factor_returns.len() {
        return Err(MetricsError::LengthMismatch {
            name: "factor_returns",
            other: "returns",
            expected: returns.len(),
            got: factor_returns.len(),
        });
    }
    finite_values("returns", returns)?;
    finite_values("factor_returns", factor_returns)
}

/// bottleneck's `nanmean` of `values(i)` for `i` in `0..n`: the present values summed in
/// order, over their count (NaN if none).
fn nan_mean(n: usize, values: impl Fn(usize) -> f64) -> f64 {
    let (mut count, mut sum) = (0usize, 0.0);
    for i in 0..n {
        let v = values(i);
        if !v.is_nan() {
            count += 1;
            sum += v;
        }
    }
    if count == 0 {
        f64::NAN
    } else {
        sum / count as f64
    }
}

/// empyrical's `beta_aligned` on checked, equal-length series.
fn beta_unchecked(returns: &[f64], factor_returns: &[f64]) -> f64 {
    let n = returns.len();
    if n < 2 {
        return f64::NAN;
    }
    // The factor where the return is present (a NaN factor stays NaN).
    let independent = |i: usize| {
        if returns[i].is_nan() {
            f64::NAN
        } else {
            factor_returns[i]
        }
    };
    let independent_mean = nan_mean(n, independent);
    let residual = |i: usize| independent(i) - independent_mean;
    let covariance = nan_mean(n, |i| residual(i) * returns[i]);
    let variance = nan_mean(n, |i| {
        let r = residual(i);
        r * r
    });
    // empyrical: independent_variances[independent_variances < 1.0e-30] = np.nan
    if variance < 1.0e-30 {
        return f64::NAN;
    }
    covariance / variance
}

/// Beta of `returns` against `factor_returns`, empyrical's `beta`: `cov(f, r) / var(f)` over
/// the periods where both are present (population moments, the factor centred on its mean over
/// those periods).
///
/// As in empyrical: fewer than two periods give NaN; a factor variance below 1e-30 (a
/// constant factor) gives NaN; NaN in either series drops that period. empyrical's `beta`
/// takes a `risk_free` it never uses (beta is the same with or without it), so this one takes
/// none.
///
/// # Errors
/// - [`MetricsError::LengthMismatch`] if the series differ in length.
/// - [`MetricsError::NonFinite`] if a value of either is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::beta;
/// let factor = [0.01, -0.02, 0.015, 0.0];
/// let returns: Vec<f64> = factor.iter().map(|f| 2.0 * f).collect();
/// assert!((beta(&returns, &factor)? - 2.0).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn beta(returns: &[f64], factor_returns: &[f64]) -> Result<f64, MetricsError> {
    paired(returns, factor_returns)?;
    Ok(beta_unchecked(returns, factor_returns))
}

/// empyrical's `alpha_aligned` given beta: `(1 + mean(r - rf - beta * (f - rf))) **
/// annualization - 1`.
fn alpha_given_beta(
    returns: &[f64],
    factor_returns: &[f64],
    risk_free: f64,
    annualization: f64,
    beta: f64,
) -> f64 {
    if returns.len() < 2 {
        return f64::NAN;
    }
    let mean = nan_mean(returns.len(), |i| {
        (returns[i] - risk_free) - beta * (factor_returns[i] - risk_free)
    });
    (mean + 1.0).powf(annualization) - 1.0
}

/// Annualized alpha and beta, empyrical's `alpha_beta`: beta as [`beta`], then alpha
/// `(1 + mean(r - rf - beta * (f - rf))) ** annualization - 1`, the mean over the periods
/// where both are present.
///
/// Fewer than two periods give NaN for both; a NaN beta gives a NaN alpha.
///
/// # Errors
/// - [`MetricsError::LengthMismatch`] if the series differ in length.
/// - [`MetricsError::NonFinite`] if a value of either is ±inf.
/// - [`MetricsError::InvalidParameter`] if `risk_free` is not finite or `annualization` is
///   not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::alpha_beta;
/// let factor = [0.01, -0.02, 0.015, 0.0];
/// let returns: Vec<f64> = factor.iter().map(|f| 0.001 + f).collect();
/// let (alpha, beta) = alpha_beta(&returns, &factor, 0.0, 252.0)?;
/// assert!((beta - 1.0).abs() < 1e-12);
/// assert!((alpha - (1.001f64.powf(252.0) - 1.0)).abs() < 1e-9);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn alpha_beta(
    returns: &[f64],
    factor_returns: &[f64],
    risk_free: f64,
    annualization: f64,
) -> Result<(f64, f64), MetricsError> {
    finite("risk_free", risk_free)?;
    positive("annualization", annualization)?;
    paired(returns, factor_returns)?;
    let beta = beta_unchecked(returns, factor_returns);
    let alpha = alpha_given_beta(returns, factor_returns, risk_free, annualization, beta);
    Ok((alpha, beta))
}

/// Annualized alpha, empyrical's `alpha`: the first value of [`alpha_beta`].
///
/// # Errors
/// As [`alpha_beta`].
///
/// # Examples
/// ```
/// use rustybt_metrics::alpha;
/// let factor = [0.01, -0.02, 0.015, 0.0];
/// assert!(alpha(&factor, &factor, 0.0, 252.0)?.abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn alpha(
    returns: &[f64],
    factor_returns: &[f64],
    risk_free: f64,
    annualization: f64,
) -> Result<f64, MetricsError> {
    Ok(alpha_beta(returns, factor_returns, risk_free, annualization)?.0)
}

/// Excess Sharpe ratio (information ratio, not annualized), empyrical's `excess_sharpe`:
/// `mean(r - f) / std(r - f, ddof=1)` over the periods where both are present.
///
/// As in empyrical: fewer than two periods (NaNs counted) give NaN, fewer than two present
/// differences give NaN, and equal differences give a zero tracking error, hence ±inf (NaN
/// when they are all 0).
///
/// # Errors
/// - [`MetricsError::LengthMismatch`] if the series differ in length.
/// - [`MetricsError::NonFinite`] if a value of either is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::excess_sharpe;
/// let ratio = excess_sharpe(&[0.02, 0.0, 0.01], &[0.01, -0.005, 0.01])?;
/// assert!(ratio > 0.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn excess_sharpe(returns: &[f64], factor_returns: &[f64]) -> Result<f64, MetricsError> {
    paired(returns, factor_returns)?;
    if returns.len() < 2 {
        return Ok(f64::NAN);
    }
    let active: Vec<f64> = returns
        .iter()
        .zip(factor_returns)
        .map(|(r, f)| r - f)
        .collect();
    let moments = nan_moments(&active, 0.0);
    Ok(moments.mean / moments.zero_dispersion_std())
}

/// Capture ratio, empyrical's `capture`: `annual_return(returns) / annual_return(factor)`,
/// each as [`annual_return`] computes it (NaN returns compounding as 0 but counting as
/// periods).
///
/// # Errors
/// - [`MetricsError::LengthMismatch`] if the series differ in length.
/// - [`MetricsError::NonFinite`] if a value of either is ±inf.
/// - [`MetricsError::InvalidParameter`] if `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::capture;
/// let c = capture(&[0.02, 0.02], &[0.01, 0.01], 252.0)?;
/// assert!(c > 2.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn capture(
    returns: &[f64],
    factor_returns: &[f64],
    annualization: f64,
) -> Result<f64, MetricsError> {
    positive("annualization", annualization)?;
    paired(returns, factor_returns)?;
    Ok(annual_return(returns, annualization)? / annual_return(factor_returns, annualization)?)
}

/// [`capture`] over the periods where both are present and `keep(factor)` holds.
fn capture_where(
    returns: &[f64],
    factor_returns: &[f64],
    annualization: f64,
    keep: fn(f64) -> bool,
) -> Result<f64, MetricsError> {
    positive("annualization", annualization)?;
    paired(returns, factor_returns)?;
    let (kept_returns, kept_factor): (Vec<f64>, Vec<f64>) = returns
        .iter()
        .zip(factor_returns)
        .filter(|(r, f)| !r.is_nan() && !f.is_nan() && keep(**f))
        .map(|(r, f)| (*r, *f))
        .unzip();
    capture(&kept_returns, &kept_factor, annualization)
}

/// Up-market capture, empyrical's `up_capture`: [`capture`] over the periods where both are
/// present and the factor rose (`f > 0`). No such period gives NaN.
///
/// # Errors
/// As [`capture`].
///
/// # Examples
/// ```
/// use rustybt_metrics::up_capture;
/// let c = up_capture(&[0.02, -0.01, 0.02], &[0.01, -0.02, 0.01], 252.0)?;
/// assert!(c > 2.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn up_capture(
    returns: &[f64],
    factor_returns: &[f64],
    annualization: f64,
) -> Result<f64, MetricsError> {
    capture_where(returns, factor_returns, annualization, |f| f > 0.0)
}

/// Down-market capture, empyrical's `down_capture`: [`capture`] over the periods where both
/// are present and the factor fell (`f < 0`). No such period gives NaN.
///
/// # Errors
/// As [`capture`].
///
/// # Examples
/// ```
/// use rustybt_metrics::down_capture;
/// let c = down_capture(&[0.02, -0.01, 0.02], &[0.01, -0.02, 0.01], 252.0)?;
/// assert!(c > 0.0 && c < 1.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn down_capture(
    returns: &[f64],
    factor_returns: &[f64],
    annualization: f64,
) -> Result<f64, MetricsError> {
    capture_where(returns, factor_returns, annualization, |f| f < 0.0)
}

/// The six factor metrics of [`crate::summary`] (alpha, beta, excess Sharpe, capture, up
/// and down capture) in three passes over the pair and without allocating, each equal to its
/// own function's result to the bit: every sum runs over the same values in the same order
/// (a left-out value adds +0 or multiplies by 1, which changes no bit, see `nan_moments`).
///
/// Checks as [`alpha_beta`] (whose checks include the others').
pub(crate) fn factor_report(
    returns: &[f64],
    factor_returns: &[f64],
    risk_free: f64,
    annualization: f64,
) -> Result<[f64; 6], MetricsError> {
    finite("risk_free", risk_free)?;
    positive("annualization", annualization)?;
    paired(returns, factor_returns)?;
    let n = returns.len();
    // Pass 1: the growth of both series, of both over the up and the down periods, the
    // factor's mean where the return is present, and the sum and range of r - f.
    let (mut growth, mut factor_growth) = (1.0, 1.0);
    let (mut up_growth, mut up_factor_growth, mut up_count) = (1.0, 1.0, 0usize);
    let (mut down_growth, mut down_factor_growth, mut down_count) = (1.0, 1.0, 0usize);
    let (mut independent_sum, mut both_count) = (0.0, 0usize);
    let (mut active_sum, mut lowest, mut highest) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
    for (&r, &f) in returns.iter().zip(factor_returns) {
        let (r_present, f_present) = (!r.is_nan(), !f.is_nan());
        let both = r_present && f_present;
        let (r_growth, f_growth) = (1.0 + r, 1.0 + f);
        growth *= if r_present { r_growth } else { 1.0 };
        factor_growth *= if f_present { f_growth } else { 1.0 };
        let (up, down) = (r_present && f > 0.0, r_present && f < 0.0);
        up_growth *= if up { r_growth } else { 1.0 };
        up_factor_growth *= if up { f_growth } else { 1.0 };
        up_count += usize::from(up);
        down_growth *= if down { r_growth } else { 1.0 };
        down_factor_growth *= if down { f_growth } else { 1.0 };
        down_count += usize::from(down);
        both_count += usize::from(both);
        independent_sum += if both { f } else { 0.0 };
        let active = r - f;
        active_sum += if both { active } else { 0.0 };
        lowest = lowest.min(active);
        highest = highest.max(active);
    }
    let annual = |growth: f64, periods: usize| {
        if periods == 0 {
            f64::NAN
        } else {
            annualized_growth_rate(growth, periods, annualization)
        }
    };
    let capture = annual(growth, n) / annual(factor_growth, n);
    let up_capture = annual(up_growth, up_count) / annual(up_factor_growth, up_count);
    let down_capture = annual(down_growth, down_count) / annual(down_factor_growth, down_count);
    if n < 2 {
        return Ok([
            f64::NAN,
            f64::NAN,
            f64::NAN,
            capture,
            up_capture,
            down_capture,
        ]);
    }
    // Pass 2: beta's covariance and variance about the factor's mean, and the squared
    // deviations of r - f (nan_moments' second pass).
    let independent_mean = if both_count == 0 {
        f64::NAN
    } else {
        independent_sum / both_count as f64
    };
    let active_mean = if both_count == 0 {
        f64::NAN
    } else {
        active_sum / both_count as f64
    };
    let (mut covariance, mut covariance_count) = (0.0, 0usize);
    let (mut variance, mut variance_count) = (0.0, 0usize);
    let mut squares = 0.0;
    for (&r, &f) in returns.iter().zip(factor_returns) {
        let independent = if r.is_nan() { f64::NAN } else { f };
        let residual = independent - independent_mean;
        let product = residual * r;
        let square = residual * residual;
        covariance += if product.is_nan() { 0.0 } else { product };
        covariance_count += usize::from(!product.is_nan());
        variance += if square.is_nan() { 0.0 } else { square };
        variance_count += usize::from(!square.is_nan());
        let d = r - f - active_mean;
        squares += if d.is_nan() { 0.0 } else { d * d };
    }
    let mean_of = |sum: f64, count: usize| {
        if count == 0 {
            f64::NAN
        } else {
            sum / count as f64
        }
    };
    let (covariance, variance) = (
        mean_of(covariance, covariance_count),
        mean_of(variance, variance_count),
    );
    let beta = if variance < 1.0e-30 {
        f64::NAN
    } else {
        covariance / variance
    };
    // Pass 3 (needs beta): alpha's mean excess return.
    let alpha = if beta.is_nan() {
        f64::NAN // every term is NaN, and so is (NaN + 1) ** annualization - 1
    } else {
        alpha_given_beta(returns, factor_returns, risk_free, annualization, beta)
    };
    let active = Moments {
        count: both_count,
        mean: active_mean,
        std: if both_count < 2 {
            f64::NAN
        } else {
            (squares / (both_count - 1) as f64).sqrt()
        },
        all_equal: both_count == 0 || lowest == highest,
    };
    let excess_sharpe = active.mean / active.zero_dispersion_std();
    Ok([
        alpha,
        beta,
        excess_sharpe,
        capture,
        up_capture,
        down_capture,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: [f64; 6] = [0.01, -0.02, f64::NAN, 0.03, -0.005, 0.004];
    const F: [f64; 6] = [0.005, -0.01, 0.01, f64::NAN, -0.004, 0.002];

    #[test]
    fn match_empyrical_values() {
        // empyrical.<name>(np.array(R), np.array(F))
        assert_eq!(beta(&R, &F), Ok(1.9491525423728815));
        // empyrical gives 0.1811886247195702 on AVX-512 machines, where numpy's vectorized
        // power (SVML) rounds differently from the C library's pow.
        assert_eq!(alpha(&R, &F, 0.0, 252.0), Ok(0.18118862471957042));
        assert_eq!(excess_sharpe(&R, &F), Ok(-0.15430334996209188));
        assert_eq!(capture(&R, &F, 252.0), Ok(8.994623149138121));
        assert_eq!(up_capture(&R, &F, 252.0), Ok(3.39644010203248));
        assert_eq!(down_capture(&R, &F, 252.0), Ok(1.1547144961211475));
    }

    #[test]
    fn degenerate_series_follow_empyrical() {
        assert!(beta(&[], &[]).unwrap().is_nan());
        assert!(beta(&[0.01], &[0.02]).unwrap().is_nan());
        assert!(beta(&[0.01, 0.02], &[0.01, 0.01]).unwrap().is_nan()); // constant factor
        assert!(alpha(&[0.01], &[0.02], 0.0, 252.0).unwrap().is_nan());
        assert!(excess_sharpe(&[0.01], &[0.0]).unwrap().is_nan());
        assert_eq!(
            excess_sharpe(&[0.02, 0.02], &[0.01, 0.01]),
            Ok(f64::INFINITY)
        );
        assert!(up_capture(&[0.01], &[-0.01], 252.0).unwrap().is_nan());
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            beta(&[0.1, 0.2], &[0.1]),
            Err(MetricsError::LengthMismatch {
                name: "factor_returns",
                other: "returns",
                expected: 2,
                got: 1
            })
        );
        assert!(alpha(&[0.1, f64::INFINITY], &[0.1, 0.2], 0.0, 252.0).is_err());
        assert!(capture(&[0.1, 0.2], &[0.1, f64::NEG_INFINITY], 252.0).is_err());
        assert!(alpha_beta(&[0.1], &[0.1], f64::NAN, 252.0).is_err());
        assert!(up_capture(&[0.1], &[0.1], 0.0).is_err());
    }
}
