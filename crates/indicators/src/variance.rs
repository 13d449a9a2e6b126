//! The rolling population variance of TA-Lib 0.8 (`VAR`), shared by [`crate::Stddev`] and
//! [`crate::Bbands`].

use std::collections::VecDeque;

use crate::NanPolicy;

/// TA-Lib 0.8's rolling variance (`ta_codegen/input/var/var.c`, TA-Lib issue #118), step for
/// step: running sums of `x - shift` and `(x - shift)^2`, with the shift first anchored to the
/// first value of the first window, and `variance = s2 / period - (s1 / period)^2` (`1 / period`
/// multiplied, not divided). The sums are rebuilt by a fresh two-pass over the window, with the
/// shift re-anchored at the window mean, when the variance drops below `1e-6` of `s2 / period`,
/// when the squared deviation of the value leaving the window exceeds `1e6` times the surviving
/// `s2`, or after `32 * period` windows; a rebuilt variance below `1e-12` of its `s2 / period`
/// is 0. Under `Propagate` a NaN stays in the sums until the next rebuild whose window no
/// longer holds it, exactly as in TA-Lib.
#[derive(Debug, Clone)]
pub(crate) struct RollingVariance {
    period: usize,
    nan_policy: NanPolicy,
    inv_period: f64,
    /// The last `period - 1` values taken in (fewer during the warm-up), oldest first.
    window: VecDeque<f64>,
    shift: f64,
    sum: f64,
    sum_squares: f64,
    until_reseed: usize,
    started: bool,
}

impl RollingVariance {
    /// `period` must be at least 1 (the callers check their own minimum).
    pub(crate) fn new(period: usize, nan_policy: NanPolicy) -> Self {
        Self {
            period,
            nan_policy,
            inv_period: 1.0 / period as f64,
            window: VecDeque::new(),
            shift: 0.0,
            sum: 0.0,
            sum_squares: 0.0,
            until_reseed: period.saturating_mul(32),
            started: false,
        }
    }

    /// Feeds the next value and returns the variance of the last `period` values, NaN during
    /// the warm-up (and as the [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // into the bindings' FMA-enabled pipeline loop
    pub(crate) fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        if !self.started {
            self.started = true;
            self.shift = value;
        }
        let deviation = value - self.shift;
        self.sum += deviation;
        self.sum_squares += deviation * deviation;
        if self.window.len() + 1 < self.period {
            self.window.push_back(value);
            return f64::NAN;
        }
        let mean = self.sum * self.inv_period;
        let mut variance = self.sum_squares * self.inv_period - mean * mean;
        // The oldest value of this window leaves the sums (prepares the next window).
        let trailing = self.window.front().copied().unwrap_or(value);
        let deviation = trailing - self.shift;
        self.sum -= deviation;
        let squared = deviation * deviation;
        self.sum_squares -= squared;
        self.until_reseed = self.until_reseed.saturating_sub(1);
        if variance < 0.000_001 * (self.sum_squares * self.inv_period)
            || squared > 1_000_000.0 * self.sum_squares
            || self.until_reseed == 0
        {
            variance = self.reseed(value, trailing);
        }
        self.window.push_back(value);
        if self.window.len() >= self.period {
            self.window.pop_front();
        }
        variance
    }

    /// TA-Lib's two-pass rebuild over the window ending with `value`: the new shift is the window
    /// mean, the variance is recomputed (and floored), and `trailing` leaves the new sums.
    fn reseed(&mut self, value: f64, trailing: f64) -> f64 {
        self.until_reseed = self.period.saturating_mul(32);
        let values = || self.window.iter().copied().chain([value]);
        let mut total = 0.0;
        for v in values() {
            total += v;
        }
        let shift = total * self.inv_period;
        let (mut sum, mut sum_squares) = (0.0, 0.0);
        for v in values() {
            let deviation = v - shift;
            sum += deviation;
            sum_squares += deviation * deviation;
        }
        let mean = sum * self.inv_period;
        let mut variance = sum_squares * self.inv_period - mean * mean;
        if variance < 0.000_000_000_001 * (sum_squares * self.inv_period) {
            variance = 0.0;
        }
        let deviation = trailing - shift;
        self.shift = shift;
        self.sum = sum - deviation;
        self.sum_squares = sum_squares - deviation * deviation;
        variance
    }

    pub(crate) fn reset(&mut self) {
        *self = Self::new(self.period, self.nan_policy);
    }
}

