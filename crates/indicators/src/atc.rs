//! The kernels of Adaptive Trend Classification (ATC): its KAMA variant and its equity curve.
//!
//! Source: the ATC signal pipeline (the `adaptive_trend_enhance` module of the public
//! `Nguyenthang2292/Sovereign-IQ` repository, written up in the project's ATC specification,
//! sections 4.6 and 8.1) and issue 6 of this project, which states the formulas repeated on each
//! function below.

use rayon::prelude::*;

use crate::inputs::{
    check_finite_named, check_finite_parameter, check_length, check_matrix, check_same_length,
};
use crate::IndicatorError;

/// ATC's default KAMA fast constant (not TA-Lib's 2 / (2 + 1)).
pub const ATC_KAMA_FAST: f64 = 0.666;
/// ATC's default KAMA slow constant (not TA-Lib's 2 / (30 + 1)).
pub const ATC_KAMA_SLOW: f64 = 0.064;

/// Work (values) below which a 2-D call runs on one thread. At a few ns per value, 32,768 values
/// are tens of microseconds of work, comfortably above the ~10-20 us that waking rayon's pool and
/// splitting the rows cost. A rough check on the shared 2-core machine (loaded by other jobs, so
/// only indicative): 54 equity curves x 700 bars (37,800 values) took 0.51 ms as one parallel
/// call against 0.60 ms as 54 single-curve calls; re-measure on an idle machine before tuning.
pub const PARALLEL_MIN_VALUES: usize = 32_768;

/// `a + b` and its rounding error, exactly: `a + b == sum + error` in real arithmetic (Knuth's
/// branch-free TwoSum).
#[inline(always)]
pub(crate) fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let sum = a + b;
    let b_virtual = sum - a;
    let error = (a - (sum - b_virtual)) + (b - b_virtual);
    (sum, error)
}

/// `|p[j] - p[j - 1]|`, the one-bar move ending at `j`.
#[inline(always)]
fn step(p: &[f64], j: usize) -> f64 {
    (p[j] - p[j - 1]).abs()
}

/// The noise of the window ending at `end` summed from scratch, compensated: (sum, compensation,
/// NaN moves in the window).
pub(crate) fn window_noise(p: &[f64], end: usize, length: usize) -> (f64, f64, usize) {
    let (mut sum, mut compensation, mut nans) = (0.0, 0.0, 0);
    for j in end + 1 - length..=end {
        let d = step(p, j);
        if d.is_nan() {
            nans += 1;
        } else {
            let (s, e) = two_sum(sum, d);
            sum = s;
            compensation += e;
        }
    }
    (sum, compensation, nans)
}

/// The ATC variant of Kaufman's adaptive moving average (ATC specification 4.6, issue 6):
///
/// - `kama[0] = p[0]`, and `kama[i] = kama[i-1]` for `i < length` (flat warm-up, no NaN);
/// - for `i >= length`: `noise = sum |p[j] - p[j-1]|` over `j = i-length+1 ..= i`,
///   `signal = |p[i] - p[i-length]|`, `ratio = signal / noise` (0 when `noise` is 0),
///   `sc = (ratio * (fast - slow) + slow)^2`, `kama[i] = kama[i-1] + sc * (p[i] - kama[i-1])`,
///   in that order of operations (no fused multiply-add).
///
/// NaN, as the reference: a NaN price makes the noise and signal of every window holding it NaN,
/// hence `kama` NaN there; when `kama[i-1]` is NaN, `p[i]` stands in for it, so the average
/// restarts from the price once the windows are clean again. A NaN `p[0]` gives NaN through the
/// warm-up.
///
/// O(n): the noise is a running sum, updated by the incoming move minus the outgoing one. A plain
/// running add/subtract drifts from the direct sum (its rounding errors accumulate, and after a
/// volatile stretch they can dwarf the noise of a quiet one), so the sum is compensated: each
/// update's rounding error is captured exactly (TwoSum) and carried in a second accumulator, and
/// the window is re-summed from scratch every `max(1024, 4 * length)` bars to bound even the
/// second-order error. The noise is then within about 1e-16 relative of the exact sum, which is
/// at least as close as the direct left-to-right sum (within `(length - 1) * 1.1e-16`): results
/// match a plain loop over the formula to about 1e-14 relative, not bit for bit.
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `length` is 0.
/// - [`IndicatorError::ParameterOutOfRange`] if `fast` or `slow` is not finite.
/// - [`IndicatorError::NonFinite`] if a price is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_kama, ATC_KAMA_FAST, ATC_KAMA_SLOW};
/// let out = atc_kama(&[1.0, 2.0, 3.0, 2.0], 2, ATC_KAMA_FAST, ATC_KAMA_SLOW)?;
/// assert_eq!(&out[..2], &[1.0, 1.0]); // flat warm-up at p[0]
/// // bar 2: noise |2-1| + |3-2| = 2, signal |3-1| = 2, ratio 1
/// let smoothing = 1.0 * (ATC_KAMA_FAST - ATC_KAMA_SLOW) + ATC_KAMA_SLOW;
/// assert_eq!(out[2], 1.0 + (smoothing * smoothing) * (3.0 - 1.0));
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_kama(
    prices: &[f64],
    length: usize,
    fast: f64,
    slow: f64,
) -> Result<Vec<f64>, IndicatorError> {
    check_kama(length, fast, slow)?;
    check_finite_named(prices, "prices")?;
    let mut out = vec![f64::NAN; prices.len()];
    kama_into(prices, length, fast, slow, &mut out);
    Ok(out)
}

