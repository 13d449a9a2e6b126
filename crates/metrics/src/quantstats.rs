//! The metrics under quantstats' conventions (quantstats 0.0.86, `quantstats.stats`), for the
//! metrics that empyrical and quantstats both offer.
//!
//! quantstats runs on pandas, and pandas sums differently from empyrical's bottleneck: a mean
//! is numpy's pairwise sum of the values (NaN replaced by 0) over the count of present values
//! ([`pairwise_sum`]), while a standard deviation is bottleneck's sequential two-pass `nanstd`
//! (pandas hands `std` to bottleneck but not `sum`, `mean` or `prod`). The kernels here follow
//! the same orders. The conventions that differ from empyrical's:
//!
//! - `risk_free` is an annual rate, turned into the per-period rate
//!   `(1 + rf) ** (1 / periods) - 1` and subtracted only when it is > 0 (quantstats ignores a
//!   negative rate, so these kernels reject one); empyrical subtracts a per-period rate as given.
//! - CAGR's years are the number of present (non-NaN) returns over `periods`; empyrical counts
//!   NaNs too.
//! - Sortino's downside deviation is `sqrt(sum(min(r, 0)^2) / count)` of the excess returns, and
//!   a zero downside gives NaN (empyrical: ±inf).
//! - Value at risk and conditional value at risk are parametric (normal distribution with the
//!   sample mean and deviation); empyrical's are historical.
//! - Input quantstats rejects (empty or all-NaN returns) gives NaN here.
//!
//! Infinite returns are rejected ([`MetricsError::NonFinite`]) as everywhere in this crate
//! (quantstats turns them into NaN).

use crate::checks::{finite, finite_returns, positive};
use crate::factor::paired;
use crate::nan_moments;
use crate::tails::percentile;
use crate::MetricsError;

/// numpy's pairwise summation (`np.add.reduce` on a contiguous float64 array) of `f(v)` for
/// each value, reproduced to the bit: blocks of at most 128 values are summed in eight
/// interleaved partial sums, longer runs are split in two at a multiple of 8 and the halves
/// added. numpy's `pairwise_sum` in `loops_utils.h.src`.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::pairwise_sum;
/// // np.sum(np.arange(100) * 0.01) == 49.49999999999999; a sequential sum gives 49.5
/// let values: Vec<f64> = (0..100).map(|i| i as f64 * 0.01).collect();
/// assert_eq!(pairwise_sum(&values, |v| v), 49.49999999999999);
/// ```
pub fn pairwise_sum(values: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
    let n = values.len();
    if n < 8 {
        let mut sum = -0.0;
        for &v in values {
            sum += f(v);
        }
        // numpy starts from the first value, not from -0; -0 + x == x for every x but -0
        // itself, and an empty numpy sum is +0.
        return if n == 0 { 0.0 } else { sum };
    }
    if n <= 128 {
        let mut partial = [0.0; 8];
        for (p, &v) in partial.iter_mut().zip(&values[..8]) {
            *p = f(v);
        }
        let whole = n - n % 8;
        for block in values[8..whole].chunks_exact(8) {
            for (p, &v) in partial.iter_mut().zip(block) {
                *p += f(v);
            }
        }
        let mut sum = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
            + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for &v in &values[whole..] {
            sum += f(v);
        }
        return sum;
    }
    let half = n / 2;
    let half = half - half % 8;
    pairwise_sum(&values[..half], f) + pairwise_sum(&values[half..], f)
}

/// pandas' `Series.mean()` of `values - shift`: NaN replaced by 0, numpy's pairwise sum,
/// divided by the count of present values (NaN when there are none), with that count.
fn pandas_mean(values: &[f64], shift: f64) -> (usize, f64) {
    let count = values.iter().filter(|v| !(*v - shift).is_nan()).count();
    let sum = pairwise_sum(values, |v| {
        let x = v - shift;
        if x.is_nan() {
            0.0
        } else {
            x
        }
    });
    (
        count,
        if count == 0 {
            f64::NAN
        } else {
            sum / count as f64
        },
    )
}

