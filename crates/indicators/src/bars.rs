//! Indicators of several inputs per bar (high, low, close, volume): TA-Lib's `TRANGE`, `ATR`,
//! `NATR` and `OBV`, each one streaming state machine fed a bar at a time.

use crate::fma::with_fma;
use crate::inputs::{check_finite_named, check_length, check_matrix};
use crate::parallel::{for_column_blocks, worth_splitting};
use crate::select::greater_of;
use crate::stream::filled;
use crate::{IndicatorError, NanPolicy};

/// A streaming indicator fed `K` values per bar (e.g. high, low, close), one value out: the
/// multi-input sibling of the single-input `StateMachine` of `stream.rs`.
pub(crate) trait BarStateMachine<const K: usize>: Clone + Send + Sync {
    fn update(&mut self, bar: [f64; K]) -> f64;
}

/// Checks `K` named series of one length (or `rows x cols` matrices) for infinities.
pub(crate) fn check_inputs<const K: usize>(
    inputs: &[(&'static str, &[f64]); K],
    rows: usize,
    cols: usize,
) -> Result<(), IndicatorError> {
    for (name, values) in inputs {
        check_matrix(name, values.len(), rows, cols)?;
    }
    for (name, values) in inputs {
        check_finite_named(values, name)?;
    }
    Ok(())
}

/// A copy of `template` per column of `K` row-major `rows x cols` matrices, swept row by row.
/// A 1-D series is the case `cols == 1`; blocks of columns run in parallel on large matrices.
pub(crate) fn run_bars<const K: usize, S: BarStateMachine<K>>(
    template: &S,
    inputs: [(&'static str, &[f64]); K],
    rows: usize,
    cols: usize,
) -> Result<Vec<f64>, IndicatorError> {
    if cols == 1 {
        for (name, values) in &inputs {
            check_matrix(name, values.len(), rows, cols)?;
        }
        return run_bars_series(template.clone(), inputs);
    }
    check_inputs(&inputs, rows, cols)?;
    let len = rows * cols;
    let mut out = vec![f64::NAN; len];
    if cols == 0 {
        return Ok(out);
    }
    if worth_splitting(len, cols) {
        for_column_blocks([&mut out], cols, |block| {
            let mut states = vec![template.clone(); block.width];
            for (r, [row_out]) in block.rows.into_iter().enumerate() {
                let start = r * cols + block.first;
                for (j, (state, o)) in states.iter_mut().zip(row_out).enumerate() {
                    let bar: [f64; K] = std::array::from_fn(|k| inputs[k].1[start + j]);
                    *o = state.update(bar);
                }
            }
        });
        return Ok(out);
    }
    let mut states = vec![template.clone(); cols];
    for (flat, o) in out.iter_mut().enumerate() {
        let bar: [f64; K] = std::array::from_fn(|k| inputs[k].1[flat]);
        *o = states[flat % cols].update(bar);
    }
    Ok(out)
}

/// `state` over one series of bars (`K` inputs of one length, already checked); the error of
/// [`check_inputs`] if a value is infinite.
///
/// The finiteness check rides along in the state machine's sweep (one read of each input, not
/// two); an infinity is only noticed after the sweep, whose outputs are then dropped for the
/// error (plain float arithmetic: an infinity cannot make a state machine panic). The state is
/// moved into the closure so that its fields live in registers, and no per-value `flat % cols`
/// (an integer division) sits on the critical path (see `crate::stream::run_series`).
fn run_bars_series<const K: usize, S: BarStateMachine<K>>(
    mut state: S,
    inputs: [(&'static str, &[f64]); K],
) -> Result<Vec<f64>, IndicatorError> {
    let len = inputs[0].1.len();
    let series: [&[f64]; K] = std::array::from_fn(|k| &inputs[k].1[..len]);
    let (out, any_infinite) = with_fma(
        #[inline(always)]
        move || {
            let mut any_infinite = false;
            let out = filled(
                len,
                #[inline(always)]
                |flat| {
                    let bar: [f64; K] = std::array::from_fn(|k| series[k][flat]);
                    any_infinite |= bar.iter().fold(false, |acc, v| acc | v.is_infinite());
                    state.update(bar)
                },
            );
            (out, any_infinite)
        },
    );
    if any_infinite {
        check_inputs(&inputs, len, 1)?;
    }
    Ok(out)
}

/// Whether a bar is left out: it holds a NaN and either nothing has started yet (TA-Lib's
/// Python wrapper starts at the first bar without NaN) or NaN bars are skipped.
#[inline]
pub(crate) fn passes_over(bar: &[f64], started: bool, nan_policy: NanPolicy) -> bool {
    bar.iter().any(|v| v.is_nan()) && (!started || nan_policy == NanPolicy::Skip)
}

/// TA-Lib's true range of a bar given the previous close, in TA-Lib's order: `high - low`,
/// replaced by `|prev_close - high|` if greater, then by `|prev_close - low|` if greater (so a
/// NaN previous close leaves `high - low`).
#[inline]
fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let greatest = high - low;
    let greatest = greater_of((prev_close - high).abs(), greatest);
    greater_of((prev_close - low).abs(), greatest)
}

/// Streaming true range (TA-Lib's `TRANGE`): NaN on the first bar, then
/// `max(high - low, |prev_close - high|, |prev_close - low|)` in TA-Lib's order.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, TrueRange};
/// let mut tr = TrueRange::new(NanPolicy::Propagate);
/// assert!(tr.update(11.0, 9.0, 10.0).is_nan());
/// assert_eq!(tr.update(15.0, 12.0, 14.0), 5.0); // |10 - 15| beats 15 - 12
/// ```
#[derive(Debug, Clone)]
pub struct TrueRange {
    nan_policy: NanPolicy,
    started: bool,
    prev_close: f64,
}

impl TrueRange {
    /// A true range that has seen no bar.
    pub fn new(nan_policy: NanPolicy) -> Self {
        Self {
            nan_policy,
            started: false,
            prev_close: f64::NAN,
        }
    }

    /// Feeds one bar; NaN on the first.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        if passes_over(&[high, low, close], self.started, self.nan_policy) {
            return f64::NAN;
        }
        let out = if self.started {
            true_range(high, low, self.prev_close)
        } else {
            f64::NAN
        };
        self.started = true;
        self.prev_close = close;
        out
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        *self = Self::new(self.nan_policy);
    }
}

impl BarStateMachine<3> for TrueRange {
    #[inline]
    fn update(&mut self, [h, l, c]: [f64; 3]) -> f64 {
        TrueRange::update(self, h, l, c)
    }
}

/// Streaming average true range (TA-Lib's `ATR`): the true ranges of bars 1..=period averaged
/// (summed in order, then divided), first output at bar `period`; then Wilder's smoothing
/// `atr = (atr * (period - 1) + tr) / period`, as TA-Lib's source writes it (three statements).
/// Period 1 runs the same recursion, so it gives the true range, except that under `Propagate` a
/// NaN stays for good (`NaN * 0` is NaN), as TA-Lib 0.8.1 gives (it no longer hands period 1 to
/// `TRANGE`).
///
/// TA-Lib 0.8.1's compiled library rounds that smoothing differently in some bars (its build
/// evaluates it in another, undocumented order), so values agree with `talib.ATR` to about 1e-15
/// relative rather than bit for bit; the seed and period 1 are exact.
///
/// # Examples
/// ```
/// use rustybt_indicators::{Atr, NanPolicy};
/// let mut atr = Atr::new(2, NanPolicy::Propagate)?;
/// assert!(atr.update(11.0, 9.0, 10.0).is_nan());
/// assert!(atr.update(12.0, 10.0, 11.0).is_nan());
/// assert_eq!(atr.update(13.0, 9.0, 12.0), 3.0); // (2 + 4) / 2
/// assert_eq!(atr.update(13.0, 12.0, 12.5), 2.0); // (3 * 1 + 1) / 2
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Atr {
    period: usize,
    true_range: TrueRange,
    /// True ranges summed so far, up to `period` (the seed's warm-up).
    count: usize,
    /// The seed's running sum, then the average itself.
    atr: f64,
}

impl Atr {
    /// An average true range over `period` bars.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_length("period", period, 1)?;
        Ok(Self {
            period,
            true_range: TrueRange::new(nan_policy),
            count: 0,
            atr: 0.0,
        })
    }

    /// Feeds one bar; NaN through the warm-up of `period` bars.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let was_started = self.true_range.started;
        let tr = self.true_range.update(high, low, close);
        // Nothing before the first bar's close; under Skip a NaN true range is a skipped bar
        // (finite bars always give a finite one), under Propagate it enters the average.
        if !was_started || (tr.is_nan() && self.true_range.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        if self.count < self.period {
            self.atr += tr;
            self.count += 1;
            if self.count < self.period {
                return f64::NAN;
            }
            self.atr /= self.period as f64;
        } else {
            self.atr *= (self.period - 1) as f64;
            self.atr += tr;
            self.atr /= self.period as f64;
        }
        self.atr
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.true_range.reset();
        self.count = 0;
        self.atr = 0.0;
    }
}

impl BarStateMachine<3> for Atr {
    #[inline]
    fn update(&mut self, [h, l, c]: [f64; 3]) -> f64 {
        Atr::update(self, h, l, c)
    }
}

/// Streaming normalised average true range (TA-Lib's `NATR`): `(atr / close) * 100`, or 0 when
/// `|close| < 1e-14` (TA-Lib 0.8's zero test). Period 1 gives the raw true range, unnormalised,
/// as TA-Lib 0.8 does.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Natr};
/// let mut natr = Natr::new(1, NanPolicy::Propagate)?;
/// natr.update(11.0, 9.0, 10.0);
/// assert_eq!(natr.update(12.0, 10.0, 11.0), 2.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Natr {
    atr: Atr,
}

impl Natr {
    /// A normalised average true range over `period` bars.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        Ok(Self {
            atr: Atr::new(period, nan_policy)?,
        })
    }

    /// Feeds one bar; NaN through the warm-up of `period` bars.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let atr = self.atr.update(high, low, close);
        if self.atr.period == 1 || atr.is_nan() {
            return atr;
        }
        if -1e-14 < close && close < 1e-14 {
            0.0
        } else {
            atr / close * 100.0
        }
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.atr.reset();
    }
}