/// [`atc_kama`] of each column of a row-major `rows x cols` matrix (time x assets), columns in
/// parallel above [`PARALLEL_MIN_VALUES`] values.
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `prices.len() != rows * cols`.
/// - As [`atc_kama`] otherwise; the index of an infinite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::atc_kama_columns;
/// let out = atc_kama_columns(&[1.0, 5.0, 2.0, 5.0], 2, 2, 1, 0.666, 0.064)?;
/// assert_eq!(out[3], 5.0); // the flat second column stays at 5
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_kama_columns(
    prices: &[f64],
    rows: usize,
    cols: usize,
    length: usize,
    fast: f64,
    slow: f64,
) -> Result<Vec<f64>, IndicatorError> {
    check_kama(length, fast, slow)?;
    check_matrix("prices", prices.len(), rows, cols)?;
    check_finite_named(prices, "prices")?;
    let mut out = vec![f64::NAN; prices.len()];
    if cols == 0 {
        return Ok(out);
    }
    let column = |j: usize| {
        let series: Vec<f64> = prices.iter().skip(j).step_by(cols).copied().collect();
        let mut kama = vec![f64::NAN; rows];
        kama_into(&series, length, fast, slow, &mut kama);
        kama
    };
    let columns: Vec<Vec<f64>> = if prices.len() >= PARALLEL_MIN_VALUES && cols > 1 {
        (0..cols).into_par_iter().map(column).collect()
    } else {
        (0..cols).map(column).collect()
    };
    for (j, kama) in columns.iter().enumerate() {
        for (i, v) in kama.iter().enumerate() {
            out[i * cols + j] = *v;
        }
    }
    Ok(out)
}

fn check_kama(length: usize, fast: f64, slow: f64) -> Result<(), IndicatorError> {
    check_length("length", length, 1)?;
    check_finite_parameter("fast", fast)?;
    check_finite_parameter("slow", slow)
}

/// The KAMA loop over one series (checked by the caller); `out` is as long as `p`.
pub(crate) fn kama_into(p: &[f64], length: usize, fast: f64, slow: f64, out: &mut [f64]) {
    // Prices without NaN and far from overflow (the checks run on the data callers have) make
    // every move, noise, ratio and average finite: no move is NaN and `kama` never is, so the
    // NaN bookkeeping and the NaN test on the average's dependency chain can be compiled out.
    // Both instances give the same bits on such data.
    let tame = p.iter().fold(true, |ok, v| ok & (v.abs() < 1e290));
    if tame {
        kama_loop::<false>(p, length, fast, slow, out);
    } else {
        kama_loop::<true>(p, length, fast, slow, out);
    }
}

fn kama_loop<const MAY_HAVE_NAN: bool>(
    p: &[f64],
    length: usize,
    fast: f64,
    slow: f64,
    out: &mut [f64],
) {
    let Some(mut lane) = KamaLane::start(p, length, fast, slow, out) else {
        return;
    };
    for (i, value) in out.iter_mut().enumerate().take(p.len()).skip(length) {
        *value = lane.step::<MAY_HAVE_NAN>(p, i);
    }
}

/// [`kama_into`] for the 9 lengths of a family at once, into the 9 rows of `out` (each as long
/// as `p`): the same lane steps, bit for bit, but the rows advance together bar by bar, so that
/// their dependency chains overlap instead of running in turn.
pub(crate) fn kama_family_into(
    p: &[f64],
    lengths: &[usize; 9],
    fast: f64,
    slow: f64,
    out: &mut [f64],
) {
    let n = p.len();
    let tame = p.iter().fold(true, |ok, v| ok & (v.abs() < 1e290));
    if n == 0 || !tame || lengths.iter().any(|&l| l >= n) {
        for (row, &length) in out.chunks_exact_mut(n.max(1)).zip(lengths) {
            kama_into(p, length, fast, slow, row);
        }
        return;
    }
    let mut rows: Vec<&mut [f64]> = out.chunks_exact_mut(n).take(9).collect();
    let mut lanes: Vec<KamaLane> = Vec::with_capacity(9);
    for (row, &length) in rows.iter_mut().zip(lengths) {
        match KamaLane::start(p, length, fast, slow, row) {
            Some(lane) => lanes.push(lane),
            None => return, // unreachable: every length is below n
        }
    }
    let last = lengths.iter().copied().max().unwrap_or(0);
    // Up to the longest length, row by row (a few bars: the lengths are close).
    for (lane, row) in lanes.iter_mut().zip(rows.iter_mut()) {
        for i in lane.length..last {
            row[i] = lane.step::<false>(p, i);
        }
    }
    let lanes: &mut [KamaLane; 9] = match lanes.as_mut_slice().try_into() {
        Ok(lanes) => lanes,
        Err(_) => return, // unreachable: 9 lengths
    };
    for i in last..n {
        for (row, lane) in rows.iter_mut().zip(lanes.iter_mut()) {
            row[i] = lane.step::<false>(p, i);
        }
    }
}