/// The per-period rate quantstats subtracts for an annual `risk_free` (`to_excess_returns`
/// with `nperiods`): `(1 + rf) ** (1 / periods) - 1` when `rf` > 0, else nothing.
fn per_period_risk_free(risk_free: f64, periods: f64) -> Result<f64, MetricsError> {
    finite("risk_free", risk_free)?;
    if risk_free < 0.0 {
        return Err(MetricsError::InvalidParameter {
            name: "risk_free",
            requirement:
                ">= 0 under the quantstats convention (quantstats ignores a negative rate)",
            value: risk_free,
        });
    }
    Ok(if risk_free > 0.0 {
        (1.0 + risk_free).powf(1.0 / periods) - 1.0
    } else {
        0.0
    })
}

/// Checks the returns and `periods`; tells whether any return is present (quantstats raises
/// for empty or all-NaN returns where these kernels give NaN).
fn prepared(returns: &[f64], periods: f64) -> Result<bool, MetricsError> {
    positive("annualization", periods)?;
    finite_returns(returns)?;
    Ok(returns.iter().any(|r| !r.is_nan()))
}

/// Annualized Sharpe ratio as quantstats' `stats.sharpe(returns, rf, periods)`:
/// `mean(r - rf_p) / std(r - rf_p, ddof=1) * sqrt(periods)`, with the annual `risk_free`
/// converted to the per-period `rf_p = (1 + rf) ** (1 / periods) - 1`.
///
/// NaNs are skipped; fewer than two present values give NaN; equal values give the ratio over
/// bottleneck's deviation as it comes (often a tiny residue, or exactly 0 and so ±inf or NaN),
/// as quantstats gives: no zero-dispersion correction.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `risk_free` is not finite or negative, or `periods`
///   is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::sharpe_ratio;
/// let returns = [0.01, -0.005, 0.02, 0.0, 0.007];
/// assert!((sharpe_ratio(&returns, 0.0, 252.0)? - 10.574976).abs() < 1e-6);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn sharpe_ratio(returns: &[f64], risk_free: f64, periods: f64) -> Result<f64, MetricsError> {
    let present = prepared(returns, periods)?;
    let shift = per_period_risk_free(risk_free, periods)?;
    if !present {
        return Ok(f64::NAN);
    }
    let (_, mean) = pandas_mean(returns, shift);
    let std = nan_moments(returns, shift).std;
    Ok(mean / std * periods.sqrt())
}

/// Annualized Sortino ratio as quantstats' `stats.sortino(returns, rf, periods)`: with the
/// excess returns `x = r - rf_p` (per-period `rf_p` as in [`sharpe_ratio`]),
/// `mean(x) / sqrt(sum(x[x < 0] ** 2) / count(x)) * sqrt(periods)`.
///
/// NaNs are skipped (the count is of present values); a zero downside deviation (no negative
/// excess return) gives NaN.
///
/// # Errors
/// As [`sharpe_ratio`].
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::sortino_ratio;
/// let returns = [0.01, -0.02, 0.03];
/// // mean 0.00666.., downside sqrt(0.0004 / 3)
/// let expected = (0.02 / 3.0) / (0.0004f64 / 3.0).sqrt() * 252f64.sqrt();
/// assert!((sortino_ratio(&returns, 0.0, 252.0)? - expected).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn sortino_ratio(returns: &[f64], risk_free: f64, periods: f64) -> Result<f64, MetricsError> {
    let present = prepared(returns, periods)?;
    let shift = per_period_risk_free(risk_free, periods)?;
    if !present {
        return Ok(f64::NAN);
    }
    let (count, mean) = pandas_mean(returns, shift);
    let losses: Vec<f64> = returns
        .iter()
        .map(|r| r - shift)
        .filter(|x| *x < 0.0)
        .collect();
    let downside = (pairwise_sum(&losses, |x| x * x) / count as f64).sqrt();
    if downside == 0.0 {
        return Ok(f64::NAN);
    }
    Ok(mean / downside * periods.sqrt())
}