impl BarStateMachine<3> for Natr {
    #[inline]
    fn update(&mut self, [h, l, c]: [f64; 3]) -> f64 {
        Natr::update(self, h, l, c)
    }
}

/// Streaming on-balance volume (TA-Lib's `OBV`): starts at the first bar's volume (in the batch
/// [`obv`] under `Propagate`, a series with no bar free of NaN starts at its last bar, as TA-Lib's
/// Python wrapper does); then adds the
/// bar's volume when the close rises, subtracts it when the close falls, else holds. Under
/// `Propagate` a NaN close compares false (OBV holds for that bar and the next), a NaN volume
/// that is added makes every later value NaN, as in TA-Lib.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Obv};
/// let mut obv = Obv::new(NanPolicy::Propagate);
/// assert_eq!(obv.update(10.0, 100.0), 100.0);
/// assert_eq!(obv.update(11.0, 50.0), 150.0);
/// assert_eq!(obv.update(10.5, 20.0), 130.0);
/// assert_eq!(obv.update(10.5, 70.0), 130.0);
/// ```
#[derive(Debug, Clone)]
pub struct Obv {
    nan_policy: NanPolicy,
    started: bool,
    prev_close: f64,
    obv: f64,
}

impl Obv {
    /// An on-balance volume that has seen no bar.
    pub fn new(nan_policy: NanPolicy) -> Self {
        Self {
            nan_policy,
            started: false,
            prev_close: f64::NAN,
            obv: 0.0,
        }
    }