/// One ATC KAMA in progress: its noise window and its value.
struct KamaLane {
    length: usize,
    span: f64,
    slow: f64,
    resum_every: usize,
    until_resum: usize,
    sum: f64,
    compensation: f64,
    nans: usize,
    kama: f64,
}

impl KamaLane {
    /// Writes the warm-up (`p[0]` up to bar `length`) into `out`; `None` when `p` has no bar
    /// past the warm-up.
    #[inline(always)]
    fn start(p: &[f64], length: usize, fast: f64, slow: f64, out: &mut [f64]) -> Option<Self> {
        let n = p.len();
        if n == 0 {
            return None;
        }
        let kama = p[0];
        out[..length.min(n)].fill(kama);
        if n <= length {
            return None;
        }
        let resum_every = length.saturating_mul(4).max(1024);
        let (sum, compensation, nans) = window_noise(p, length, length);
        Some(Self {
            length,
            span: fast - slow,
            slow,
            resum_every,
            until_resum: resum_every,
            sum,
            compensation,
            nans,
            kama,
        })
    }

    /// The average at bar `i` (from `length` on, in order).
    #[inline(always)]
    fn step<const MAY_HAVE_NAN: bool>(&mut self, p: &[f64], i: usize) -> f64 {
        let length = self.length;
        if i > length {
            // A countdown, not `(i - length) % resum_every == 0`: an integer division per bar
            // would cost more than the rest of the update.
            self.until_resum -= 1;
            if self.until_resum == 0 {
                self.until_resum = self.resum_every;
                (self.sum, self.compensation, self.nans) = window_noise(p, i, length);
            } else {
                let mut incoming = step(p, i);
                let mut outgoing = step(p, i - length);
                if MAY_HAVE_NAN {
                    self.nans =
                        self.nans + usize::from(incoming.is_nan()) - usize::from(outgoing.is_nan());
                    incoming = if incoming.is_nan() { 0.0 } else { incoming };
                    outgoing = if outgoing.is_nan() { 0.0 } else { outgoing };
                }
                let (delta, e1) = two_sum(incoming, -outgoing);
                let (s, e2) = two_sum(self.sum, delta);
                self.sum = s;
                self.compensation += e1 + e2;
            }
        }
        let noise = if MAY_HAVE_NAN && self.nans > 0 {
            f64::NAN
        } else {
            self.sum + self.compensation
        };
        let signal = (p[i] - p[i - length]).abs();
        let ratio = if noise == 0.0 { 0.0 } else { signal / noise };
        let smoothing = ratio * self.span + self.slow;
        let sc = smoothing * smoothing;
        let previous = if MAY_HAVE_NAN && self.kama.is_nan() {
            p[i]
        } else {
            self.kama
        };
        self.kama = previous + sc * (p[i] - previous);
        self.kama
    }
}

/// Parameters of [`equity_curve`]: the ATC defaults are `EquityParams::default()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EquityParams {
    /// Equity on the first bar (floored), 1.0 by default.
    pub starting_equity: f64,
    /// Fraction lost every bar, in [0, 1]; 0.0 by default (ATC passes `De / 100`).
    pub decay: f64,
    /// Bars before the curve starts (NaN there), 0 by default.
    pub cutout: usize,
    /// Lowest equity, 0.25 by default.
    pub floor: f64,
}

impl Default for EquityParams {
    fn default() -> Self {
        Self {
            starting_equity: 1.0,
            decay: 0.0,
            cutout: 0,
            floor: 0.25,
        }
    }
}

impl EquityParams {
    fn check(&self) -> Result<(), IndicatorError> {
        check_finite_parameter("starting_equity", self.starting_equity)?;
        check_finite_parameter("floor", self.floor)?;
        if !(0.0..=1.0).contains(&self.decay) {
            return Err(IndicatorError::ParameterOutOfRange {
                name: "decay",
                accepted: "within [0, 1]",
                value: self.decay,
            });
        }
        Ok(())
    }
}

/// The ATC equity curve of one signal (ATC specification 8.1, issue 6):
///
/// - NaN before `cutout`;
/// - at bar `cutout`: `e = max(floor, starting_equity)`;
/// - after it: `e[i] = max(floor, (e[i-1] * (1 - decay)) * (1 + a))`, in that order of
///   operations, with `a = r[i]` if `prev_signal[i] > 0`, `-r[i]` if `< 0`, and 0 when the
///   signal is 0 or either value is NaN.
///
/// `prev_signal` is the signal already shifted by one bar (the position held over bar `i`); only
/// its sign matters. The floor is `if e < floor { e = floor }`, as the reference writes it.
///
/// # Errors
/// - [`IndicatorError::LengthMismatch`] if the two series differ in length.
/// - [`IndicatorError::ParameterOutOfRange`] for a non-finite `starting_equity` or `floor`, or a
///   `decay` outside [0, 1].
/// - [`IndicatorError::NonFinite`] if a return or a signal is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{equity_curve, EquityParams};
/// let out = equity_curve(&[0.0, 0.5, 0.5, -0.5], &[0.0, 1.0, -1.0, -1.0], &EquityParams::default())?;
/// assert_eq!(out, vec![1.0, 1.5, 0.75, 1.125]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn equity_curve(
    returns: &[f64],
    prev_signal: &[f64],
    params: &EquityParams,
) -> Result<Vec<f64>, IndicatorError> {
    check_same_length(
        ("returns", returns.len()),
        ("prev_signal", prev_signal.len()),
    )?;
    equity_curves(returns, prev_signal, 1, params)
}