/// Annualized volatility as quantstats' `stats.volatility(returns, periods)`:
/// `std(r, ddof=1) * sqrt(periods)`, NaNs skipped.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `periods` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::annual_volatility;
/// let vol = annual_volatility(&[0.01, -0.01], 252.0)?;
/// assert!((vol - 0.01 * 2f64.sqrt() * 252f64.sqrt()).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn annual_volatility(returns: &[f64], periods: f64) -> Result<f64, MetricsError> {
    if !prepared(returns, periods)? {
        return Ok(f64::NAN);
    }
    Ok(nan_moments(returns, 0.0).std * periods.sqrt())
}

/// `prod(1 + r)` over the present returns, compounded left to right as numpy's `prod` does.
fn growth(returns: &[f64]) -> f64 {
    returns
        .iter()
        .filter(|r| !r.is_nan())
        .fold(1.0, |acc, r| acc * (1.0 + r))
}

/// Total compounded return as quantstats' `stats.comp(returns)`: `prod(1 + r) - 1`, NaNs
/// skipped; 0 for an empty or all-NaN series (quantstats does not reject those here).
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::cum_returns_final;
/// assert!((cum_returns_final(&[0.1, f64::NAN, -0.05])? - 0.045).abs() < 1e-15);
/// assert_eq!(cum_returns_final(&[])?, 0.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn cum_returns_final(returns: &[f64]) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    Ok(growth(returns) - 1.0)
}

/// Compound annual growth rate as quantstats' `stats.cagr(returns, periods=periods)`:
/// `(1 + total) ** (1 / years) - 1` with `total = prod(1 + r) - 1` and `years = count /
/// periods`, the count of present (non-NaN) returns; NaN when `1 + total` < 0.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `periods` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::cagr;
/// // two present returns of four periods: half a year at 4 periods a year
/// let growth = cagr(&[0.1, f64::NAN, f64::NAN, 0.0], 4.0)?;
/// assert!((growth - 0.21).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn cagr(returns: &[f64], periods: f64) -> Result<f64, MetricsError> {
    if !prepared(returns, periods)? {
        return Ok(f64::NAN);
    }
    let count = returns.iter().filter(|r| !r.is_nan()).count();
    let wealth = (growth(returns) - 1.0) + 1.0; // as quantstats: comp(r) + 1.0
    let years = count as f64 / periods;
    Ok(if wealth < 0.0 {
        f64::NAN
    } else {
        wealth.abs().powf(1.0 / years) - 1.0
    })
}

/// Maximum drawdown as quantstats' `stats.max_drawdown(returns)`: the equity curve
/// `1 + (cumprod(1 + r) - 1)` (NaN returns as 0) after a starting value of 1, and the lowest
/// `equity / running_max - 1`. 0 when the equity never falls.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::max_drawdown;
/// assert!((max_drawdown(&[-0.1, 0.2, -0.5])? + 0.5).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn max_drawdown(returns: &[f64]) -> Result<f64, MetricsError> {
    if !prepared(returns, 1.0)? {
        return Ok(f64::NAN);
    }
    let (mut growth, mut peak, mut lowest) = (1.0_f64, 1.0_f64, 1.0_f64);
    for &r in returns {
        growth *= 1.0 + if r.is_nan() { 0.0 } else { r };
        let equity = 1.0 + (growth - 1.0);
        peak = peak.max(equity);
        lowest = lowest.min(equity / peak);
    }
    Ok(lowest - 1.0)
}

/// Calmar ratio as quantstats' `stats.calmar(returns, periods=periods)`: [`cagr`] over the
/// absolute [`max_drawdown`]; ±inf (or NaN) when there is no drawdown, as IEEE division gives.
///
/// # Errors
/// As [`cagr`].
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::calmar_ratio;
/// let ratio = calmar_ratio(&[0.1, -0.05, 0.02], 252.0)?;
/// assert!(ratio > 0.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn calmar_ratio(returns: &[f64], periods: f64) -> Result<f64, MetricsError> {
    let growth = cagr(returns, periods)?;
    Ok(growth / max_drawdown(returns)?.abs())
}

