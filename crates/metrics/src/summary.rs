//! Every scalar metric of one return series in one call: the backtest report's common case.

use crate::calmar::calmar_from;
use crate::drawdown::ANCHOR;
use crate::factor::factor_report;
use crate::growth::{annualized_growth_rate, cum_returns_final_from};
use crate::stability::{is_flat, stability_of_curve, Fit};
use crate::tails::tails;
use crate::{checks, sharpe_ratio, MetricsError, Moments};

/// The metrics of [`summary`] for one series, in order (pyfolio's `perf_stats` first).
pub const SUMMARY_METRICS: [&str; 13] = [
    "annual_return",
    "cum_returns_final",
    "annual_volatility",
    "sharpe_ratio",
    "calmar_ratio",
    "stability_of_timeseries",
    "max_drawdown",
    "omega_ratio",
    "sortino_ratio",
    "tail_ratio",
    "value_at_risk",
    "conditional_value_at_risk",
    "downside_risk",
];

/// The metrics [`summary`] adds when factor (benchmark) returns are given.
pub const FACTOR_METRICS: [&str; 6] = [
    "alpha",
    "beta",
    "excess_sharpe",
    "capture",
    "up_capture",
    "down_capture",
];

/// The parameters [`summary`] passes to the metrics, empyrical's defaults by default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryOptions {
    /// Periods per year (252 for daily returns).
    pub annualization: f64,
    /// Risk-free return per period (Sharpe, Omega, alpha).
    pub risk_free: f64,
    /// Required return per period (Sortino, downside risk, Omega).
    pub required_return: f64,
    /// Tail probability of the value at risk and conditional value at risk.
    pub cutoff: f64,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        Self {
            annualization: 252.0,
            risk_free: 0.0,
            required_return: 0.0,
            cutoff: 0.05,
        }
    }
}

/// Every scalar metric of `returns` (and, with `factor_returns`, those against the factor),
/// named as in [`SUMMARY_METRICS`] and [`FACTOR_METRICS`], each equal to the metric's own
/// function with the same parameters.
///
/// The one-series metrics come from one pass over the returns (growth, drawdown, moments,
/// Omega and downside sums), one over the squared deviations and one over the log curve; the
/// six factor metrics from three passes over the pair, without copying the up and down
/// periods; the three tail metrics from the extremes alone (gathered by thresholds and
/// sorted, or selected). Every sum runs over the same values in the same order as in the
/// metric's own function, so each result is that function's to the bit.
///
/// # Errors
/// As the metrics: [`MetricsError::NonFinite`] for an infinite return,
/// [`MetricsError::InvalidParameter`] for a bad option, [`MetricsError::LengthMismatch`] when
/// the factor's length differs.
///
/// # Examples
/// ```
/// use rustybt_metrics::{max_drawdown, summary, SummaryOptions};
/// let returns = [0.01, -0.02, 0.015, 0.003, -0.004];
/// let report = summary(&returns, None, &SummaryOptions::default())?;
/// let (name, value) = report[6];
/// assert_eq!((name, value), ("max_drawdown", max_drawdown(&returns)?));
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn summary(
    returns: &[f64],
    factor_returns: Option<&[f64]>,
    options: &SummaryOptions,
) -> Result<Vec<(&'static str, f64)>, MetricsError> {
    let SummaryOptions {
        annualization,
        risk_free,
        required_return,
        cutoff,
    } = *options;
    // The checks, in the order the metrics make them.
    checks::positive("annualization", annualization)?;
    checks::finite_returns(returns)?;
    let (tail_ratio, value_at_risk, shortfall) = tails(returns, cutoff)?;
    checks::finite("risk_free", risk_free)?;
    checks::finite("required_return", required_return)?;
    let one = returns_report(returns, options);
    let n = returns.len();
    let nan_below = |min_len: usize, value: f64| if n < min_len { f64::NAN } else { value };
    let sharpe_ratio = if risk_free.to_bits() == 0 {
        // r - 0.0 is r to the bit: the moments are those of the returns
        nan_below(
            2,
            one.moments.mean / one.moments.zero_dispersion_std() * annualization.sqrt(),
        )
    } else {
        sharpe_ratio(returns, risk_free, annualization)?
    };
    let annual_return = nan_below(1, annualized_growth_rate(one.growth, n, annualization));
    let (downside_mean, downside_deviation) = (
        one.downside_sum / one.moments.count as f64,
        (one.downside_squares / one.moments.count as f64).sqrt(),
    );
    let mut out = vec![
        ("annual_return", annual_return),
        (
            "cum_returns_final",
            cum_returns_final_from(returns, one.growth, 0.0),
        ),
        (
            "annual_volatility",
            nan_below(2, one.moments.std * annualization.powf(1.0 / 2.0)),
        ),
        ("sharpe_ratio", sharpe_ratio),
        (
            "calmar_ratio",
            calmar_from(one.growth, one.max_drawdown, n, annualization),
        ),
        ("stability_of_timeseries", one.stability),
        ("max_drawdown", one.max_drawdown),
        ("omega_ratio", one.omega),
        (
            "sortino_ratio",
            nan_below(
                2,
                downside_mean * annualization / (downside_deviation * annualization.sqrt()),
            ),
        ),
        ("tail_ratio", tail_ratio),
        ("value_at_risk", value_at_risk),
        ("conditional_value_at_risk", shortfall),
        (
            "downside_risk",
            nan_below(1, downside_deviation * annualization.sqrt()),
        ),
    ];
    if let Some(factor) = factor_returns {
        let [alpha, beta, excess_sharpe, capture, up_capture, down_capture] =
            factor_report(returns, factor, risk_free, annualization)?;
        out.extend([
            ("alpha", alpha),
            ("beta", beta),
            ("excess_sharpe", excess_sharpe),
            ("capture", capture),
            ("up_capture", up_capture),
            ("down_capture", down_capture),
        ]);
    }
    Ok(out)
}