    /// Feeds one bar's close and volume.
    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        if passes_over(&[close, volume], self.started, self.nan_policy) {
            return f64::NAN;
        }
        if !self.started {
            self.started = true;
            self.obv = volume;
        } else if close > self.prev_close {
            self.obv += volume;
        } else if close < self.prev_close {
            self.obv -= volume;
        }
        self.prev_close = close;
        self.obv
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        *self = Self::new(self.nan_policy);
    }
}

impl BarStateMachine<2> for Obv {
    #[inline]
    fn update(&mut self, [c, v]: [f64; 2]) -> f64 {
        Obv::update(self, c, v)
    }
}

/// Streaming commodity channel index (TA-Lib's `CCI`): with the typical price
/// `tp = (high + low + close) / 3` of the last `period` bars held in a circular buffer,
/// `avg = sum(tp) / period` and `dev = sum(|tp - avg|)`, both summed in the buffer's slot order
/// (as TA-Lib does, not oldest first), the output is `(tp - avg) / (0.015 * (dev / period))`, or
/// 0 when `|tp - avg|` or `dev / period` is below `1e-14 * |avg|` (TA-Lib 0.8's relative zero
/// test), or `dev` is 0. First output at bar `period - 1`; O(period) per bar, as
/// TA-Lib. Equal to `talib.CCI` bit for bit; under `Propagate` a NaN bar makes the outputs NaN
/// while it is in the window.
///
/// # Examples
/// ```
/// use rustybt_indicators::{Cci, NanPolicy};
/// let mut cci = Cci::new(2, NanPolicy::Propagate)?;
/// assert!(cci.update(3.0, 1.0, 2.0).is_nan()); // tp 2
/// // tp 4: avg 3, dev 2, (4 - 3) / (0.015 * 1)
/// assert_eq!(cci.update(5.0, 3.0, 4.0), 1.0 / (0.015 * 1.0));
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Cci {
    period: usize,
    nan_policy: NanPolicy,
    started: bool,
    buffer: Vec<f64>,
    /// Next slot to write.
    slot: usize,
    /// Typical prices taken in, up to `period`.
    count: usize,
}