/// Omega ratio as quantstats' `stats.omega(returns, rf, required_return, periods)`: with
/// `x = r - rf_p - threshold` (per-period `rf_p` as in [`sharpe_ratio`]; `threshold =
/// (1 + required_return) ** (1 / periods) - 1`, or `required_return` itself when `periods` is
/// 1), the sum of the positive `x` over minus the sum of the negative ones.
///
/// NaN with fewer than two returns (NaNs counted), for `required_return` <= -1, and when no
/// `x` is negative.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `risk_free` is not finite or negative,
///   `required_return` is not finite, or `periods` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::omega_ratio;
/// let ratio = omega_ratio(&[0.01, -0.02, 0.03, -0.005], 0.0, 0.0, 252.0)?;
/// assert!((ratio - 0.04 / 0.025).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn omega_ratio(
    returns: &[f64],
    risk_free: f64,
    required_return: f64,
    periods: f64,
) -> Result<f64, MetricsError> {
    let present = prepared(returns, periods)?;
    let shift = per_period_risk_free(risk_free, periods)?;
    finite("required_return", required_return)?;
    if !present || returns.len() < 2 || required_return <= -1.0 {
        return Ok(f64::NAN);
    }
    let threshold = if periods == 1.0 {
        required_return
    } else {
        (1.0 + required_return).powf(1.0 / periods) - 1.0
    };
    let excess = |r: &f64| {
        if shift > 0.0 {
            (r - shift) - threshold
        } else {
            r - threshold
        }
    };
    let gains: Vec<f64> = returns.iter().map(excess).filter(|x| *x > 0.0).collect();
    let losses: Vec<f64> = returns.iter().map(excess).filter(|x| *x < 0.0).collect();
    let numerator = pairwise_sum(&gains, |x| x);
    let denominator = -pairwise_sum(&losses, |x| x);
    Ok(if denominator > 0.0 {
        numerator / denominator
    } else {
        f64::NAN
    })
}

/// The standard normal quantile function (the inverse CDF, scipy's `ndtri`): Wichura's
/// algorithm AS241 (`PPND16`, Applied Statistics 37(3), 1988), as CPython's
/// `statistics.NormalDist.inv_cdf` evaluates it, accurate to about 1e-16 relative. -inf at 0,
/// inf at 1, NaN outside [0, 1].
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::inverse_normal_cdf;
/// assert!((inverse_normal_cdf(0.975) - 1.959963984540054).abs() < 1e-15);
/// assert_eq!(inverse_normal_cdf(0.0), f64::NEG_INFINITY);
/// ```
#[allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]
pub fn inverse_normal_cdf(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = (((((((2.50908_09287_30122_6727e+3 * r + 3.34305_75583_58812_8105e+4) * r
            + 6.72657_70927_00870_0853e+4)
            * r
            + 4.59219_53931_54987_1457e+4)
            * r
            + 1.37316_93765_50946_1125e+4)
            * r
            + 1.97159_09503_06551_4427e+3)
            * r
            + 1.33141_66789_17843_7745e+2)
            * r
            + 3.38713_28727_96366_6080e+0)
            * q;
        let den = ((((((5.22649_52788_52854_5610e+3 * r + 2.87290_85735_72194_2674e+4) * r
            + 3.93078_95800_09271_0610e+4)
            * r
            + 2.12137_94301_58659_5867e+4)
            * r
            + 5.39419_60214_24751_1077e+3)
            * r
            + 6.87187_00749_20579_0830e+2)
            * r
            + 4.23133_30701_60091_1252e+1)
            * r
            + 1.0;
        return num / den;
    }
    let r = if q <= 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let (num, den) = if r <= 5.0 {
        let r = r - 1.6;
        (
            ((((((7.74545_01427_83414_07640e-4 * r + 2.27238_44989_26918_45833e-2) * r
                + 2.41780_72517_74506_11770e-1)
                * r
                + 1.27045_82524_52368_38258e+0)
                * r
                + 3.64784_83247_63204_60504e+0)
                * r
                + 5.76949_72214_60691_40550e+0)
                * r
                + 4.63033_78461_56545_29590e+0)
                * r
                + 1.42343_71107_49683_57734e+0,
            ((((((1.05075_00716_44416_84324e-9 * r + 5.47593_80849_95344_94600e-4) * r
                + 1.51986_66563_61645_71966e-2)
                * r
                + 1.48103_97642_74800_74590e-1)
                * r
                + 6.89767_33498_51000_04550e-1)
                * r
                + 1.67638_48301_83803_84940e+0)
                * r
                + 2.05319_16266_37758_82187e+0)
                * r
                + 1.0,
        )
    } else {
        let r = r - 5.0;
        (
            ((((((2.01033_43992_92288_13265e-7 * r + 2.71155_55687_43487_57815e-5) * r
                + 1.24266_09473_88078_43860e-3)
                * r
                + 2.65321_89526_57612_30930e-2)
                * r
                + 2.96560_57182_85048_91230e-1)
                * r
                + 1.78482_65399_17291_33580e+0)
                * r
                + 5.46378_49111_64114_36990e+0)
                * r
                + 6.65790_46435_01103_77720e+0,
            ((((((2.04426_31033_89939_78564e-15 * r + 1.42151_17583_16445_88870e-7) * r
                + 1.84631_83175_10054_68180e-5)
                * r
                + 7.86869_13114_56132_59100e-4)
                * r
                + 1.48753_61290_85061_48525e-2)
                * r
                + 1.36929_88092_27358_05310e-1)
                * r
                + 5.99832_20655_58879_37690e-1)
                * r
                + 1.0,
        )
    };
    let x = num / den;
    if q < 0.0 {
        -x
    } else {
        x
    }
}

