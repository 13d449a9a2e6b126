//! Compounding: the growth of one unit invested, and the two metrics read off its end.
//!
//! The running product is the pass that cumulative returns, annual return, drawdown and the
//! Calmar ratio share. empyrical multiplies `1 + r` left to right (`np.nanprod` and
//! `np.cumprod` reduce sequentially, unlike `np.sum`), counting a NaN return as 0, so the same
//! order here gives empyrical's results bit for bit.

use crate::checks::{finite, long_enough, positive};
use crate::MetricsError;

/// Running growth of one unit: `(1 + r[0]) * (1 + r[1]) * ... * (1 + r[i])`, a NaN return
/// counting as 0 (empyrical's `cum_returns` fills NaN with 0; `np.nanprod` skips it).
pub(crate) fn growth_path(returns: &[f64]) -> impl Iterator<Item = f64> + '_ {
    // Multiplying by 1 for a NaN, rather than branching, keeps the select off the chain of
    // products; `g * 1.0` is `g` to the bit.
    returns.iter().scan(1.0, |growth, &r| {
        *growth *= if r.is_nan() { 1.0 } else { 1.0 + r };
        Some(*growth)
    })
}

/// Growth over the whole series (1 for an empty or all-NaN series).
fn total_growth(returns: &[f64]) -> f64 {
    growth_path(returns).last().unwrap_or(1.0)
}

/// Compound annual growth rate of a series of `periods` returns that grew one unit to `growth`:
/// `growth ** (1 / (periods / annualization)) - 1`, empyrical's `annual_return` formula.
pub(crate) fn annualized_growth_rate(growth: f64, periods: usize, annualization: f64) -> f64 {
    let years = periods as f64 / annualization;
    growth.powf(1.0 / years) - 1.0
}

/// Total return of a series, empyrical's `cum_returns_final`: `prod(1 + r) - 1` when
/// `starting_value` is 0, else `prod(1 + r) * starting_value` (the final value of an
/// investment of `starting_value`).
///
/// NaN returns count as 0, so an all-NaN series gives 0 (or `starting_value`); an empty
/// series gives NaN, as in empyrical.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `starting_value` is not finite.
///
/// # Examples
/// ```
/// use rustybt_metrics::cum_returns_final;
/// let total = cum_returns_final(&[0.1, f64::NAN, -0.05], 0.0)?;
/// assert!((total - 0.045).abs() < 1e-15);
/// assert_eq!(cum_returns_final(&[0.1, 0.1], 100.0)?, 121.00000000000001);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn cum_returns_final(returns: &[f64], starting_value: f64) -> Result<f64, MetricsError> {
    finite("starting_value", starting_value)?;
    if !long_enough(returns, 1)? {
        return Ok(f64::NAN);
    }
    Ok(cum_returns_final_from(
        returns,
        total_growth(returns),
        starting_value,
    ))
}

/// [`cum_returns_final`] from the total growth `prod(1 + r)` of (finite) `returns`.
pub(crate) fn cum_returns_final_from(returns: &[f64], growth: f64, starting_value: f64) -> f64 {
    if returns.is_empty() {
        f64::NAN
    } else if starting_value == 0.0 {
        growth - 1.0
    } else {
        growth * starting_value
    }
}

/// Compound annual growth rate, empyrical's `annual_return` (alias `cagr`):
/// `prod(1 + r) ** (annualization / len(returns)) - 1`.
///
/// The number of years counts every period, NaN included (empyrical divides `len(returns)`
/// by the factor), while a NaN return compounds as 0. An empty series gives NaN. A total
/// loss beyond -100% (a negative growth) gives NaN, the real root being undefined.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::annual_return;
/// // Two quarters of +5% each: 1.05 ** 2 per half year, 1.05 ** 4 per year.
/// let cagr = annual_return(&[0.05, 0.05], 4.0)?;
/// assert!((cagr - (1.05f64.powi(4) - 1.0)).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn annual_return(returns: &[f64], annualization: f64) -> Result<f64, MetricsError> {
    positive("annualization", annualization)?;
    if !long_enough(returns, 1)? {
        return Ok(f64::NAN);
    }
    Ok(annualized_growth_rate(
        total_growth(returns),
        returns.len(),
        annualization,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cum_returns_final_follows_empyrical() {
        // empyrical.cum_returns_final(np.array([0.01, -0.02, nan, 0.03]))
        let r = [0.01, -0.02, f64::NAN, 0.03];
        assert_eq!(cum_returns_final(&r, 0.0), Ok(0.019494000000000122));
        assert_eq!(cum_returns_final(&r, 100.0), Ok(101.94940000000001));
        assert!(cum_returns_final(&[], 0.0).unwrap().is_nan());
        assert_eq!(cum_returns_final(&[f64::NAN, f64::NAN], 0.0), Ok(0.0));
        assert_eq!(cum_returns_final(&[f64::NAN], 5.0), Ok(5.0));
    }

    #[test]
    fn annual_return_follows_empyrical() {
        // empyrical.annual_return(np.array([0.01, -0.02, nan, 0.03]))
        let r = [0.01, -0.02, f64::NAN, 0.03];
        assert_eq!(annual_return(&r, 252.0), Ok(2.374694575101271));
        assert!(annual_return(&[], 252.0).unwrap().is_nan());
        assert_eq!(annual_return(&[f64::NAN], 252.0), Ok(0.0));
        assert!(annual_return(&[-1.5, 0.1], 1.0).unwrap().is_nan());
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            cum_returns_final(&[0.1, f64::NEG_INFINITY], 0.0),
            Err(MetricsError::NonFinite {
                name: "returns",
                index: 1,
                value: f64::NEG_INFINITY
            })
        );
        assert!(cum_returns_final(&[0.1], f64::NAN).is_err());
        assert!(annual_return(&[0.1], 0.0).is_err());
        assert!(annual_return(&[f64::INFINITY], 252.0).is_err());
    }
}