impl Cci {
    /// A commodity channel index over `period` bars.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` < 2 (as TA-Lib).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_length("period", period, 2)?;
        Ok(Self {
            period,
            nan_policy,
            started: false,
            // Allocated on the first bar, so a huge period on a short series costs nothing.
            buffer: Vec::new(),
            slot: 0,
            count: 0,
        })
    }

    /// Feeds one bar; NaN through the warm-up of `period - 1` bars.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        if passes_over(&[high, low, close], self.started, self.nan_policy) {
            return f64::NAN;
        }
        self.started = true;
        let typical = (high + low + close) / 3.0;
        if self.buffer.len() < self.period {
            self.buffer.push(typical);
        } else {
            self.buffer[self.slot] = typical;
        }
        self.slot = (self.slot + 1) % self.period;
        self.count = (self.count + 1).min(self.period);
        if self.count < self.period {
            return f64::NAN;
        }
        let period = self.period as f64;
        let mut average = 0.0;
        for v in &self.buffer {
            average += v;
        }
        average /= period;
        let mut deviation = 0.0;
        for v in &self.buffer {
            deviation += (v - average).abs();
        }
        let distance = typical - average;
        let mean_deviation = deviation / period;
        // TA-Lib 0.8's zero test is relative to the average (found by probing talib.CCI on
        // near-constant series: it gives 0 once |tp - avg| or the mean deviation is below
        // 1e-14 * |avg|); an exactly zero deviation is 0 even when the average is 0.
        let negligible = 1e-14 * average.abs();
        if distance.abs() < negligible || mean_deviation < negligible || deviation == 0.0 {
            0.0
        } else {
            distance / (0.015 * mean_deviation)
        }
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.started = false;
        self.buffer.clear();
        self.slot = 0;
        self.count = 0;
    }
}

impl BarStateMachine<3> for Cci {
    #[inline]
    fn update(&mut self, [h, l, c]: [f64; 3]) -> f64 {
        Cci::update(self, h, l, c)
    }
}

/// Commodity channel index (TA-Lib's `CCI`); see [`Cci`]. Inputs as in [`trange`].
///
/// # Errors
/// As [`trange`], and [`IndicatorError::InvalidPeriod`] if `period` < 2.
///
/// # Examples
/// ```
/// use rustybt_indicators::{cci, NanPolicy};
/// let out = cci(&[3.0, 5.0], &[1.0, 3.0], &[2.0, 4.0], 2, 1, 2, NanPolicy::Propagate)?;
/// assert!(out[0].is_nan());
/// assert!((out[1] - 66.666666).abs() < 1e-5);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn cci(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_bars(
        &Cci::new(period, nan_policy)?,
        [("high", high), ("low", low), ("close", close)],
        rows,
        cols,
    )
}