/// Checks a cutoff in [0, 1].
fn cutoff_fraction(cutoff: f64) -> Result<f64, MetricsError> {
    if (0.0..=1.0).contains(&cutoff) {
        Ok(cutoff)
    } else {
        Err(MetricsError::InvalidParameter {
            name: "cutoff",
            requirement: "between 0 and 1",
            value: cutoff,
        })
    }
}

/// Parametric value at risk as quantstats' `stats.value_at_risk(returns, confidence=1 -
/// cutoff)`: the `cutoff` quantile of the normal distribution with the returns' mean and
/// sample deviation (`scipy.stats.norm.ppf`), `mean + std * ndtri(cutoff)`.
///
/// NaNs are skipped. NaN when the deviation is 0 or undefined (fewer than two present
/// returns), as scipy gives for a scale that is not > 0; -inf for `cutoff` 0 and inf for 1.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `cutoff` is not in [0, 1].
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::value_at_risk;
/// let var = value_at_risk(&[0.01, -0.01], 0.05)?;
/// assert!((var - 0.01 * 2f64.sqrt() * -1.6448536269514729).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn value_at_risk(returns: &[f64], cutoff: f64) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    let cutoff = cutoff_fraction(cutoff)?;
    let (_, mean) = pandas_mean(returns, 0.0);
    let std = nan_moments(returns, 0.0).std;
    if std.is_nan() || std <= 0.0 || mean.is_nan() {
        return Ok(f64::NAN);
    }
    Ok(inverse_normal_cdf(cutoff) * std + mean)
}