/// [`RollingVariance`] over a whole series for the batch functions: the same operations in the
/// same order, with the window read from the series itself instead of a ring buffer (its
/// oldest value `series[k + 1 - period]`, the rebuild over `series[k + 1 - period..=k]`), so
/// the bits are the state machine's. Fed `k = 0, 1, 2, ...` in turn over a series that starts
/// with a number; under `Propagate` a NaN later on behaves as in the state machine.
#[derive(Debug, Clone)]
pub(crate) struct VarianceSweep {
    period: usize,
    inv_period: f64,
    shift: f64,
    sum: f64,
    sum_squares: f64,
    until_reseed: usize,
}

impl VarianceSweep {
    /// `period` must be at least 2 (the callers' minimum).
    pub(crate) fn new(period: usize) -> Self {
        let state = RollingVariance::new(period, NanPolicy::Propagate);
        Self {
            period,
            inv_period: state.inv_period,
            shift: 0.0,
            sum: 0.0,
            sum_squares: 0.0,
            until_reseed: state.until_reseed,
        }
    }

    /// The variance of the `period` values ending at `series[k]`, NaN during the warm-up.
    #[inline(always)]
    pub(crate) fn at(&mut self, series: &[f64], k: usize) -> f64 {
        let value = series[k];
        if k == 0 {
            self.shift = value;
        }
        let deviation = value - self.shift;
        self.sum += deviation;
        self.sum_squares += deviation * deviation;
        let Some(oldest) = (k + 1).checked_sub(self.period) else {
            return f64::NAN;
        };
        let mean = self.sum * self.inv_period;
        let mut variance = self.sum_squares * self.inv_period - mean * mean;
        let trailing = series[oldest];
        let deviation = trailing - self.shift;
        self.sum -= deviation;
        let squared = deviation * deviation;
        self.sum_squares -= squared;
        self.until_reseed = self.until_reseed.saturating_sub(1);
        if variance < 0.000_001 * (self.sum_squares * self.inv_period)
            || squared > 1_000_000.0 * self.sum_squares
            || self.until_reseed == 0
        {
            let shift;
            [variance, shift, self.sum, self.sum_squares] =
                reseed_window(&series[oldest..=k], trailing, self.inv_period);
            self.shift = shift;
            self.until_reseed = self.period.saturating_mul(32);
        }
        variance
    }
}

/// [`RollingVariance::reseed`] over `window` (the `period` values ending with the newest):
/// `[variance, shift, sum, sum_squares]`. A pure function, so that the sweep's state stays in
/// registers on the hot path (a `&mut self` call would pin it to memory).
#[cold]
#[inline(never)]
fn reseed_window(window: &[f64], trailing: f64, inv_period: f64) -> [f64; 4] {
    let mut total = 0.0;
    for &v in window {
        total += v;
    }
    let shift = total * inv_period;
    let (mut sum, mut sum_squares) = (0.0, 0.0);
    for &v in window {
        let deviation = v - shift;
        sum += deviation;
        sum_squares += deviation * deviation;
    }
    let mean = sum * inv_period;
    let mut variance = sum_squares * inv_period - mean * mean;
    if variance < 0.000_000_000_001 * (sum_squares * inv_period) {
        variance = 0.0;
    }
    let deviation = trailing - shift;
    [
        variance,
        shift,
        sum - deviation,
        sum_squares - deviation * deviation,
    ]
}

impl crate::Snapshot for RollingVariance {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.extend([self.shift, self.sum, self.sum_squares]);
        crate::snapshot::save_count(out, self.until_reseed);
        crate::snapshot::save_window(out, self.window.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), crate::IndicatorError> {
        self.started = saved.flag()?;
        self.shift = saved.float()?;
        self.sum = saved.float()?;
        self.sum_squares = saved.float()?;
        self.until_reseed = saved.count(self.period.saturating_mul(32))?;
        saved.window(&mut self.window, self.period - 1)
    }
}
