//! Series transforms: returns from prices, and cumulative returns from returns.
//!
//! Each output value is computed with the same operations, in the same order, as empyrical's
//! numpy expression for it, so results are bit-identical to empyrical's on ndarray input.

use crate::checks::finite;
use crate::growth::growth_path;
use crate::MetricsError;

/// Rejects the first infinite value of `values`, naming the argument; NaN stays allowed.
pub(crate) fn finite_values(name: &'static str, values: &[f64]) -> Result<(), MetricsError> {
    match values.iter().position(|v| v.is_infinite()) {
        Some(index) => Err(MetricsError::NonFinite {
            name,
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}

/// Simple returns of a price series, empyrical's `simple_returns` on an ndarray:
/// `(prices[i + 1] - prices[i]) / prices[i]`, one value fewer than `prices`.
///
/// A NaN price gives NaN for the returns on either side of it; a zero price gives ±inf or NaN
/// (IEEE division, as numpy divides). Fewer than two prices give an empty series.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a price is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::simple_returns;
/// assert_eq!(simple_returns(&[100.0, 110.0, 99.0])?, vec![0.1, -0.1]);
/// assert!(simple_returns(&[100.0])?.is_empty());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn simple_returns(prices: &[f64]) -> Result<Vec<f64>, MetricsError> {
    finite_values("prices", prices)?;
    Ok(prices.windows(2).map(|p| (p[1] - p[0]) / p[0]).collect())
}

/// Log returns of a price series: the differences of the natural logarithms of the prices,
/// `ln(prices[i + 1]) - ln(prices[i])`, one value fewer than `prices` (`np.diff(np.log(p))`).
/// empyrical has no such function; this is the textbook definition.
///
/// A NaN or negative price gives NaN for the returns on either side of it, a zero price
/// ±inf or NaN. Fewer than two prices give an empty series. The logarithm is the platform's
/// (`f64::ln`), correctly rounded or within an ulp of it, so results may differ from numpy's
/// `np.log` in the last bit.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a price is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::log_returns;
/// let r = log_returns(&[100.0, 110.0, 100.0])?;
/// assert!((r[0] - 1.1f64.ln()).abs() < 1e-15);
/// assert!((r[0] + r[1]).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn log_returns(prices: &[f64]) -> Result<Vec<f64>, MetricsError> {
    finite_values("prices", prices)?;
    let mut previous = match prices.first() {
        Some(p) => p.ln(),
        None => return Ok(Vec::new()),
    };
    Ok(prices[1..]
        .iter()
        .map(|p| {
            let log = p.ln();
            let r = log - previous;
            previous = log;
            r
        })
        .collect())
}

/// Cumulative returns, empyrical's `cum_returns`: `cumprod(1 + r) - 1` when `starting_value`
/// is 0, else `cumprod(1 + r) * starting_value` (the value of an investment over time).
///
/// A NaN return counts as 0 (empyrical fills it with 0), so the output has no NaN. The output
/// has the length of the input; an empty series gives an empty series.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `starting_value` is not finite.
///
/// # Examples
/// ```
/// use rustybt_metrics::cum_returns;
/// let r = [0.1, f64::NAN, -0.5];
/// assert_eq!(cum_returns(&r, 0.0)?, vec![0.10000000000000009, 0.10000000000000009, -0.44999999999999996]);
/// assert_eq!(cum_returns(&r, 100.0)?, vec![110.00000000000001, 110.00000000000001, 55.00000000000001]);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn cum_returns(returns: &[f64], starting_value: f64) -> Result<Vec<f64>, MetricsError> {
    finite("starting_value", starting_value)?;
    finite_values("returns", returns)?;
    let path = growth_path(returns);
    Ok(if starting_value == 0.0 {
        path.map(|g| g - 1.0).collect()
    } else {
        path.map(|g| g * starting_value).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_returns_follow_empyrical() {
        // empyrical.simple_returns(np.array([100.0, 101.3, nan, 99.0, 0.0, 5.0]))
        let p = [100.0, 101.3, f64::NAN, 99.0, 0.0, 5.0];
        let r = simple_returns(&p).unwrap();
        assert_eq!(r.len(), 5);
        assert_eq!(r[0], 0.012999999999999972);
        assert!(r[1].is_nan() && r[2].is_nan());
        assert_eq!(r[3], -1.0);
        assert_eq!(r[4], f64::INFINITY);
        assert!(simple_returns(&[]).unwrap().is_empty());
        assert!(simple_returns(&[1.0]).unwrap().is_empty());
        assert!(simple_returns(&[0.0, 0.0]).unwrap()[0].is_nan());
    }

    #[test]
    fn log_returns_are_differences_of_logs() {
        let r = log_returns(&[1.0, std::f64::consts::E, 1.0, f64::NAN, 2.0]).unwrap();
        assert_eq!(r[0], 1.0);
        assert_eq!(r[1], -1.0);
        assert!(r[2].is_nan() && r[3].is_nan());
        assert!(log_returns(&[]).unwrap().is_empty());
        assert!(log_returns(&[3.0]).unwrap().is_empty());
        assert!(log_returns(&[-1.0, 2.0]).unwrap()[0].is_nan());
        assert_eq!(log_returns(&[0.0, 2.0]).unwrap()[0], f64::INFINITY);
    }

    #[test]
    fn cum_returns_follow_empyrical() {
        // empyrical.cum_returns(np.array([0.01, -0.02, nan, 0.03]))
        let r = [0.01, -0.02, f64::NAN, 0.03];
        assert_eq!(
            cum_returns(&r, 0.0).unwrap(),
            vec![
                0.010000000000000009,
                -0.010199999999999987,
                -0.010199999999999987,
                0.019494000000000122
            ]
        );
        assert!(cum_returns(&[], 0.0).unwrap().is_empty());
        assert_eq!(cum_returns(&[f64::NAN], 5.0).unwrap(), vec![5.0]);
    }

    #[test]
    fn rejects_infinite_values() {
        assert_eq!(
            simple_returns(&[1.0, f64::INFINITY]),
            Err(MetricsError::NonFinite {
                name: "prices",
                index: 1,
                value: f64::INFINITY
            })
        );
        assert!(log_returns(&[f64::NEG_INFINITY]).is_err());
        assert!(cum_returns(&[0.1, f64::INFINITY], 0.0).is_err());
        assert!(cum_returns(&[0.1], f64::NAN).is_err());
    }
}