/// What the metrics of one series read off it, from one pass over the returns (and a second
/// over the squares and the log curve).
struct ReturnsReport {
    /// Total growth `prod(1 + r)`, NaN counting as 0.
    growth: f64,
    /// empyrical's `max_drawdown` (NaN for no returns).
    max_drawdown: f64,
    /// `nan_moments(returns, 0.0)`.
    moments: Moments,
    /// Sum of the present `r - required_return`, and of the squares of their negative parts.
    downside_sum: f64,
    downside_squares: f64,
    /// empyrical's `omega_ratio`.
    omega: f64,
    /// empyrical's `stability_of_timeseries`.
    stability: f64,
}

/// The one-series metrics of [`summary`] on checked returns and options, every sum over the
/// same values in the same order as the metric's own function (a left-out value adding +0 or
/// multiplying by 1, which changes no bit), so each result is that function's to the bit.
fn returns_report(returns: &[f64], options: &SummaryOptions) -> ReturnsReport {
    let SummaryOptions {
        annualization,
        risk_free,
        required_return,
        ..
    } = *options;
    let n = returns.len();
    // omega_ratio's threshold; None where omega_ratio gives NaN before summing
    let threshold = if n < 2 {
        None
    } else if annualization == 1.0 {
        Some(required_return)
    } else if required_return <= -1.0 {
        None
    } else {
        Some((1.0 + required_return).powf(1.0 / annualization) - 1.0)
    };
    let threshold_or_0 = threshold.unwrap_or(0.0);
    let (mut growth, mut peak) = (1.0, ANCHOR);
    let (mut worst, mut any_drawdown) = (f64::INFINITY, false);
    let (mut count, mut sum) = (0usize, 0.0);
    let (mut lowest, mut highest) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut gains, mut losses) = (0.0, 0.0);
    let (mut downside_sum, mut downside_squares) = (0.0, 0.0);
    let mut curve = Vec::with_capacity(n);
    let (mut log_growth, mut curve_sum) = (0.0, 0.0);
    for &r in returns {
        let present = !r.is_nan();
        // growth_and_max_drawdown
        growth *= if present { 1.0 + r } else { 1.0 };
        let value = growth * ANCHOR;
        peak = peak.max(value);
        let drawdown = (value - peak) / peak;
        let deeper = drawdown <= worst; // a select, not a branch: new lows come at random
        worst = if deeper { drawdown } else { worst };
        any_drawdown |= deeper;
        // nan_moments' first pass (r - 0.0 is r)
        count += usize::from(present);
        sum += if present { r } else { 0.0 };
        lowest = lowest.min(r);
        highest = highest.max(r);
        // omega_ratio (a NaN excess is neither > 0 nor < 0)
        let excess = r - risk_free - threshold_or_0;
        gains += if excess > 0.0 { excess } else { 0.0 };
        losses += if excess < 0.0 { excess } else { 0.0 };
        // downside
        let below = r - required_return;
        let shortfall = below.min(0.0);
        downside_sum += if present { below } else { 0.0 };
        downside_squares += if present { shortfall * shortfall } else { 0.0 };
    }
    // stability_of_timeseries' curve, in a loop of its own: the call to ln_1p would make the
    // loop above keep its sums in memory (every vector register is caller-saved).
    for &r in returns {
        if !r.is_nan() {
            log_growth += r.ln_1p();
            curve.push(log_growth);
            curve_sum += log_growth;
        }
    }
    let mean = if count == 0 {
        f64::NAN
    } else {
        sum / count as f64
    };
    // The squared deviations, and without NaNs (the curve as long as the returns) the
    // stability fit's sums in the same loop: independent sums, each still in order.
    let fused = count >= 2 && curve.len() == n;
    let fit = Fit::new(curve.len().max(1), curve_sum);
    let mut fit_sums = [0.0; 3];
    let std = if count < 2 {
        f64::NAN
    } else {
        let mut squares = 0.0;
        if fused {
            for (i, (&r, &y)) in returns.iter().zip(&curve).enumerate() {
                let d = r - mean;
                squares += if d.is_nan() { 0.0 } else { d * d };
                fit.add(&mut fit_sums, i, y);
            }
        } else {
            for &r in returns {
                let d = r - mean;
                squares += if d.is_nan() { 0.0 } else { d * d };
            }
        }
        (squares / (count - 1) as f64).sqrt()
    };
    let stability = if n < 2 || is_flat(&curve) {
        f64::NAN
    } else if fused {
        fit.r_squared(fit_sums)
    } else {
        stability_of_curve(&curve, curve_sum)
    };
    let omega = match threshold {
        Some(_) if -losses > 0.0 => gains / -losses,
        _ => f64::NAN,
    };
    ReturnsReport {
        growth,
        max_drawdown: if any_drawdown { worst } else { f64::NAN },
        moments: Moments {
            count,
            mean,
            std,
            all_equal: count == 0 || lowest == highest,
        },
        downside_sum,
        downside_squares,
        omega,
        stability,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{annual_return, calmar_ratio, cum_returns_final, max_drawdown};

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn shared_pass_equals_the_separate_metrics() {
        let series: [&[f64]; 5] = [
            &[0.01, -0.02, f64::NAN, 0.03, -0.01, 0.004],
            &[],
            &[f64::NAN, f64::NAN],
            &[0.01, 0.02],
            &[-0.5, 0.2, -0.3],
        ];
        for r in series {
            let got = summary(r, None, &SummaryOptions::default()).unwrap();
            let want = [
                annual_return(r, 252.0).unwrap(),
                cum_returns_final(r, 0.0).unwrap(),
                max_drawdown(r).unwrap(),
                calmar_ratio(r, 252.0).unwrap(),
            ];
            let by_name = |n: &str| got.iter().find(|(k, _)| *k == n).unwrap().1;
            for (name, value) in [
                "annual_return",
                "cum_returns_final",
                "max_drawdown",
                "calmar_ratio",
            ]
            .iter()
            .zip(want)
            {
                assert!(same(by_name(name), value), "{name} on {r:?}");
            }
            let names: Vec<&str> = got.iter().map(|(k, _)| *k).collect();
            assert_eq!(names, SUMMARY_METRICS);
        }
    }

    /// A series of `n` values in steps of 0.001 between -0.02 and 0.02 (many ties, ±0) with a
    /// NaN every `nan_every` values (none for 0), from a linear congruential generator.
    fn series(n: usize, seed: u64, nan_every: usize) -> Vec<f64> {
        let mut state = seed;
        (0..n)
            .map(|i| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let step = ((state >> 33) % 41) as f64 - 20.0;
                if nan_every > 0 && i % nan_every == nan_every - 1 {
                    f64::NAN
                } else if step == 0.0 && state & 1 == 1 {
                    -0.0
                } else {
                    step / 1000.0
                }
            })
            .collect()
    }

    #[test]
    fn every_metric_equals_its_own_function() {
        use crate::*;
        for (n, nan_r, nan_f) in [
            (0, 0, 0),
            (1, 0, 0),
            (2, 0, 0),
            (3, 2, 0),
            (257, 0, 0),
            (600, 7, 5),
            (601, 3, 0),
            (2520, 0, 0),
            (2520, 11, 13),
        ] {
            let r = series(n, 17 + n as u64, nan_r);
            let f = series(n, 19 + n as u64, nan_f);
            for (rf, req, cutoff) in [
                (0.0, 0.0, 0.05),
                (0.0001, 0.001, 0.25),
                (0.0, 0.0, 0.0),
                (0.0, 0.0, 1.0),
            ] {
                let options = SummaryOptions {
                    annualization: 252.0,
                    risk_free: rf,
                    required_return: req,
                    cutoff,
                };
                let got = summary(&r, Some(&f), &options).unwrap();
                let (alpha_, beta_) = alpha_beta(&r, &f, rf, 252.0).unwrap();
                let want = [
                    annual_return(&r, 252.0).unwrap(),
                    cum_returns_final(&r, 0.0).unwrap(),
                    annual_volatility(&r, 2.0, 252.0).unwrap(),
                    sharpe_ratio(&r, rf, 252.0).unwrap(),
                    calmar_ratio(&r, 252.0).unwrap(),
                    stability_of_timeseries(&r).unwrap(),
                    max_drawdown(&r).unwrap(),
                    omega_ratio(&r, rf, req, 252.0).unwrap(),
                    sortino_ratio(&r, req, 252.0).unwrap(),
                    tail_ratio(&r).unwrap(),
                    value_at_risk(&r, cutoff).unwrap(),
                    conditional_value_at_risk(&r, cutoff).unwrap(),
                    downside_risk(&r, req, 252.0).unwrap(),
                    alpha_,
                    beta_,
                    excess_sharpe(&r, &f).unwrap(),
                    capture(&r, &f, 252.0).unwrap(),
                    up_capture(&r, &f, 252.0).unwrap(),
                    down_capture(&r, &f, 252.0).unwrap(),
                ];
                assert_eq!(got.len(), want.len());
                for ((name, value), expected) in got.iter().zip(want) {
                    assert!(
                        same(*value, expected),
                        "{name} n={n} rf={rf} cutoff={cutoff}: {value} vs {expected}"
                    );
                }
            }
        }
    }

    #[test]
    fn factor_metrics_come_last_and_lengths_are_checked() {
        let r = [0.01, -0.02, 0.03];
        let got = summary(&r, Some(&[0.0, -0.01, 0.02]), &SummaryOptions::default()).unwrap();
        let names: Vec<&str> = got.iter().map(|(k, _)| *k).collect();
        assert_eq!(&names[13..], FACTOR_METRICS);
        assert!(matches!(
            summary(&r, Some(&[0.0]), &SummaryOptions::default()),
            Err(MetricsError::LengthMismatch { .. })
        ));
        assert!(summary(&[f64::INFINITY], None, &SummaryOptions::default()).is_err());
    }
}