/// Number of leading NaN outputs of [`trange`] (1), [`atr`] and [`natr`] (`period`) and [`obv`]
/// (0) for data without NaN.
///
/// # Examples
/// ```
/// use rustybt_indicators::atr_lookback;
/// assert_eq!(atr_lookback(14), 14);
/// ```
pub fn atr_lookback(period: usize) -> usize {
    period
}

/// True range of each bar (TA-Lib's `TRANGE`); see [`TrueRange`]. `high`, `low` and `close`
/// are `rows x cols` row-major matrices (time x assets), or 1-D series with `cols == 1`.
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if an input does not hold `rows * cols` values.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{trange, NanPolicy};
/// let out = trange(&[11.0, 15.0], &[9.0, 12.0], &[10.0, 14.0], 2, 1, NanPolicy::Propagate)?;
/// assert!(out[0].is_nan());
/// assert_eq!(out[1], 5.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn trange(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_bars(
        &TrueRange::new(nan_policy),
        [("high", high), ("low", low), ("close", close)],
        rows,
        cols,
    )
}

/// Average true range (TA-Lib's `ATR`); see [`Atr`]. Inputs as in [`trange`].
///
/// # Errors
/// As [`trange`], and [`IndicatorError::InvalidPeriod`] if `period` is 0.
///
/// # Examples
/// ```
/// use rustybt_indicators::{atr, NanPolicy};
/// let (h, l, c) = ([11.0, 12.0, 13.0], [9.0, 10.0, 9.0], [10.0, 11.0, 12.0]);
/// let out = atr(&h, &l, &c, 3, 1, 2, NanPolicy::Propagate)?;
/// assert_eq!(out[2], 3.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atr(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_bars(
        &Atr::new(period, nan_policy)?,
        [("high", high), ("low", low), ("close", close)],
        rows,
        cols,
    )
}

/// Normalised average true range (TA-Lib's `NATR`); see [`Natr`]. Inputs as in [`trange`].
///
/// # Errors
/// As [`atr`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{natr, NanPolicy};
/// let (h, l, c) = ([11.0, 12.0, 13.0], [9.0, 10.0, 9.0], [10.0, 11.0, 12.0]);
/// let out = natr(&h, &l, &c, 3, 1, 2, NanPolicy::Propagate)?;
/// assert_eq!(out[2], 25.0); // 3 / 12 * 100
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn natr(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_bars(
        &Natr::new(period, nan_policy)?,
        [("high", high), ("low", low), ("close", close)],
        rows,
        cols,
    )
}

/// On-balance volume (TA-Lib's `OBV`); see [`Obv`]. `close` and `volume` as in [`trange`].
///
/// # Errors
/// As [`trange`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{obv, NanPolicy};
/// let out = obv(&[10.0, 11.0, 10.5], &[100.0, 50.0, 20.0], 3, 1, NanPolicy::Propagate)?;
/// assert_eq!(out, vec![100.0, 150.0, 130.0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn obv(
    close: &[f64],
    volume: &[f64],
    rows: usize,
    cols: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = run_bars(
        &Obv::new(nan_policy),
        [("close", close), ("volume", volume)],
        rows,
        cols,
    )?;
    if nan_policy == NanPolicy::Propagate && rows > 0 {
        // TA-Lib's Python wrapper starts a series with no complete bar at its last bar, where
        // OBV's first value is that bar's volume.
        let last = (rows - 1) * cols;
        for j in 0..cols {
            let complete = (0..rows).any(|i| {
                let k = i * cols + j;
                !close[k].is_nan() && !volume[k].is_nan()
            });
            if !complete {
                out[last + j] = volume[last + j];
            }
        }
    }
    Ok(out)
}

impl crate::Snapshot for TrueRange {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.push(self.prev_close);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.prev_close = saved.float()?;
        Ok(())
    }
}

impl crate::Snapshot for Atr {
    fn save(&self, out: &mut Vec<f64>) {
        self.true_range.save(out);
        crate::snapshot::save_count(out, self.count);
        out.push(self.atr);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.true_range.load(saved)?;
        self.count = saved.count(self.period)?;
        self.atr = saved.float()?;
        Ok(())
    }
}