/// The standard normal density, as scipy's `_norm_pdf`: `exp(-x ** 2 / 2) / sqrt(2 pi)`.
fn normal_pdf(x: f64) -> f64 {
    (-(x * x) / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Parametric conditional value at risk (expected shortfall) as quantstats'
/// `stats.conditional_value_at_risk(returns, confidence=1 - cutoff)` (its default
/// `method="parametric"`): `mean - std * pdf(ndtri(cutoff)) / cutoff` of the normal
/// distribution with the returns' mean and sample deviation.
///
/// NaNs are dropped first. NaN for no present returns; the mean when the deviation is 0 or
/// undefined; NaN for `cutoff` 0 (0 / 0).
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `cutoff` is not in [0, 1].
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::conditional_value_at_risk;
/// let cvar = conditional_value_at_risk(&[0.01, -0.01], 0.05)?;
/// assert!((cvar + 0.01 * 2f64.sqrt() * 2.0627128075074253).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn conditional_value_at_risk(returns: &[f64], cutoff: f64) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    let cutoff = cutoff_fraction(cutoff)?;
    let present: Vec<f64> = returns.iter().copied().filter(|r| !r.is_nan()).collect();
    if present.is_empty() {
        return Ok(f64::NAN);
    }
    let (_, mean) = pandas_mean(&present, 0.0);
    let std = nan_moments(&present, 0.0).std;
    if std == 0.0 || std.is_nan() {
        return Ok(mean);
    }
    Ok(mean - std * normal_pdf(inverse_normal_cdf(cutoff)) / cutoff)
}

/// Tail ratio as quantstats' `stats.tail_ratio(returns)`: `|q95 / q05|` of the present returns,
/// pandas' `quantile(0.95)` and `quantile(1 - 0.95)` (numpy's linear percentiles at `95` and
/// `(1 - 0.95) * 100`). NaN when there are no present returns or the lower quantile is 0.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::tail_ratio;
/// assert!(tail_ratio(&[0.0, 0.0])?.is_nan());
/// assert!(tail_ratio(&[0.01, -0.02, 0.03, -0.05, 0.0])? > 0.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn tail_ratio(returns: &[f64]) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    let mut sorted: Vec<f64> = returns.iter().copied().filter(|r| !r.is_nan()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let cutoff = 0.95_f64;
    let upper = percentile(&sorted, cutoff * 100.0);
    let lower = percentile(&sorted, (1.0 - cutoff) * 100.0);
    Ok(if upper.is_nan() || lower.is_nan() || lower == 0.0 {
        f64::NAN
    } else {
        (upper / lower).abs()
    })
}

/// Alpha and beta against a benchmark as quantstats' `stats.greeks(returns, benchmark,
/// periods)`: over the periods where both are present, `beta = cov(r, b) / var(b)` (numpy's
/// `np.cov`, ddof=1) and `alpha = (mean(r) - beta * mean(b)) * periods`, annualized by
/// multiplying (empyrical compounds). As quantstats' `.fillna(0)` gives, an undefined beta or
/// alpha (fewer than two paired periods, a constant benchmark) is 0, not NaN. A constant
/// benchmark gives 0 even where numpy's rounded mean leaves a residue variance (quantstats then
/// divides one rounding residue by another).
///
/// `np.cov` multiplies the benchmark deviations through BLAS in an order numpy does not
/// specify; the products are summed here left to right, so results agree with quantstats to a
/// few ulps (relative), or to about 1e-17 absolute where a covariance cancels to near 0.
///
/// # Errors
/// - [`MetricsError::LengthMismatch`] if the series differ in length.
/// - [`MetricsError::NonFinite`] if a value is ±inf.
/// - [`MetricsError::InvalidParameter`] if `periods` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::alpha_beta;
/// let benchmark = [0.01, -0.02, 0.015, 0.0];
/// let strategy: Vec<f64> = benchmark.iter().map(|b| 2.0 * b + 0.001).collect();
/// let (alpha, beta) = alpha_beta(&strategy, &benchmark, 252.0)?;
/// assert!((beta - 2.0).abs() < 1e-12 && (alpha - 0.252).abs() < 1e-12);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn alpha_beta(
    returns: &[f64],
    benchmark: &[f64],
    periods: f64,
) -> Result<(f64, f64), MetricsError> {
    positive("annualization", periods)?;
    paired(returns, benchmark)?;
    let (r, b): (Vec<f64>, Vec<f64>) = returns
        .iter()
        .zip(benchmark)
        .filter(|(r, b)| !r.is_nan() && !b.is_nan())
        .map(|(r, b)| (*r, *b))
        .unzip();
    let n = r.len();
    let mean = |values: &[f64]| pairwise_sum(values, |v| v) / n as f64;
    let (mean_r, mean_b) = (mean(&r), mean(&b));
    // np.cov: deviations from the means, their products, times 1 / (n - 1)
    let scale = 1.0 / (n as f64 - 1.0);
    let (mut cross, mut squares) = (0.0, 0.0);
    for (x, y) in r.iter().zip(&b) {
        let (dx, dy) = (x - mean_r, y - mean_b);
        cross += dx * dy;
        squares += dy * dy;
    }
    let (covariance, variance) = (cross * scale, squares * scale);
    // A constant benchmark has no variance. np.cov may leave a residue of its rounded mean
    // (and quantstats a meaningless beta); it is taken as 0 here, as quantstats takes an exact 0.
    let constant = b.iter().all(|v| *v == b[0]);
    let beta = if variance == 0.0 || constant {
        f64::NAN
    } else {
        covariance / variance
    };
    let alpha = (mean_r - beta * mean_b) * periods;
    let zero_if_nan = |v: f64| if v.is_nan() { 0.0 } else { v };
    Ok((zero_if_nan(alpha), zero_if_nan(beta)))
}