/// [`equity_curve`] of many signals against one returns series: `prev_signals` is a row-major
/// `signals x bars` matrix (one signal per row, `bars = returns.len()`), and so is the result.
/// Rows run in parallel above [`PARALLEL_MIN_VALUES`] values.
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `prev_signals.len() != signals * returns.len()`.
/// - As [`equity_curve`] otherwise; the index of an infinite signal is its flat position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{equity_curves, EquityParams};
/// let out = equity_curves(&[0.0, 0.5], &[0.0, 1.0, 0.0, -1.0], 2, &EquityParams::default())?;
/// assert_eq!(out, vec![1.0, 1.5, 1.0, 0.5]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn equity_curves(
    returns: &[f64],
    prev_signals: &[f64],
    signals: usize,
    params: &EquityParams,
) -> Result<Vec<f64>, IndicatorError> {
    params.check()?;
    let bars = returns.len();
    check_matrix("prev_signal", prev_signals.len(), signals, bars)?;
    check_finite_named(returns, "returns")?;
    check_finite_named(prev_signals, "prev_signal")?;
    let mut out = vec![f64::NAN; prev_signals.len()];
    if bars == 0 {
        return Ok(out);
    }
    // Rows go through in groups of ROWS_AT_ONCE, interleaved bar by bar: each curve is one long
    // chain of dependent multiplications, so several independent chains keep the CPU's
    // multipliers busy where one chain leaves them waiting. Each row's arithmetic is unchanged.
    let group = ROWS_AT_ONCE * bars;
    let run = |(signal, curve): (&[f64], &mut [f64])| {
        if signal.len() == group {
            equity_rows_into::<ROWS_AT_ONCE>(returns, signal, params, curve);
        } else {
            for (row, row_out) in signal.chunks_exact(bars).zip(curve.chunks_exact_mut(bars)) {
                equity_rows_into::<1>(returns, row, params, row_out);
            }
        }
    };
    if prev_signals.len() >= PARALLEL_MIN_VALUES && signals > 1 {
        prev_signals
            .par_chunks(group)
            .zip(out.par_chunks_mut(group))
            .for_each(run);
    } else {
        prev_signals
            .chunks(group)
            .zip(out.chunks_mut(group))
            .for_each(run);
    }
    Ok(out)
}

/// Curves computed side by side by [`equity_curves`].
const ROWS_AT_ONCE: usize = 4;

/// `N` equity curves (`signals` and `out` hold `N` rows of `returns.len()` bars, `out`
/// NaN-filled), interleaved bar by bar; each row gets the operations of the formula on
/// [`equity_curve`], in its order, and the same bits whatever `N`.
fn equity_rows_into<const N: usize>(
    returns: &[f64],
    signals: &[f64],
    params: &EquityParams,
    out: &mut [f64],
) {
    let bars = returns.len();
    let cutout = params.cutout;
    if cutout >= bars {
        return;
    }
    let keep = 1.0 - params.decay;
    let floor = params.floor;
    let mut first = params.starting_equity;
    if first < floor {
        first = floor;
    }
    let rows: [&[f64]; N] = std::array::from_fn(|k| &signals[k * bars..(k + 1) * bars]);
    let mut equity = [first; N];
    let mut curves: Vec<&mut [f64]> = out.chunks_exact_mut(bars).collect();
    for curve in curves.iter_mut() {
        curve[cutout] = first;
    }
    for i in cutout + 1..bars {
        let r = returns[i];
        for k in 0..N {
            let e = equity_step(equity[k], keep, floor, r, rows[k][i]);
            equity[k] = e;
            curves[k][i] = e;
        }
    }
}

/// One bar of the equity curve after its first: `max(floor, (equity * keep) * (1 + a))`, the
/// formula of [`equity_curve`]. The batch kernel and [`EquityCurve`] both call it, so they agree
/// bit for bit.
#[inline]
fn equity_step(equity: f64, keep: f64, floor: f64, r: f64, s: f64) -> f64 {
    // Branch-free (signals flip unpredictably): r times the sign is exactly r, -r or (+-)0, and
    // 1 + (-0) is 1. A NaN signal has sign 0; a NaN return gives NaN, made 0.
    let sign = f64::from(u8::from(s > 0.0)) - f64::from(u8::from(s < 0.0));
    let a = r * sign;
    let a = if a.is_nan() { 0.0 } else { a };
    let mut e = (equity * keep) * (1.0 + a);
    if e < floor {
        e = floor;
    }
    e
}

/// Streaming ATC equity curve: one bar's return and position in, the equity out, bit for bit
/// [`equity_curve`] (NaN before `cutout`; a NaN return or signal counts as no move).
///
/// # Examples
/// ```
/// use rustybt_indicators::{EquityCurve, EquityParams};
/// let mut curve = EquityCurve::new(EquityParams::default())?;
/// assert_eq!(curve.update(0.0, 0.0), 1.0);
/// assert_eq!(curve.update(0.5, 1.0), 1.5);
/// assert_eq!(curve.update(0.5, -1.0), 0.75);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct EquityCurve {
    params: EquityParams,
    keep: f64,
    /// Bars seen, counted up to `cutout + 1` (the curve has started after that).
    bars: usize,
    equity: f64,
}