impl crate::Snapshot for Natr {
    fn save(&self, out: &mut Vec<f64>) {
        self.atr.save(out);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.atr.load(saved)
    }
}

impl crate::Snapshot for Obv {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.extend([self.prev_close, self.obv]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.prev_close = saved.float()?;
        self.obv = saved.float()?;
        Ok(())
    }
}

impl crate::Snapshot for Cci {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_count(out, self.slot);
        crate::snapshot::save_count(out, self.count);
        // The ring buffer as stored (slot order), so `slot` keeps its meaning.
        crate::snapshot::save_window(out, self.buffer.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.slot = saved.count(self.period - 1)?;
        self.count = saved.count(self.period)?;
        let mut buffer = std::collections::VecDeque::new();
        saved.window(&mut buffer, self.period)?;
        if self.count > buffer.len() || (buffer.len() < self.period && self.slot != buffer.len()) {
            return Err(IndicatorError::InvalidState {
                reason: "the ring buffer and its position disagree",
            });
        }
        self.buffer = buffer.into();
        Ok(())
    }
}

#[allow(unused_imports)]
use crate::Snapshot as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;
    const S: NanPolicy = NanPolicy::Skip;

    fn bars(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let close = rustybt_bench_data::prices(n, 2);
        let spread = rustybt_bench_data::prices(n, 3);
        let high = close
            .iter()
            .zip(&spread)
            .map(|(c, s)| c + s / 100.0)
            .collect();
        let low = close
            .iter()
            .zip(&spread)
            .map(|(c, s)| c - s / 200.0)
            .collect();
        (high, low, close)
    }

    #[test]
    fn hand_computed() {
        let (h, l, c) = (
            [11.0, 12.0, 13.0, 13.0],
            [9.0, 10.0, 9.0, 12.0],
            [10.0, 11.0, 12.0, 12.5],
        );
        assert!(same(
            &trange(&h, &l, &c, 4, 1, P).unwrap(),
            &[NAN, 2.0, 4.0, 1.0]
        ));
        assert!(same(
            &atr(&h, &l, &c, 4, 1, 2, P).unwrap(),
            &[NAN, NAN, 3.0, 2.0]
        ));
        assert!(same(
            &atr(&h, &l, &c, 4, 1, 1, P).unwrap(),
            &[NAN, 2.0, 4.0, 1.0]
        ));
        assert!(same(
            &natr(&h, &l, &c, 4, 1, 2, P).unwrap(),
            &[NAN, NAN, 25.0, 16.0]
        ));
        assert!(same(
            &natr(&h, &l, &c, 4, 1, 1, P).unwrap(),
            &[NAN, 2.0, 4.0, 1.0]
        ));
        assert!(same(
            &obv(&c, &[100.0, 50.0, 20.0, 70.0], 4, 1, P).unwrap(),
            &[100.0, 150.0, 170.0, 240.0]
        ));
        assert!(same(
            &natr(&[1.0; 3], &[0.0; 3], &[0.0; 3], 3, 1, 2, P).unwrap(),
            &[NAN, NAN, 0.0]
        ));
        assert!(atr(&[], &[], &[], 0, 1, 14, P).unwrap().is_empty());
        assert_eq!(atr_lookback(14), 14);
    }

    #[test]
    fn nan_follows_the_policy() {
        let h = [NAN, 11.0, 12.0, NAN, 13.0, 13.0, 14.0];
        let l = [NAN, 9.0, 10.0, 10.0, 9.0, 12.0, 12.0];
        let c = [NAN, 10.0, 11.0, 11.0, 12.0, 12.5, 13.0];
        // leading NaN bar skipped under both; inside, Propagate poisons ATR for good
        let propagated = atr(&h, &l, &c, 7, 1, 2, P).unwrap();
        assert!(propagated.iter().all(|v| v.is_nan()));
        let skipped = atr(&h, &l, &c, 7, 1, 2, S).unwrap();
        let compact = atr(
            &[11.0, 12.0, 13.0, 13.0, 14.0],
            &[9.0, 10.0, 9.0, 12.0, 12.0],
            &[10.0, 11.0, 12.0, 12.5, 13.0],
            5,
            1,
            2,
            S,
        )
        .unwrap();
        assert!(skipped[3].is_nan());
        assert!(same(
            &[skipped[1], skipped[2], skipped[4], skipped[5], skipped[6]],
            &compact
        ));
        // a NaN close is ignored by the next true range's comparisons, as in TA-Lib
        let tr = trange(
            &[11.0, 12.0, 15.0],
            &[9.0, 10.0, 14.0],
            &[10.0, NAN, 14.5],
            3,
            1,
            P,
        )
        .unwrap();
        assert!(same(&tr, &[NAN, 2.0, 1.0]));
        // OBV: a series with no complete bar starts at its last bar under Propagate
        assert!(same(
            &obv(&[NAN, NAN], &[1.0, 5.0], 2, 1, P).unwrap(),
            &[NAN, 5.0]
        ));
        assert!(same(
            &obv(&[NAN, NAN], &[1.0, 5.0], 2, 1, S).unwrap(),
            &[NAN, NAN]
        ));
    }

    #[test]
    fn columns_and_streaming_agree() {
        let (h, l, c) = bars(500);
        let twice = |v: &[f64]| v.iter().flat_map(|&x| [x, x * 2.0]).collect::<Vec<f64>>();
        let out = atr(&twice(&h), &twice(&l), &twice(&c), 500, 2, 14, S).unwrap();
        let first: Vec<f64> = out.iter().step_by(2).copied().collect();
        assert!(same(&first, &atr(&h, &l, &c, 500, 1, 14, S).unwrap()));
        let mut state = Natr::new(14, P).unwrap();
        state.update(1.0, 1.0, 1.0);
        state.reset();
        let streamed: Vec<f64> = (0..500).map(|i| state.update(h[i], l[i], c[i])).collect();
        assert!(same(&streamed, &natr(&h, &l, &c, 500, 1, 14, P).unwrap()));
        let mut obv_state = Obv::new(P);
        obv_state.update(5.0, 5.0);
        obv_state.reset();
        let streamed: Vec<f64> = (0..500).map(|i| obv_state.update(c[i], h[i])).collect();
        assert!(same(&streamed, &obv(&c, &h, 500, 1, P).unwrap()));
        let mut tr_state = TrueRange::new(P);
        tr_state.update(3.0, 1.0, 2.0);
        tr_state.reset();
        assert!(tr_state.update(3.0, 1.0, 2.0).is_nan());
    }

    #[test]
    fn cci_direct_and_nan() {
        let (h, l, c) = bars(300);
        let out = cci(&h, &l, &c, 300, 1, 5, P).unwrap();
        // direct: the window oldest first sums in another order, so compare loosely
        for (i, got) in out.iter().enumerate().skip(4) {
            let tp: Vec<f64> = (i - 4..=i).map(|j| (h[j] + l[j] + c[j]) / 3.0).collect();
            let avg = tp.iter().sum::<f64>() / 5.0;
            let dev = tp.iter().map(|v| (v - avg).abs()).sum::<f64>() / 5.0;
            let expected = (tp[4] - avg) / (0.015 * dev);
            assert!((got - expected).abs() <= 1e-9 * expected.abs().max(1.0));
        }
        assert!(out[..4].iter().all(|v| v.is_nan()));
        let mut hn = h.clone();
        hn[10] = NAN;
        let propagated = cci(&hn, &l, &c, 300, 1, 5, P).unwrap();
        assert!(propagated[10..15].iter().all(|v| v.is_nan()) && propagated[15].is_finite());
        let skipped = cci(&hn, &l, &c, 300, 1, 5, S).unwrap();
        assert!(skipped[10].is_nan() && skipped[11..].iter().all(|v| v.is_finite()));
        assert!(matches!(
            Cci::new(1, P),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            atr(&[1.0], &[1.0], &[1.0], 1, 1, 0, P),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            trange(&[1.0, 2.0], &[1.0], &[1.0, 2.0], 2, 1, P),
            Err(IndicatorError::ShapeMismatch { name: "low", .. })
        ));
        assert!(matches!(
            obv(&[1.0, 2.0], &[1.0, f64::INFINITY], 2, 1, P),
            Err(IndicatorError::NonFinite {
                name: "volume",
                index: 1,
                ..
            })
        ));
    }
}