/// The metrics of this module by name, with their parameters: what the Python bindings call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuantstatsParams {
    /// Annual risk-free rate (Sharpe, Sortino, Omega).
    pub risk_free: f64,
    /// Annual required return (Omega).
    pub required_return: f64,
    /// Lower-tail probability, `1 - confidence` (value at risk, conditional value at risk).
    pub cutoff: f64,
    /// Periods per year.
    pub periods: f64,
}

/// The metric of this module named `name` (its function's name) on `returns`.
///
/// # Errors
/// [`MetricsError::UnknownMetric`] for a name this module does not have, and the errors of the
/// metric.
///
/// # Examples
/// ```
/// use rustybt_metrics::quantstats::{metric, QuantstatsParams};
/// let params = QuantstatsParams { risk_free: 0.0, required_return: 0.0, cutoff: 0.05, periods: 252.0 };
/// assert_eq!(metric("cum_returns_final", &[0.5, 1.0], &params)?, 2.0);
/// assert!(metric("stability", &[0.5], &params).is_err());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn metric(name: &str, returns: &[f64], params: &QuantstatsParams) -> Result<f64, MetricsError> {
    let p = params;
    match name {
        "sharpe_ratio" => sharpe_ratio(returns, p.risk_free, p.periods),
        "sortino_ratio" => sortino_ratio(returns, p.risk_free, p.periods),
        "annual_volatility" => annual_volatility(returns, p.periods),
        "cum_returns_final" => cum_returns_final(returns),
        "cagr" => cagr(returns, p.periods),
        "max_drawdown" => max_drawdown(returns),
        "calmar_ratio" => calmar_ratio(returns, p.periods),
        "omega_ratio" => omega_ratio(returns, p.risk_free, p.required_return, p.periods),
        "value_at_risk" => value_at_risk(returns, p.cutoff),
        "conditional_value_at_risk" => conditional_value_at_risk(returns, p.cutoff),
        "tail_ratio" => tail_ratio(returns),
        _ => Err(MetricsError::UnknownMetric {
            metric: name.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sum_follows_numpy() {
        // np.sum(np.arange(n) * k); a sequential sum gives 1990.0000000000002 and 4994.999999999999
        let values: Vec<f64> = (0..200).map(|i| i as f64 * 0.1).collect();
        assert_eq!(pairwise_sum(&values, |v| v), 1990.0);
        let values: Vec<f64> = (0..1000).map(|i| i as f64 * 0.01).collect();
        assert_eq!(pairwise_sum(&values, |v| v), 4995.0);
        assert_eq!(pairwise_sum(&[], |v| v), 0.0);
        assert_eq!(pairwise_sum(&[-0.0], |v| v).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn values_match_quantstats() {
        // quantstats 0.0.86 on pd.Series(r, index=pd.date_range("2024-01-01", periods=6))
        let r = [0.01, -0.02, f64::NAN, 0.015, 0.003, -0.004];
        assert_eq!(sharpe_ratio(&r, 0.0, 252.0), Ok(0.9294330217029175));
        assert_eq!(sortino_ratio(&r, 0.02, 252.0), Ok(1.2498483271411633));
        assert_eq!(cagr(&r, 252.0), Ok(0.20037699508683748));
        assert_eq!(max_drawdown(&r), Ok(-0.020000000000000018));
    }

    #[test]
    fn degenerate_inputs() {
        assert!(sharpe_ratio(&[], 0.0, 252.0).unwrap().is_nan());
        assert!(sharpe_ratio(&[f64::NAN, f64::NAN], 0.0, 252.0)
            .unwrap()
            .is_nan());
        assert!(sharpe_ratio(&[0.01], 0.0, 252.0).unwrap().is_nan());
        assert!(sortino_ratio(&[0.01, 0.02], 0.0, 252.0).unwrap().is_nan());
        assert!(value_at_risk(&[0.01, 0.01], 0.05).unwrap().is_nan());
        assert_eq!(conditional_value_at_risk(&[0.01, 0.01], 0.05), Ok(0.01));
        assert_eq!(cum_returns_final(&[]), Ok(0.0));
        assert!(max_drawdown(&[]).unwrap().is_nan());
        assert_eq!(max_drawdown(&[0.1, 0.2]), Ok(0.0));
        assert!(omega_ratio(&[0.1], 0.0, 0.0, 252.0).unwrap().is_nan());
        assert!(omega_ratio(&[0.1, -0.1], 0.0, -1.0, 252.0)
            .unwrap()
            .is_nan());
    }

    #[test]
    fn inverse_normal_cdf_is_accurate() {
        // scipy.special.ndtri
        assert_eq!(inverse_normal_cdf(0.5), 0.0);
        assert!((inverse_normal_cdf(0.05) + 1.6448536269514729).abs() < 1e-15);
        assert!((inverse_normal_cdf(1e-10) + 6.361340902404056).abs() < 1e-14);
        assert!((inverse_normal_cdf(1e-300) + 37.0470962993612).abs() < 1e-12);
        assert!(inverse_normal_cdf(1.5).is_nan());
    }

    const GREEKS_ALPHA: f64 = 0.18989816700611023;
    const GREEKS_BETA: f64 = 2.0020366598778008;

    #[test]
    fn greeks_follow_quantstats() {
        // quantstats 0.0.86: stats.greeks(r, b) on a shared DatetimeIndex
        let r = [0.01, -0.02, f64::NAN, 0.015, 0.003, -0.004];
        let b = [0.005, -0.01, 0.002, f64::NAN, 0.001, -0.003];
        let (alpha, beta) = alpha_beta(&r, &b, 252.0).unwrap();
        assert!((beta - GREEKS_BETA).abs() < 1e-15 * GREEKS_BETA.abs());
        assert!((alpha - GREEKS_ALPHA).abs() < 1e-13 * GREEKS_ALPHA.abs());
        assert_eq!(alpha_beta(&[0.1], &[0.2], 252.0), Ok((0.0, 0.0)));
        assert_eq!(alpha_beta(&[], &[], 252.0), Ok((0.0, 0.0)));
        assert_eq!(
            alpha_beta(&[0.1, 0.2], &[0.01, 0.01], 252.0),
            Ok((0.0, 0.0))
        );
        assert!(matches!(
            alpha_beta(&[0.1], &[], 252.0),
            Err(MetricsError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            sharpe_ratio(&[0.1, f64::INFINITY], 0.0, 252.0),
            Err(MetricsError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            sharpe_ratio(&[0.1, 0.2], -0.01, 252.0),
            Err(MetricsError::InvalidParameter {
                name: "risk_free",
                ..
            })
        ));
        assert!(annual_volatility(&[0.1, 0.2], 0.0).is_err());
        assert!(value_at_risk(&[0.1, 0.2], 1.5).is_err());
        assert!(omega_ratio(&[0.1, 0.2], 0.0, f64::NAN, 252.0).is_err());
        let params = QuantstatsParams {
            risk_free: 0.0,
            required_return: 0.0,
            cutoff: 0.05,
            periods: 252.0,
        };
        assert!(matches!(
            metric("alpha", &[0.1], &params),
            Err(MetricsError::UnknownMetric { .. })
        ));
    }
}