impl EquityCurve {
    /// A curve with these parameters that has seen no bar.
    ///
    /// # Errors
    /// [`IndicatorError::ParameterOutOfRange`] for a non-finite `starting_equity` or `floor`, or
    /// a `decay` outside [0, 1].
    pub fn new(params: EquityParams) -> Result<Self, IndicatorError> {
        params.check()?;
        Ok(Self {
            params,
            keep: 1.0 - params.decay,
            bars: 0,
            equity: f64::NAN,
        })
    }

    /// Feeds one bar's return and the position held over it (only its sign matters); returns
    /// the equity, NaN before `cutout`.
    #[inline]
    pub fn update(&mut self, ret: f64, prev_signal: f64) -> f64 {
        let cutout = self.params.cutout;
        if self.bars < cutout {
            self.bars += 1;
            return f64::NAN;
        }
        if self.bars == cutout {
            self.bars += 1;
            let mut first = self.params.starting_equity;
            if first < self.params.floor {
                first = self.params.floor;
            }
            self.equity = first;
        } else {
            self.equity = equity_step(self.equity, self.keep, self.params.floor, ret, prev_signal);
        }
        self.equity
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.bars = 0;
        self.equity = f64::NAN;
    }
}

impl crate::Snapshot for EquityCurve {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_count(out, self.bars);
        out.push(self.equity);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.bars = saved.count(self.params.cutout.saturating_add(1))?;
        self.equity = saved.float()?;
        Ok(())
    }
}

/// Streaming ATC KAMA: one price in, the average out, the same operations in the same order as
/// [`atc_kama`] (the compensated running noise, re-summed from scratch every
/// `max(4 * length, 1024)` bars), so equal to it bit for bit. Keeps the last `length + 2` prices.
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_kama, AtcKama};
/// let prices = [10.0, 10.5, 10.2, 10.8, 11.0];
/// let mut kama = AtcKama::new(2, 0.666, 0.064)?;
/// let streamed: Vec<f64> = prices.iter().map(|&p| kama.update(p)).collect();
/// assert_eq!(streamed, atc_kama(&prices, 2, 0.666, 0.064)?);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct AtcKama {
    length: usize,
    span: f64,
    slow: f64,
    resum_every: usize,
    /// The last `length + 2` prices (fewer at first), oldest first.
    window: std::collections::VecDeque<f64>,
    /// Prices seen, counted up to `length + 1` (the steady state after that).
    seen: usize,
    until_resum: usize,
    sum: f64,
    compensation: f64,
    nans: usize,
    kama: f64,
}

impl AtcKama {
    /// An ATC KAMA over `length` moves with smoothing constants `fast` and `slow`.
    ///
    /// # Errors
    /// As [`atc_kama`]: `length` of 0, or a non-finite `fast` or `slow`.
    pub fn new(length: usize, fast: f64, slow: f64) -> Result<Self, IndicatorError> {
        check_kama(length, fast, slow)?;
        let resum_every = length.saturating_mul(4).max(1024);
        Ok(Self {
            length,
            span: fast - slow,
            slow,
            resum_every,
            window: std::collections::VecDeque::new(),
            seen: 0,
            until_resum: resum_every,
            sum: 0.0,
            compensation: 0.0,
            nans: 0,
            kama: f64::NAN,
        })
    }

    /// The compensated noise of the last `length` moves, summed from scratch (`window_noise`).
    fn noise_from_scratch(&mut self) {
        let (mut sum, mut compensation, mut nans) = (0.0, 0.0, 0);
        let start = self.window.len() - (self.length + 1);
        for j in start + 1..self.window.len() {
            let d = (self.window[j] - self.window[j - 1]).abs();
            if d.is_nan() {
                nans += 1;
            } else {
                let (s, e) = two_sum(sum, d);
                sum = s;
                compensation += e;
            }
        }
        (self.sum, self.compensation, self.nans) = (sum, compensation, nans);
    }

    /// Feeds the next price and returns the average (the first price through the warm-up).
    #[inline]
    pub fn update(&mut self, price: f64) -> f64 {
        let length = self.length;
        self.window.push_back(price);
        if self.window.len() > length.saturating_add(2) {
            self.window.pop_front();
        }
        let index = self.seen;
        if self.seen <= length {
            self.seen += 1;
        }
        if index == 0 {
            self.kama = price;
        }
        if index < length {
            return self.kama;
        }
        if index == length {
            self.noise_from_scratch();
        } else {
            self.until_resum -= 1;
            if self.until_resum == 0 {
                self.until_resum = self.resum_every;
                self.noise_from_scratch();
            } else {
                let w = self.window.len();
                let mut incoming = (self.window[w - 1] - self.window[w - 2]).abs();
                let mut outgoing = (self.window[1] - self.window[0]).abs();
                self.nans =
                    self.nans + usize::from(incoming.is_nan()) - usize::from(outgoing.is_nan());
                incoming = if incoming.is_nan() { 0.0 } else { incoming };
                outgoing = if outgoing.is_nan() { 0.0 } else { outgoing };
                let (delta, e1) = two_sum(incoming, -outgoing);
                let (s, e2) = two_sum(self.sum, delta);
                self.sum = s;
                self.compensation += e1 + e2;
            }
        }
        let noise = if self.nans > 0 {
            f64::NAN
        } else {
            self.sum + self.compensation
        };
        let past = self.window[self.window.len() - 1 - length];
        let signal = (price - past).abs();
        let ratio = if noise == 0.0 { 0.0 } else { signal / noise };
        let smoothing = ratio * self.span + self.slow;
        let sc = smoothing * smoothing;
        let previous = if self.kama.is_nan() { price } else { self.kama };
        self.kama = previous + sc * (price - previous);
        self.kama
    }

    /// Forgets all prices seen.
    pub fn reset(&mut self) {
        self.window.clear();
        self.seen = 0;
        self.until_resum = self.resum_every;
        (self.sum, self.compensation, self.nans) = (0.0, 0.0, 0);
        self.kama = f64::NAN;
    }
}

impl crate::Snapshot for AtcKama {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_count(out, self.seen);
        crate::snapshot::save_count(out, self.until_resum);
        crate::snapshot::save_count(out, self.nans);
        out.extend([self.sum, self.compensation, self.kama]);
        crate::snapshot::save_window(out, self.window.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.seen = saved.count(self.length.saturating_add(1))?;
        self.until_resum = saved.count(self.resum_every)?;
        self.nans = saved.count(self.length)?;
        self.sum = saved.float()?;
        self.compensation = saved.float()?;
        self.kama = saved.float()?;
        saved.window(&mut self.window, self.length.saturating_add(2))?;
        // The window holds every price seen, up to length + 2; the countdown never rests at 0.
        let expected = self.seen.min(self.length.saturating_add(2));
        if self.until_resum == 0 || (self.seen <= self.length && self.window.len() != expected) {
            return Err(IndicatorError::InvalidState {
                reason: "the price window and the counters disagree",
            });
        }
        if self.seen > self.length && self.window.len() < self.length + 1 {
            return Err(IndicatorError::InvalidState {
                reason: "the price window and the counters disagree",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    /// The 9-row KAMA equals the one-row kernel bit for bit: lengths in any order, repeated,
    /// 1, as long as the series or longer; series past the re-sum period (1,024 bars), with a
    /// NaN, and with values past the "tame" bound.
    #[test]
    fn the_family_kama_matches_the_one_row_kernel() {
        let families: [[usize; 9]; 4] = [
            [28, 29, 30, 32, 34, 27, 26, 24, 22],
            [5, 6, 7, 8, 9, 4, 3, 2, 1],
            [3, 3, 3, 40, 2, 9, 33, 5, 8],
            [10, 11, 12, 13, 14, 15, 16, 17, 300],
        ];
        let mut series: Vec<Vec<f64>> = [0, 1, 2, 40, 41, 300, 3_000]
            .iter()
            .map(|&n| rustybt_bench_data::prices(n, n as u64 + 1))
            .collect();
        let mut holes = rustybt_bench_data::prices(500, 4);
        holes[250] = f64::NAN;
        series.push(holes);
        let mut huge = rustybt_bench_data::prices(500, 5);
        huge[100] = 1e295;
        series.push(huge);
        for p in &series {
            let n = p.len();
            for lengths in &families {
                let mut together = vec![f64::NAN; 9 * n];
                let mut apart = vec![f64::NAN; 9 * n];
                kama_family_into(p, lengths, 0.666, 0.064, &mut together);
                for (row, &l) in apart.chunks_exact_mut(n.max(1)).zip(lengths) {
                    kama_into(p, l, 0.666, 0.064, row);
                }
                assert!(same(&together, &apart), "n={n} {lengths:?}");
            }
        }
    }

    const NAN: f64 = f64::NAN;

    /// The formula as written, with the noise summed directly (O(n * length)).
    fn kama_direct(p: &[f64], length: usize, fast: f64, slow: f64) -> Vec<f64> {
        let mut out = vec![NAN; p.len()];
        if p.is_empty() {
            return out;
        }
        out[0] = p[0];
        for i in 1..p.len() {
            if i < length {
                out[i] = out[i - 1];
                continue;
            }
            let noise: f64 = (i + 1 - length..=i).map(|j| (p[j] - p[j - 1]).abs()).sum();
            let signal = (p[i] - p[i - length]).abs();
            let ratio = if noise == 0.0 { 0.0 } else { signal / noise };
            let sc = (ratio * (fast - slow) + slow).powi(2);
            let prev = if out[i - 1].is_nan() {
                p[i]
            } else {
                out[i - 1]
            };
            out[i] = prev + sc * (p[i] - prev);
        }
        out
    }

    fn close(a: &[f64], b: &[f64], rtol: f64) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (x.is_nan() && y.is_nan()) || (x - y).abs() <= rtol * x.abs().max(y.abs())
            })
    }

    #[test]
    fn kama_hand_computed() {
        let out = atc_kama(&[1.0, 2.0, 3.0, 2.0], 2, 0.666, 0.064).unwrap();
        // bar 2: noise |2-1| + |3-2| = 2, signal |3-1| = 2: ratio 1
        let fastest = (0.666f64 - 0.064) + 0.064; // 0.6660000000000001, not 0.666
        let k2 = 1.0 + (fastest * fastest) * 2.0;
        // bar 3: noise |3-2| + |2-3| = 2, signal |2-2| = 0: sc = 0.064^2
        let k3 = k2 + (0.064f64 * 0.064) * (2.0 - k2);
        assert!(same(&out, &[1.0, 1.0, k2, k3]));
        assert!(atc_kama(&[], 3, 0.666, 0.064).unwrap().is_empty());
        assert!(same(
            &atc_kama(&[4.0, 5.0], 5, 0.666, 0.064).unwrap(),
            &[4.0, 4.0]
        ));
        // flat: noise 0 gives ratio 0, and the average stays put
        let flat = atc_kama(&[2.0; 10], 3, 0.666, 0.064).unwrap();
        assert!(same(&flat, &[2.0; 10]));
    }

    #[test]
    fn kama_matches_the_direct_sum() {
        for (seed, length) in [(1, 1), (2, 2), (3, 28), (4, 200)] {
            let p = rustybt_bench_data::prices(20_000, seed);
            let got = atc_kama(&p, length, 0.666, 0.064).unwrap();
            assert!(close(&got, &kama_direct(&p, length, 0.666, 0.064), 1e-13));
        }
    }

    #[test]
    fn kama_noise_does_not_drift_after_a_volatile_stretch() {
        // Moves of 1e6 followed by moves of 1e-6: a plain running sum keeps ~1e-10 of
        // leftover rounding, as large as the quiet noise itself.
        let mut p = vec![0.0];
        for i in 1..3000 {
            let scale = if i < 1500 { 1e6 } else { 1e-6 };
            let last = p[i - 1];
            p.push(last + scale * (((i * 7919) % 13) as f64 - 6.0));
        }
        let got = atc_kama(&p, 10, 0.666, 0.064).unwrap();
        assert!(close(&got, &kama_direct(&p, 10, 0.666, 0.064), 1e-12));
    }

    #[test]
    fn kama_nan_follows_the_reference_rule() {
        let p = [1.0, 2.0, NAN, 4.0, 5.0, 7.0, 6.0];
        let got = atc_kama(&p, 2, 0.666, 0.064).unwrap();
        assert!(same(&got, &kama_direct(&p, 2, 0.666, 0.064)));
        assert!(got[2..4].iter().all(|v| v.is_nan()) && got[5].is_finite());
        let columns = atc_kama_columns(&[1.0, NAN, 2.0, 3.0, 4.0, 3.0], 3, 2, 1, 0.5, 0.1).unwrap();
        let first: Vec<f64> = columns.iter().step_by(2).copied().collect();
        assert!(same(
            &first,
            &atc_kama(&[1.0, 2.0, 4.0], 1, 0.5, 0.1).unwrap()
        ));
    }

    #[test]
    fn kama_columns_equal_separate_series() {
        let a = rustybt_bench_data::prices(5_000, 8);
        let b = rustybt_bench_data::prices(5_000, 9);
        for cols in [1, 2, 7] {
            let (a, b) = (&a, &b);
            let matrix: Vec<f64> = (0..5_000)
                .flat_map(|i| (0..cols).map(move |j| if j % 2 == 0 { a[i] } else { b[i] }))
                .collect();
            let out = atc_kama_columns(&matrix, 5_000, cols, 28, 0.666, 0.064).unwrap();
            for j in 0..cols {
                let column: Vec<f64> = out.iter().skip(j).step_by(cols).copied().collect();
                let series = if j % 2 == 0 { a } else { b };
                assert!(same(&column, &atc_kama(series, 28, 0.666, 0.064).unwrap()));
            }
        }
    }

    #[test]
    fn kama_rejects_bad_input() {
        assert!(matches!(
            atc_kama(&[1.0], 0, 0.666, 0.064),
            Err(IndicatorError::InvalidPeriod { name: "length", .. })
        ));
        assert!(matches!(
            atc_kama(&[1.0], 2, NAN, 0.064),
            Err(IndicatorError::ParameterOutOfRange { name: "fast", .. })
        ));
        assert!(matches!(
            atc_kama(&[1.0, f64::INFINITY], 2, 0.666, 0.064),
            Err(IndicatorError::NonFinite {
                name: "prices",
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            atc_kama_columns(&[1.0; 3], 2, 2, 2, 0.666, 0.064),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
    }

    /// The formula as written.
    fn equity_direct(r: &[f64], s: &[f64], p: &EquityParams) -> Vec<f64> {
        let mut out = vec![NAN; r.len()];
        for i in p.cutout..r.len() {
            if i == p.cutout {
                out[i] = p.floor.max(p.starting_equity);
                continue;
            }
            let a = if s[i].is_nan() || r[i].is_nan() || s[i] == 0.0 {
                0.0
            } else if s[i] > 0.0 {
                r[i]
            } else {
                -r[i]
            };
            out[i] = p.floor.max((out[i - 1] * (1.0 - p.decay)) * (1.0 + a));
        }
        out
    }

    #[test]
    fn equity_hand_computed() {
        let params = EquityParams {
            starting_equity: 0.1,
            decay: 0.5,
            cutout: 1,
            floor: 0.25,
        };
        let out = equity_curve(
            &[9.0, 1.0, 1.0, NAN, 1.0],
            &[1.0, 1.0, 1.0, 1.0, NAN],
            &params,
        )
        .unwrap();
        // bar 1: max(0.25, 0.1); bar 2: 0.25 * 0.5 * 2; bar 3: NaN return, 0.25 * 0.5 floored
        assert!(same(&out, &[NAN, 0.25, 0.25, 0.25, 0.25]));
        let params = EquityParams {
            decay: 0.0003,
            ..EquityParams::default()
        };
        let out = equity_curve(&[NAN, 0.1, -0.2], &[NAN, -1.0, 2.0], &params).unwrap();
        let keep = 1.0 - 0.0003;
        let e1 = (1.0 * keep) * (1.0 + -0.1);
        let e2 = (e1 * keep) * (1.0 + -0.2);
        assert!(same(&out, &[1.0, e1, e2]));
        let late = EquityParams {
            cutout: 9,
            ..EquityParams::default()
        };
        assert!(same(
            &equity_curve(&[0.1; 3], &[1.0; 3], &late).unwrap(),
            &[NAN; 3]
        ));
        assert!(equity_curve(&[], &[], &EquityParams::default())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn equity_matches_the_formula_and_many_match_one() {
        let r = rustybt_bench_data::returns(3_000, 5);
        let signals = 54;
        let matrix: Vec<f64> = (0..signals * r.len())
            .map(|k| [1.0, -1.0, 0.0, 2.5, NAN][(k * 31 / 7 + k / 97) % 5])
            .collect();
        let params = EquityParams {
            starting_equity: 0.9,
            decay: 0.0003,
            cutout: 11,
            floor: 0.25,
        };
        let all = equity_curves(&r, &matrix, signals, &params).unwrap();
        for (row, signal) in all.chunks(r.len()).zip(matrix.chunks(r.len())) {
            let one = equity_curve(&r, signal, &params).unwrap();
            assert!(same(row, &one));
            assert!(same(&one, &equity_direct(&r, signal, &params)));
        }
    }

    #[test]
    fn equity_rejects_bad_input() {
        let d = EquityParams::default();
        assert!(matches!(
            equity_curve(&[0.1], &[1.0, 1.0], &d),
            Err(IndicatorError::LengthMismatch {
                left_len: 1,
                right_len: 2,
                ..
            })
        ));
        assert!(matches!(
            equity_curves(&[0.1], &[1.0, 1.0], 3, &d),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        for (params, name) in [
            (EquityParams { decay: 1.5, ..d }, "decay"),
            (EquityParams { decay: NAN, ..d }, "decay"),
            (
                EquityParams {
                    floor: f64::INFINITY,
                    ..d
                },
                "floor",
            ),
            (
                EquityParams {
                    starting_equity: NAN,
                    ..d
                },
                "starting_equity",
            ),
        ] {
            assert!(matches!(
                equity_curve(&[0.1], &[1.0], &params),
                Err(IndicatorError::ParameterOutOfRange { name: n, .. }) if n == name
            ));
        }
        assert!(matches!(
            equity_curve(&[0.1, 0.1], &[1.0, f64::NEG_INFINITY], &d),
            Err(IndicatorError::NonFinite {
                name: "prev_signal",
                index: 1,
                ..
            })
        ));
    }

    #[test]
    fn equity_state_machine_equals_the_batch_curve() {
        let returns = rustybt_bench_data::returns(300, 12);
        let mut signals: Vec<f64> = (0..300).map(|i| ((i / 7) % 3) as f64 - 1.0).collect();
        signals[40] = f64::NAN;
        for cutout in [0, 1, 5, 299, 300, 400] {
            let params = EquityParams {
                starting_equity: 0.9,
                decay: 0.01,
                cutout,
                floor: 0.3,
            };
            let batch = equity_curve(&returns, &signals, &params).unwrap();
            let mut curve = EquityCurve::new(params).unwrap();
            let streamed: Vec<f64> = returns
                .iter()
                .zip(&signals)
                .map(|(&r, &s)| curve.update(r, s))
                .collect();
            assert!(same(&batch, &streamed), "cutout {cutout}");
        }
    }

    #[test]
    fn kama_state_machine_equals_the_batch_kernel() {
        use crate::Snapshot as _;
        let mut prices = rustybt_bench_data::prices(2_500, 13);
        for length in [1, 2, 5, 28, 300] {
            for series in [prices.clone(), {
                prices[50] = f64::NAN;
                prices.clone()
            }] {
                let batch = atc_kama(&series, length, 0.666, 0.064).unwrap();
                let mut kama = AtcKama::new(length, 0.666, 0.064).unwrap();
                let streamed: Vec<f64> = series.iter().map(|&p| kama.update(p)).collect();
                assert!(same(&batch, &streamed), "length {length}");
                let mut restored = AtcKama::new(length, 0.666, 0.064).unwrap();
                let mut half = AtcKama::new(length, 0.666, 0.064).unwrap();
                for &p in &series[..1_200] {
                    half.update(p);
                }
                restored.restore(&half.state()).unwrap();
                let rest: Vec<f64> = series[1_200..]
                    .iter()
                    .map(|&p| restored.update(p))
                    .collect();
                assert!(same(&batch[1_200..], &rest), "restored, length {length}");
            }
        }
    }
}
