//! Oscillators of several inputs per bar, as TA-Lib 0.8 computes them: `WILLR`, `STOCH` and
//! `ADX`. Each is one streaming state machine fed a bar at a time.
//!
//! Conventions found by probing `talib` 0.8.2 (and kept exactly, NaN included):
//! - the range `highest - lowest` of WILLR and STOCH counts as zero when
//!   `|highest - lowest| <= 1e-14 * (|highest| + |lowest|)` (TA-Lib's `TA_IS_ZERO_SCALED`);
//! - WILLR is clamped to [-100, 0] (STOCH is not clamped);
//! - WILLR's extrema come from a van Herk / Gil-Werman block scan (as `MIDPOINT`), STOCH's from
//!   TA-Lib's cached extremum rescanned when it leaves the window: the two place a NaN inside
//!   the series differently, and each matches its TA-Lib function.

use crate::bars::{check_inputs, passes_over, run_bars, BarStateMachine};
use crate::fma::with_fma;
use crate::inputs::{check_finite_named, check_length, check_matrix};
use crate::parallel::{for_column_blocks, worth_splitting};
use crate::select::{greater_of, lesser_of};
use crate::stream::filled_lines;
use std::collections::VecDeque;

use crate::{Ema, EmaSeed, IndicatorError, NanPolicy, Sma};

/// TA-Lib 0.8's `TA_EPSILON`.
const EPSILON: f64 = 1e-14;

/// TA-Lib 0.8's scale-aware zero test of a range.
#[inline]
fn negligible_range(highest: f64, lowest: f64) -> bool {
    (highest - lowest).abs() <= EPSILON * (highest.abs() + lowest.abs())
}

/// A rolling highest (`MAX`) or lowest value by the van Herk / Gil-Werman block scan, one value
/// at a time (as [`crate::Midpoint`]): O(1) amortised per value; NaN is skipped by the
/// comparisons except where a scan starts from it, as in TA-Lib.
#[derive(Debug, Clone)]
struct BlockScan<const MAX: bool> {
    period: usize,
    block: Vec<f64>,
    suffix: Vec<f64>,
    prefix: f64,
}

impl<const MAX: bool> BlockScan<MAX> {
    fn new(period: usize) -> Self {
        Self {
            period,
            block: Vec::new(),
            suffix: Vec::new(),
            prefix: f64::NAN,
        }
    }

    #[inline]
    fn better(a: f64, b: f64) -> bool {
        if MAX {
            a > b
        } else {
            a < b
        }
    }

    /// Whether a full window has been seen.
    #[inline]
    fn ready(&self) -> bool {
        !self.suffix.is_empty()
    }

    /// Takes a value in; the extremum of the last `period` values (NaN in the warm-up).
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        if self.block.is_empty() || Self::better(value, self.prefix) {
            self.prefix = value;
        }
        self.block.push(value);
        let filled = self.block.len();
        if filled == self.period {
            let last = self.period - 1;
            self.suffix.resize(self.period, f64::NAN);
            let mut extremum = self.block[last];
            self.suffix[last] = extremum;
            for i in (0..last).rev() {
                if Self::better(self.block[i], extremum) {
                    extremum = self.block[i];
                }
                self.suffix[i] = extremum;
            }
            self.block.clear();
            return self.suffix[0];
        }
        if self.suffix.is_empty() {
            return f64::NAN;
        }
        let mut extremum = self.suffix[filled];
        if Self::better(self.prefix, extremum) {
            extremum = self.prefix;
        }
        extremum
    }
}

/// TA-Lib's STOCH extremum: kept with its position, updated when a new value ties or beats it,
/// rescanned from the window's oldest value when it leaves the window.
///
/// TA-Lib's rescan walks the window (O(period)); its result is known in O(1) amortised from a
/// monotonic deque of the window's non-NaN values: a rescan that starts from a number keeps the
/// first strictly better value, NaN passing every comparison, so it finds the best number of the
/// window at its earliest position, the deque's front (equal values stay queued behind the
/// earlier one); a rescan that starts from a NaN finds NaN (no comparison with NaN is true), at
/// the oldest position. Same values and positions as TA-Lib's walk, bit for bit, in O(1)
/// amortised per value, with no allocation once the window is full.
#[derive(Debug, Clone)]
struct Rescan<const MAX: bool> {
    period: usize,
    /// The last `period` values in a ring; `slot` is the next to write (the oldest once full).
    window: Vec<f64>,
    slot: usize,
    seen: usize,
    extremum: f64,
    /// Position (count of values before it) of the extremum; `None` before the first scan.
    position: Option<usize>,
    /// Positions and values of the window's numbers that a later number does not beat, best
    /// (and earliest among equals) first.
    candidates: VecDeque<(usize, f64)>,
}

impl<const MAX: bool> Rescan<MAX> {
    fn new(period: usize) -> Self {
        Self {
            period,
            window: Vec::new(),
            slot: 0,
            seen: 0,
            extremum: 0.0,
            position: None,
            candidates: VecDeque::new(),
        }
    }

    #[inline]
    fn better(a: f64, b: f64) -> bool {
        if MAX {
            a > b
        } else {
            a < b
        }
    }

    /// Queues the number at `position`, dropping the queued values it beats.
    #[inline]
    fn enqueue(&mut self, position: usize, value: f64) {
        if value.is_nan() {
            return;
        }
        while self
            .candidates
            .back()
            .is_some_and(|&(_, queued)| Self::better(value, queued))
        {
            self.candidates.pop_back();
        }
        self.candidates.push_back((position, value));
    }

    /// Takes a value in; the extremum of the last `period` values (NaN in the warm-up).
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        if self.window.len() < self.period {
            self.window.push(value);
        } else {
            self.window[self.slot] = value;
        }
        self.slot += 1;
        if self.slot == self.period {
            self.slot = 0;
        }
        self.enqueue(self.seen, value);
        self.seen += 1;
        if self.seen < self.period {
            return f64::NAN;
        }
        let oldest = self.seen - self.period;
        while self.candidates.front().is_some_and(|&(p, _)| p < oldest) {
            self.candidates.pop_front();
        }
        if self.position.is_none_or(|p| p < oldest) {
            // TA-Lib's rescan from the oldest value (at `slot`, the next to write).
            let first = self.window[self.slot];
            (self.position, self.extremum) = match self.candidates.front() {
                Some(&(p, best)) if !first.is_nan() => (Some(p), best),
                _ => (Some(oldest), first),
            };
        } else {
            let at_least = if MAX {
                value >= self.extremum
            } else {
                value <= self.extremum
            };
            if at_least {
                self.position = Some(self.seen - 1);
                self.extremum = value;
            }
        }
        self.extremum
    }

    /// The deque, rebuilt from the window (it is a function of the window's values).
    fn requeue(&mut self) {
        self.candidates.clear();
        let len = self.window.len();
        let first = self.seen - len;
        let (newer, older) = self.window.split_at(self.slot.min(len));
        let ordered: Vec<f64> = if len < self.period {
            self.window.clone()
        } else {
            older.iter().chain(newer).copied().collect()
        };
        for (offset, v) in ordered.into_iter().enumerate() {
            self.enqueue(first + offset, v);
        }
    }
}

/// Streaming Williams' %R (TA-Lib 0.8's `WILLR`): with the highest high and lowest low of the
/// last `period` bars, `(highest - close) / (highest - lowest) * -100`, clamped to [-100, 0], or
/// 0 when the range is negligible (see the module docs). First output at bar `period - 1`.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Willr};
/// let mut willr = Willr::new(2, NanPolicy::Propagate)?;
/// assert!(willr.update(10.0, 8.0, 9.0).is_nan());
/// assert_eq!(willr.update(12.0, 9.0, 11.0), -25.0); // (12 - 11) / (12 - 8) * -100
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Willr {
    nan_policy: NanPolicy,
    started: bool,
    highest: BlockScan<true>,
    lowest: BlockScan<false>,
}

impl Willr {
    /// Williams' %R over `period` bars.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` < 2 (as TA-Lib).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_length("period", period, 2)?;
        Ok(Self {
            nan_policy,
            started: false,
            highest: BlockScan::new(period),
            lowest: BlockScan::new(period),
        })
    }

    /// Feeds one bar; NaN through the warm-up of `period - 1` bars.
    // Inlined into the batch loop so the state stays in registers (criterion: ADX 7x faster).
    #[inline(always)]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        if passes_over(&[high, low, close], self.started, self.nan_policy) {
            return f64::NAN;
        }
        self.started = true;
        let highest = self.highest.update(high);
        let lowest = self.lowest.update(low);
        if !self.highest.ready() {
            return f64::NAN;
        }
        willr_value(highest, lowest, close)
    }
}

impl BarStateMachine<3> for Willr {
    #[inline(always)]
    fn update(&mut self, [h, l, c]: [f64; 3]) -> f64 {
        Willr::update(self, h, l, c)
    }
}

/// TA-Lib's moving-average types that [`Stoch`] accepts (`TA_MAType` 0 and 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaType {
    /// `TA_MAType_SMA` (0).
    Sma,
    /// `TA_MAType_EMA` (1), seeded with the simple average as TA-Lib's `EMA`.
    Ema,
}

impl MaType {
    /// The type of TA-Lib's code `code`, named `name` in the error.
    ///
    /// # Errors
    /// [`IndicatorError::ParameterOutOfRange`] for a code other than 0 or 1 (TA-Lib's WMA,
    /// DEMA, TEMA, TRIMA, KAMA, MAMA and T3 averages are not supported here).
    pub fn from_code(code: i64, name: &'static str) -> Result<Self, IndicatorError> {
        match code {
            0 => Ok(MaType::Sma),
            1 => Ok(MaType::Ema),
            _ => Err(IndicatorError::ParameterOutOfRange {
                name,
                accepted: "0 (SMA) or 1 (EMA)",
                value: code as f64,
            }),
        }
    }
}

/// TA-Lib's `TA_MA` as STOCH runs it on its own lines: period 1 copies the input whatever the
/// type; otherwise the crate's SMA/EMA state machines, except that a NaN first value enters the
/// sums (the state machines would pass over it as a leading NaN) and so makes every later value
/// NaN, as in TA-Lib.
#[derive(Debug, Clone)]
enum Average {
    Copy,
    Sma(Sma),
    Ema(Ema),
}

#[derive(Debug, Clone)]
struct StochAverage {
    average: Average,
    nan_policy: NanPolicy,
    fed: bool,
    poisoned: bool,
}

impl StochAverage {
    fn new(period: usize, matype: MaType, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        let average = match (period, matype) {
            (1, _) => Average::Copy,
            (_, MaType::Sma) => Average::Sma(Sma::new(period, nan_policy)?),
            (_, MaType::Ema) => Average::Ema(Ema::new(period, EmaSeed::Sma, nan_policy)?),
        };
        Ok(Self {
            average,
            nan_policy,
            fed: false,
            poisoned: false,
        })
    }

    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        let copies = matches!(self.average, Average::Copy);
        if !self.fed && value.is_nan() && !copies && self.nan_policy == NanPolicy::Propagate {
            self.poisoned = true;
        }
        self.fed = true;
        if self.poisoned {
            return f64::NAN;
        }
        match &mut self.average {
            Average::Copy => value,
            Average::Sma(sma) => sma.update(value),
            Average::Ema(ema) => ema.update(value),
        }
    }
}

/// Streaming stochastic oscillator (TA-Lib 0.8's `STOCH`): the fast %K
/// `(close - lowest) / (highest - lowest) * 100` over `fastk_period` bars (0 when the range is
/// negligible), the slow %K its moving average over `slowk_period`, the slow %D the moving
/// average of the slow %K over `slowd_period`. Both lines start at bar
/// `fastk_period + slowk_period + slowd_period - 3`, as TA-Lib.
///
/// # Examples
/// ```
/// use rustybt_indicators::{MaType, NanPolicy, Stoch};
/// let mut stoch = Stoch::new(2, 1, MaType::Sma, 1, MaType::Sma, NanPolicy::Propagate)?;
/// assert!(stoch.update(10.0, 8.0, 9.0)[0].is_nan());
/// assert_eq!(stoch.update(12.0, 9.0, 11.0), [75.0, 75.0]); // (11 - 8) / (12 - 8) * 100
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Stoch {
    nan_policy: NanPolicy,
    started: bool,
    fastk_period: usize,
    highest: Rescan<true>,
    lowest: Rescan<false>,
    slowk: StochAverage,
    slowd: StochAverage,
    slowk_period: usize,
    slowd_period: usize,
    /// Fast %K values computed so far.
    fed: usize,
}

impl Stoch {
    /// A stochastic oscillator.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if a period is 0.
    pub fn new(
        fastk_period: usize,
        slowk_period: usize,
        slowk_matype: MaType,
        slowd_period: usize,
        slowd_matype: MaType,
        nan_policy: NanPolicy,
    ) -> Result<Self, IndicatorError> {
        check_length("fastk_period", fastk_period, 1)?;
        check_length("slowk_period", slowk_period, 1)?;
        check_length("slowd_period", slowd_period, 1)?;
        Ok(Self {
            nan_policy,
            started: false,
            fastk_period,
            highest: Rescan::new(fastk_period),
            lowest: Rescan::new(fastk_period),
            slowk: StochAverage::new(slowk_period, slowk_matype, nan_policy)?,
            slowd: StochAverage::new(slowd_period, slowd_matype, nan_policy)?,
            slowk_period,
            slowd_period,
            fed: 0,
        })
    }

    /// Feeds one bar: `[slowk, slowd]`, NaN through the warm-up.
    // Inlined into the batch loop so the state stays in registers (criterion: ADX 7x faster).
    #[inline(always)]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> [f64; 2] {
        const NONE: [f64; 2] = [f64::NAN, f64::NAN];
        if passes_over(&[high, low, close], self.started, self.nan_policy) {
            return NONE;
        }
        self.started = true;
        let lowest = self.lowest.update(low);
        let highest = self.highest.update(high);
        if self.highest.seen < self.fastk_period {
            return NONE;
        }
        let fastk = if negligible_range(highest, lowest) {
            0.0
        } else {
            (close - lowest) / (highest - lowest) * 100.0
        };
        self.fed += 1;
        let slowk = self.slowk.update(fastk);
        if self.fed < self.slowk_period {
            return NONE;
        }
        let slowd = self.slowd.update(slowk);
        if self.fed < self.slowk_period + self.slowd_period - 1 {
            return NONE;
        }
        [slowk, slowd]
    }
}

/// Streaming average directional index (TA-Lib's `ADX`, unstable period 0): Wilder's smoothed
/// +DM, -DM and true range (the first `period - 1` of each summed, then
/// `x = x - x / period + new`), `DX = 100 * |-DI - +DI| / (-DI + +DI)` with
/// `±DI = 100 * (±DM / TR)`; the first ADX is the mean of the first `period` DX, then
/// `adx = (adx * (period - 1) + dx) / period`. A bar whose smoothed true range or DI sum is
/// exactly 0, or NaN, gives no DX: the ADX holds. First output at bar `2 * period - 1`.
/// Equal to `talib.ADX` to about 1e-15 relative, NaN positions included (bit for bit on most
/// data; TA-Lib's build rounds an occasional smoothing step differently, by one ulp).
///
/// # Examples
/// ```
/// use rustybt_indicators::{Adx, NanPolicy};
/// let mut adx = Adx::new(2, NanPolicy::Propagate)?;
/// let bars = [(10.0, 8.0, 9.0), (11.0, 9.0, 10.0), (12.0, 10.0, 11.0), (13.0, 11.0, 12.0)];
/// let out: Vec<f64> = bars.iter().map(|&(h, l, c)| adx.update(h, l, c)).collect();
/// assert!(out[2].is_nan());
/// assert_eq!(out[3], 100.0); // only upward moves
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Adx {
    period: usize,
    nan_policy: NanPolicy,
    started: bool,
    /// Bars after the first.
    bars: usize,
    prev_high: f64,
    prev_low: f64,
    prev_close: f64,
    plus_dm: f64,
    minus_dm: f64,
    true_range: f64,
    sum_dx: f64,
    adx: f64,
}

impl Adx {
    /// An average directional index over `period` bars.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` < 2 (as TA-Lib).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_length("period", period, 2)?;
        Ok(Self {
            period,
            nan_policy,
            started: false,
            bars: 0,
            prev_high: f64::NAN,
            prev_low: f64::NAN,
            prev_close: f64::NAN,
            plus_dm: 0.0,
            minus_dm: 0.0,
            true_range: 0.0,
            sum_dx: 0.0,
            adx: f64::NAN,
        })
    }

    /// Feeds one bar; NaN through the warm-up of `2 * period - 1` bars.
    // Inlined into the batch loop so the state stays in registers (criterion: ADX 7x faster).
    #[inline(always)]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        if passes_over(&[high, low, close], self.started, self.nan_policy) {
            return f64::NAN;
        }
        if !self.started {
            self.started = true;
            (self.prev_high, self.prev_low, self.prev_close) = (high, low, close);
            return f64::NAN;
        }
        self.bars += 1;
        let period = self.period as f64;
        let diff_plus = high - self.prev_high;
        let diff_minus = self.prev_low - low;
        (self.prev_high, self.prev_low) = (high, low);
        let smoothing = self.bars >= self.period;
        if smoothing {
            self.minus_dm -= self.minus_dm / period;
            self.plus_dm -= self.plus_dm / period;
        }
        if diff_minus > 0.0 && diff_plus < diff_minus {
            self.minus_dm += diff_minus;
        } else if diff_plus > 0.0 && diff_plus > diff_minus {
            self.plus_dm += diff_plus;
        }
        // TA-Lib's true range, in its order of comparisons.
        let mut true_range = high - low;
        let to_high = (high - self.prev_close).abs();
        if to_high > true_range {
            true_range = to_high;
        }
        let to_low = (low - self.prev_close).abs();
        if to_low > true_range {
            true_range = to_low;
        }
        self.prev_close = close;
        if !smoothing {
            self.true_range += true_range;
            return f64::NAN;
        }
        self.true_range = self.true_range - self.true_range / period + true_range;
        let mut dx = f64::NAN;
        if !is_zero(self.true_range) {
            let minus_di = 100.0 * (self.minus_dm / self.true_range);
            let plus_di = 100.0 * (self.plus_dm / self.true_range);
            let total = minus_di + plus_di;
            if !is_zero(total) {
                dx = 100.0 * ((minus_di - plus_di).abs() / total);
            }
        }
        let first = 2 * self.period - 1;
        if self.bars <= first {
            if !dx.is_nan() {
                self.sum_dx += dx;
            }
            if self.bars < first {
                return f64::NAN;
            }
            self.adx = self.sum_dx / period;
            return self.adx;
        }
        if !dx.is_nan() {
            self.adx = (self.adx * (period - 1.0) + dx) / period;
        }
        self.adx
    }
}

/// TA-Lib 0.8's zero test in ADX: exactly 0 (probing `talib.ADX` on series of 1e-18 ranges shows
/// no epsilon band). A NaN is not zero; the NaN DX it gives is skipped by the caller.
#[inline]
fn is_zero(value: f64) -> bool {
    value == 0.0
}

impl BarStateMachine<3> for Adx {
    #[inline(always)]
    fn update(&mut self, [h, l, c]: [f64; 3]) -> f64 {
        Adx::update(self, h, l, c)
    }
}

/// Williams' %R (TA-Lib's `WILLR`); see [`Willr`]. `high`, `low` and `close` are `rows x cols`
/// row-major matrices (time x assets), or 1-D series with `cols == 1`.
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` < 2.
/// - [`IndicatorError::ShapeMismatch`] if an input does not hold `rows * cols` values.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{willr, NanPolicy};
/// let out = willr(&[10.0, 12.0], &[8.0, 9.0], &[9.0, 11.0], 2, 1, 2, NanPolicy::Propagate)?;
/// assert_eq!(out[1], -25.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn willr(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let state = Willr::new(period, nan_policy)?;
    let inputs = [("high", high), ("low", low), ("close", close)];
    if cols != 1 {
        return run_bars(&state, inputs, rows, cols);
    }
    for (name, values) in &inputs {
        check_matrix(name, values.len(), rows, cols)?;
    }
    // One pass for the common case: the two block scans reading their blocks from the series
    // (no copy of each value into a block buffer), each output written once, the finiteness
    // check riding along. Bars before the first one free of NaN are skipped, as in the state
    // machine; under Propagate a NaN later on meets the same comparisons in the same order as
    // in `Willr::update`, hence the same bits; Skip with a NaN takes the state machine.
    let lead = (0..rows)
        .take_while(|&i| high[i].is_nan() || low[i].is_nan() || close[i].is_nan())
        .count();
    let (highs, lows, closes) = (&high[lead..], &low[lead..], &close[lead..]);
    // A skipped leading bar may hide an infinity beside its NaN: checked below.
    let mut all_finite = lead == 0;
    let out = if closes.len() < period {
        // No complete window (and no buffer sized by a huge period).
        all_finite &= inputs
            .iter()
            .all(|(_, v)| v[lead..].iter().all(|x| x.is_finite()));
        vec![f64::NAN; rows]
    } else {
        let mut highest = BlockSweep::<true>::new(period);
        let mut lowest = BlockSweep::<false>::new(period);
        crate::stream::filled(
            rows,
            #[inline(always)]
            |i| {
                let Some(k) = i.checked_sub(lead) else {
                    return f64::NAN;
                };
                let c = closes[k];
                all_finite &= highs[k].is_finite() & lows[k].is_finite() & c.is_finite();
                let highest = highest.at(highs, k);
                let lowest = lowest.at(lows, k);
                if !highest_ready(k, period) {
                    return f64::NAN;
                }
                willr_value(highest, lowest, c)
            },
        )
    };
    if all_finite {
        return Ok(out);
    }
    check_inputs(&inputs, rows, cols)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(out),
        NanPolicy::Skip => run_bars(&state, inputs, rows, cols),
    }
}

/// Whether a full window has been seen at position `k` of the series (the first block
/// completes at `period - 1`).
#[inline(always)]
fn highest_ready(k: usize, period: usize) -> bool {
    k + 1 >= period
}

/// %R from the window's extrema and the close (see [`Willr`]).
#[inline(always)]
fn willr_value(highest: f64, lowest: f64, close: f64) -> f64 {
    if negligible_range(highest, lowest) {
        return 0.0;
    }
    // clamp keeps NaN and -0.0 as they are, as TA-Lib's two comparisons do
    ((highest - close) / (highest - lowest) * -100.0).clamp(-100.0, 0.0)
}

/// [`BlockScan`] over a whole series for the batch functions: the same comparisons in the same
/// order, with each block read from the series (`series[k + 1 - period..=k]` when it completes)
/// instead of copied into a buffer. Fed `k = 0, 1, 2, ...` in turn; `period` at most the
/// series' length (the suffix buffer is `period` long).
#[derive(Debug, Clone)]
struct BlockSweep<const MAX: bool> {
    period: usize,
    suffix: Vec<f64>,
    prefix: f64,
    filled: usize,
    ready: bool,
}

impl<const MAX: bool> BlockSweep<MAX> {
    fn new(period: usize) -> Self {
        Self {
            period,
            suffix: vec![f64::NAN; period],
            prefix: f64::NAN,
            filled: 0,
            ready: false,
        }
    }

    /// The extremum of the `period` values ending at `series[k]` (NaN in the warm-up).
    #[inline(always)]
    fn at(&mut self, series: &[f64], k: usize) -> f64 {
        let value = series[k];
        if self.filled == 0 || BlockScan::<MAX>::better(value, self.prefix) {
            self.prefix = value;
        }
        self.filled += 1;
        if self.filled == self.period {
            self.filled = 0;
            let block = &series[k + 1 - self.period..=k];
            let last = self.period - 1;
            let mut extremum = value;
            self.suffix[last] = extremum;
            for i in (0..last).rev() {
                if BlockScan::<MAX>::better(block[i], extremum) {
                    extremum = block[i];
                }
                self.suffix[i] = extremum;
            }
            self.ready = true;
            return self.suffix[0];
        }
        if !self.ready {
            return f64::NAN;
        }
        // As `BlockScan::update`'s comparison, branch-free: a coin flip on jumpy prices.
        if MAX {
            greater_of(self.prefix, self.suffix[self.filled])
        } else {
            lesser_of(self.prefix, self.suffix[self.filled])
        }
    }
}

/// Average directional index (TA-Lib's `ADX`); see [`Adx`]. Inputs as in [`willr`].
///
/// # Errors
/// As [`willr`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{adx, NanPolicy};
/// let (h, l, c) = ([10.0, 11.0, 12.0, 13.0], [8.0, 9.0, 10.0, 11.0], [9.0, 10.0, 11.0, 12.0]);
/// let out = adx(&h, &l, &c, 4, 1, 2, NanPolicy::Propagate)?;
/// assert_eq!(out[3], 100.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn adx(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_bars(
        &Adx::new(period, nan_policy)?,
        [("high", high), ("low", low), ("close", close)],
        rows,
        cols,
    )
}

/// The parameters of [`stoch`], TA-Lib's names and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StochParams {
    /// Window of the fast %K (TA-Lib's default 5).
    pub fastk_period: usize,
    /// Smoothing of the slow %K (default 3).
    pub slowk_period: usize,
    /// Its moving-average type (default SMA).
    pub slowk_matype: MaType,
    /// Smoothing of the slow %D (default 3).
    pub slowd_period: usize,
    /// Its moving-average type (default SMA).
    pub slowd_matype: MaType,
}

impl Default for StochParams {
    fn default() -> Self {
        Self {
            fastk_period: 5,
            slowk_period: 3,
            slowk_matype: MaType::Sma,
            slowd_period: 3,
            slowd_matype: MaType::Sma,
        }
    }
}

/// Stochastic oscillator (TA-Lib's `STOCH`); see [`Stoch`]: `[slowk, slowd]`, each shaped as the
/// inputs (as in [`willr`]). Columns run in parallel on large matrices.
///
/// # Errors
/// As [`willr`], with [`IndicatorError::InvalidPeriod`] for a period of 0.
///
/// # Examples
/// ```
/// use rustybt_indicators::{stoch, NanPolicy, StochParams};
/// let params = StochParams { fastk_period: 2, slowk_period: 1, slowd_period: 1, ..Default::default() };
/// let [k, d] = stoch(&[10.0, 12.0], &[8.0, 9.0], &[9.0, 11.0], 2, 1, params, NanPolicy::Propagate)?;
/// assert_eq!((k[1], d[1]), (75.0, 75.0));
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn stoch(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    rows: usize,
    cols: usize,
    params: StochParams,
    nan_policy: NanPolicy,
) -> Result<[Vec<f64>; 2], IndicatorError> {
    let template = Stoch::new(
        params.fastk_period,
        params.slowk_period,
        params.slowk_matype,
        params.slowd_period,
        params.slowd_matype,
        nan_policy,
    )?;
    let inputs = [("high", high), ("low", low), ("close", close)];
    for (name, values) in &inputs {
        check_matrix(name, values.len(), rows, cols)?;
    }
    if cols == 1 {
        return stoch_series(template, inputs);
    }
    for (name, values) in &inputs {
        check_finite_named(values, name)?;
    }
    let len = rows * cols;
    let mut k = vec![f64::NAN; len];
    let mut d = vec![f64::NAN; len];
    if cols == 0 {
        return Ok([k, d]);
    }
    if worth_splitting(len, cols) {
        for_column_blocks([&mut k, &mut d], cols, |block| {
            let mut states = vec![template.clone(); block.width];
            for (r, [row_k, row_d]) in block.rows.into_iter().enumerate() {
                let start = r * cols + block.first;
                for (j, state) in states.iter_mut().enumerate() {
                    let i = start + j;
                    [row_k[j], row_d[j]] = state.update(high[i], low[i], close[i]);
                }
            }
        });
        return Ok([k, d]);
    }
    let mut states = vec![template; cols];
    for (r, (row_k, row_d)) in k
        .chunks_exact_mut(cols)
        .zip(d.chunks_exact_mut(cols))
        .enumerate()
    {
        for (j, state) in states.iter_mut().enumerate() {
            let i = r * cols + j;
            [row_k[j], row_d[j]] = state.update(high[i], low[i], close[i]);
        }
    }
    Ok([k, d])
}

/// [`Stoch`] over one series of bars (inputs of one length, already checked), each line written
/// once, with the finiteness check riding along in the sweep (as `crate::bars::run_bars`'s
/// series path): an infinity is noticed after the sweep and reported as [`stoch`]'s check does.
fn stoch_series(
    mut state: Stoch,
    inputs: [(&'static str, &[f64]); 3],
) -> Result<[Vec<f64>; 2], IndicatorError> {
    let [(_, high), (_, low), (_, close)] = inputs;
    let len = close.len();
    let (high, low) = (&high[..len], &low[..len]);
    let (lines, any_infinite) = with_fma(
        #[inline(always)]
        move || {
            let mut any_infinite = false;
            let lines = filled_lines(
                len,
                #[inline(always)]
                |i| {
                    let (h, l, c) = (high[i], low[i], close[i]);
                    any_infinite |= h.is_infinite() | l.is_infinite() | c.is_infinite();
                    state.update(h, l, c)
                },
            );
            (lines, any_infinite)
        },
    );
    if any_infinite {
        for (name, values) in &inputs {
            check_finite_named(values, name)?;
        }
    }
    Ok(lines)
}

/// Leading NaN outputs for data without NaN: [`willr`] `period - 1`, [`adx`] `2 * period - 1`,
/// [`stoch`] `fastk + slowk + slowd - 3`.
///
/// # Examples
/// ```
/// use rustybt_indicators::{adx_lookback, stoch_lookback};
/// assert_eq!(adx_lookback(14), 27);
/// assert_eq!(stoch_lookback(5, 3, 3), 8);
/// ```
pub fn adx_lookback(period: usize) -> usize {
    (2 * period).saturating_sub(1)
}

/// See [`adx_lookback`].
pub fn stoch_lookback(fastk_period: usize, slowk_period: usize, slowd_period: usize) -> usize {
    (fastk_period + slowk_period + slowd_period).saturating_sub(3)
}

// --- issue 8: streaming (reset and snapshots of the state machines) -----------------------------

impl<const MAX: bool> BlockScan<MAX> {
    fn reset(&mut self) {
        self.block.clear();
        self.suffix.clear();
        self.prefix = f64::NAN;
    }

    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_window(out, self.block.iter());
        crate::snapshot::save_window(out, self.suffix.iter());
        out.push(self.prefix);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        let mut window = VecDeque::new();
        saved.window(&mut window, self.period - 1)?;
        self.block = window.drain(..).collect();
        saved.window(&mut window, self.period)?;
        if !window.is_empty() && window.len() != self.period {
            return Err(IndicatorError::InvalidState {
                reason: "a block scan holds a partial block of suffixes",
            });
        }
        self.suffix = window.into();
        self.prefix = saved.float()?;
        Ok(())
    }
}

impl Willr {
    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.started = false;
        self.highest.reset();
        self.lowest.reset();
    }
}

impl crate::Snapshot for Willr {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        self.highest.save(out);
        self.lowest.save(out);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.highest.load(saved)?;
        self.lowest.load(saved)?;
        if self.highest.block.len() != self.lowest.block.len()
            || self.highest.suffix.len() != self.lowest.suffix.len()
        {
            return Err(IndicatorError::InvalidState {
                reason: "the highest and lowest scans disagree",
            });
        }
        Ok(())
    }
}

impl Adx {
    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.started = false;
        self.bars = 0;
        self.prev_high = f64::NAN;
        self.prev_low = f64::NAN;
        self.prev_close = f64::NAN;
        self.plus_dm = 0.0;
        self.minus_dm = 0.0;
        self.true_range = 0.0;
        self.sum_dx = 0.0;
        self.adx = f64::NAN;
    }
}

impl crate::Snapshot for Adx {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_count(out, self.bars);
        out.extend([
            self.prev_high,
            self.prev_low,
            self.prev_close,
            self.plus_dm,
            self.minus_dm,
            self.true_range,
            self.sum_dx,
            self.adx,
        ]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.bars = saved.count(usize::MAX)?;
        self.prev_high = saved.float()?;
        self.prev_low = saved.float()?;
        self.prev_close = saved.float()?;
        self.plus_dm = saved.float()?;
        self.minus_dm = saved.float()?;
        self.true_range = saved.float()?;
        self.sum_dx = saved.float()?;
        self.adx = saved.float()?;
        Ok(())
    }
}

impl<const MAX: bool> Rescan<MAX> {
    fn reset(&mut self) {
        self.window.clear();
        self.slot = 0;
        self.seen = 0;
        self.extremum = 0.0;
        self.position = None;
        self.candidates.clear();
    }

    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_window(out, self.window.iter());
        crate::snapshot::save_count(out, self.slot);
        crate::snapshot::save_count(out, self.seen);
        out.push(self.extremum);
        crate::snapshot::save_flag(out, self.position.is_some());
        crate::snapshot::save_count(out, self.position.unwrap_or(0));
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        let mut window = VecDeque::new();
        saved.window(&mut window, self.period)?;
        self.window = window.into();
        self.slot = saved.count(self.period - 1)?;
        self.seen = saved.count(usize::MAX)?;
        self.extremum = saved.float()?;
        let known = saved.flag()?;
        let position = saved.count(usize::MAX)?;
        self.position = known.then_some(position);
        let len = self.window.len();
        let filled = if self.seen < self.period {
            len == self.seen && self.slot == len
        } else {
            len == self.period
        };
        if !filled || self.position.is_some_and(|p| p >= self.seen) {
            return Err(IndicatorError::InvalidState {
                reason: "a rescanned extremum disagrees with its window",
            });
        }
        self.requeue();
        Ok(())
    }
}

impl StochAverage {
    fn reset(&mut self) {
        self.fed = false;
        self.poisoned = false;
        match &mut self.average {
            Average::Copy => {}
            Average::Sma(sma) => sma.reset(),
            Average::Ema(ema) => ema.reset(),
        }
    }

    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.fed);
        crate::snapshot::save_flag(out, self.poisoned);
        match &self.average {
            Average::Copy => {}
            Average::Sma(sma) => sma.save(out),
            Average::Ema(ema) => ema.save(out),
        }
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.fed = saved.flag()?;
        self.poisoned = saved.flag()?;
        match &mut self.average {
            Average::Copy => Ok(()),
            Average::Sma(sma) => sma.load(saved),
            Average::Ema(ema) => ema.load(saved),
        }
    }
}

impl Stoch {
    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.started = false;
        self.highest.reset();
        self.lowest.reset();
        self.slowk.reset();
        self.slowd.reset();
        self.fed = 0;
    }
}

impl crate::Snapshot for Stoch {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        self.highest.save(out);
        self.lowest.save(out);
        self.slowk.save(out);
        self.slowd.save(out);
        crate::snapshot::save_count(out, self.fed);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.highest.load(saved)?;
        self.lowest.load(saved)?;
        self.slowk.load(saved)?;
        self.slowd.load(saved)?;
        self.fed = saved.count(usize::MAX)?;
        if self.highest.seen != self.lowest.seen {
            return Err(IndicatorError::InvalidState {
                reason: "the highest and lowest scans disagree",
            });
        }
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

    fn bars(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
        let close = rustybt_bench_data::prices(n, 2);
        let spread = rustybt_bench_data::prices(n, 3);
        let high: Vec<f64> = close
            .iter()
            .zip(&spread)
            .map(|(c, s)| c + s / 100.0)
            .collect();
        let low: Vec<f64> = close
            .iter()
            .zip(&spread)
            .map(|(c, s)| c - s / 200.0)
            .collect();
        let volume = spread.iter().map(|s| s * 10.0).collect();
        (high, low, close, volume)
    }

    /// Rolling extremum, the direct way.
    fn direct(values: &[f64], period: usize, max: bool) -> Vec<f64> {
        (0..values.len())
            .map(|i| {
                if i + 1 < period {
                    return NAN;
                }
                let w = &values[i + 1 - period..=i];
                w.iter()
                    .copied()
                    .fold(w[0], |a, b| if max { a.max(b) } else { a.min(b) })
            })
            .collect()
    }

    #[test]
    fn extrema_equal_the_direct_scan() {
        let (h, _, _, _) = bars(300);
        for period in [1, 2, 3, 7, 30] {
            let mut block = BlockScan::<true>::new(period);
            let mut rescan = Rescan::<false>::new(period);
            let b: Vec<f64> = h.iter().map(|&v| block.update(v)).collect();
            let r: Vec<f64> = h.iter().map(|&v| rescan.update(v)).collect();
            assert!(same(&b, &direct(&h, period, true)));
            assert!(same(&r, &direct(&h, period, false)));
        }
    }

    #[test]
    fn hand_computed() {
        let (h, l, c) = ([10.0, 12.0, 11.0], [8.0, 9.0, 10.0], [9.0, 11.0, 12.5]);
        // last bar: close above the highest high clamps to 0
        assert!(same(
            &willr(&h, &l, &c, 3, 1, 2, P).unwrap(),
            &[NAN, -25.0, 0.0]
        ));
        let flat = [5.0; 4];
        assert!(same(
            &willr(&flat, &flat, &flat, 4, 1, 2, P).unwrap(),
            &[NAN, 0.0, 0.0, 0.0]
        ));
        let params = StochParams {
            fastk_period: 2,
            slowk_period: 2,
            slowd_period: 1,
            ..Default::default()
        };
        let [k, d] = stoch(&h, &l, &c, 3, 1, params, P).unwrap();
        // fast %K 75, then (12.5 - 9) / (12 - 9) * 100; slow %K their mean
        let second = (12.5 - 9.0) / 3.0 * 100.0;
        assert!(same(&k, &[NAN, NAN, (75.0 + second) / 2.0]));
        assert!(same(&d, &k));
        assert!(same(
            &adx(&flat, &flat, &flat, 4, 1, 2, P).unwrap(),
            &[NAN, NAN, NAN, 0.0]
        ));
        assert_eq!(adx_lookback(14), 27);
        assert_eq!(stoch_lookback(5, 3, 3), 8);
        assert!(willr(&[], &[], &[], 0, 1, 14, P).unwrap().is_empty());
    }

    #[test]
    fn skip_equals_the_series_without_its_nan_bars() {
        let (mut h, l, c, _) = bars(200);
        h[50] = NAN;
        let keep: Vec<usize> = (0..200).filter(|&i| i != 50).collect();
        let pick = |x: &[f64]| keep.iter().map(|&i| x[i]).collect::<Vec<f64>>();
        let (hk, lk, ck) = (pick(&h), pick(&l), pick(&c));
        let skipped = adx(&h, &l, &c, 200, 1, 5, S).unwrap();
        assert!(skipped[50].is_nan());
        assert!(same(
            &pick(&skipped),
            &adx(&hk, &lk, &ck, 199, 1, 5, S).unwrap()
        ));
        let skipped = willr(&h, &l, &c, 200, 1, 5, S).unwrap();
        assert!(same(
            &pick(&skipped),
            &willr(&hk, &lk, &ck, 199, 1, 5, S).unwrap()
        ));
        let [k, _] = stoch(&h, &l, &c, 200, 1, StochParams::default(), S).unwrap();
        let [k1, _] = stoch(&hk, &lk, &ck, 199, 1, StochParams::default(), S).unwrap();
        assert!(same(&pick(&k), &k1));
        // propagate: ADX holds once the NaN is in its smoothed true range
        let held = adx(&h, &l, &c, 200, 1, 5, P).unwrap();
        assert!(held[51..].iter().all(|&x| x == held[50]));
    }

    #[test]
    fn columns_equal_separate_series() {
        let (h, l, c, _) = bars(400);
        let cols = 97;
        let spread = |x: &[f64]| -> Vec<f64> {
            (0..400 * cols)
                .map(|k| x[k / cols] * (1.0 + (k % cols) as f64 / 100.0))
                .collect()
        };
        let (hm, lm, cm) = (spread(&h), spread(&l), spread(&c));
        let column =
            |m: &[f64], j: usize| -> Vec<f64> { m.iter().skip(j).step_by(cols).copied().collect() };
        let [k, d] = stoch(&hm, &lm, &cm, 400, cols, StochParams::default(), P).unwrap();
        let a = adx(&hm, &lm, &cm, 400, cols, 14, P).unwrap();
        for j in [0, 1, 50, 96] {
            let (hj, lj, cj) = (column(&hm, j), column(&lm, j), column(&cm, j));
            let [k1, d1] = stoch(&hj, &lj, &cj, 400, 1, StochParams::default(), P).unwrap();
            assert!(same(&column(&k, j), &k1) && same(&column(&d, j), &d1));
            assert!(same(
                &column(&a, j),
                &adx(&hj, &lj, &cj, 400, 1, 14, P).unwrap()
            ));
        }
    }

    #[test]
    fn streaming_snapshots_round_trip_and_reset() {
        use crate::Snapshot;
        let (mut h, l, c, _) = bars(60);
        h[0] = NAN;
        h[25] = NAN;
        for policy in [P, S] {
            for period in [2, 3, 5] {
                let willr = Willr::new(period, policy).unwrap();
                let adx = Adx::new(period, policy).unwrap();
                let run_w = |s: &mut Willr, i: usize| s.update(h[i], l[i], c[i]);
                let run_a = |s: &mut Adx, i: usize| s.update(h[i], l[i], c[i]);
                let mut whole = willr.clone();
                let expected: Vec<f64> = (0..60).map(|i| run_w(&mut whole, i)).collect();
                let mut whole_a = adx.clone();
                let expected_a: Vec<f64> = (0..60).map(|i| run_a(&mut whole_a, i)).collect();
                for split in 0..=60 {
                    let mut first = willr.clone();
                    let mut out: Vec<f64> = (0..split).map(|i| run_w(&mut first, i)).collect();
                    let mut second = willr.clone();
                    second.restore(&first.state()).unwrap();
                    out.extend((split..60).map(|i| run_w(&mut second, i)));
                    assert!(same(&out, &expected), "willr split at {split}");
                    let mut first = adx.clone();
                    let mut out: Vec<f64> = (0..split).map(|i| run_a(&mut first, i)).collect();
                    let mut second = adx.clone();
                    second.restore(&first.state()).unwrap();
                    out.extend((split..60).map(|i| run_a(&mut second, i)));
                    assert!(same(&out, &expected_a), "adx split at {split}");
                }
                for matypes in [(MaType::Sma, MaType::Ema), (MaType::Ema, MaType::Sma)] {
                    for (fastk, slowk, slowd) in [(period, 1, 1), (period, 2, 3), (1, period, 2)] {
                        let stoch =
                            Stoch::new(fastk, slowk, matypes.0, slowd, matypes.1, policy).unwrap();
                        let run = |s: &mut Stoch, i: usize| s.update(h[i], l[i], c[i]);
                        let mut all = stoch.clone();
                        let expected_s: Vec<[f64; 2]> = (0..60).map(|i| run(&mut all, i)).collect();
                        let flat = |v: &[[f64; 2]]| v.iter().flatten().copied().collect::<Vec<_>>();
                        for split in [0, 1, 3, 7, 20, 45, 60] {
                            let mut first = stoch.clone();
                            let mut out: Vec<[f64; 2]> =
                                (0..split).map(|i| run(&mut first, i)).collect();
                            let mut second = stoch.clone();
                            second.restore(&first.state()).unwrap();
                            out.extend((split..60).map(|i| run(&mut second, i)));
                            assert!(same(&flat(&out), &flat(&expected_s)), "stoch split {split}");
                        }
                        all.reset();
                        let again: Vec<[f64; 2]> = (0..60).map(|i| run(&mut all, i)).collect();
                        assert!(same(&flat(&again), &flat(&expected_s)));
                    }
                }
                whole.reset();
                whole_a.reset();
                let again: Vec<f64> = (0..60).map(|i| run_w(&mut whole, i)).collect();
                let again_a: Vec<f64> = (0..60).map(|i| run_a(&mut whole_a, i)).collect();
                assert!(same(&again, &expected) && same(&again_a, &expected_a));
            }
        }
        let mut long = Willr::new(5, P).unwrap();
        for i in 0..12 {
            long.update(h[i + 1], l[i + 1], c[i + 1]);
        }
        let mut short = Willr::new(2, P).unwrap();
        assert!(matches!(
            short.restore(&long.state()),
            Err(IndicatorError::InvalidState { .. })
        ));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            Willr::new(1, P),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
        assert!(matches!(
            Adx::new(1, P),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
        assert!(matches!(
            MaType::from_code(2, "slowk_matype"),
            Err(IndicatorError::ParameterOutOfRange {
                name: "slowk_matype",
                ..
            })
        ));
        assert!(matches!(
            stoch(&[1.0], &[1.0, 2.0], &[1.0], 1, 1, StochParams::default(), P),
            Err(IndicatorError::ShapeMismatch { name: "low", .. })
        ));
        assert!(matches!(
            adx(&[1.0], &[1.0], &[f64::INFINITY], 1, 1, 2, P),
            Err(IndicatorError::NonFinite { name: "close", .. })
        ));
    }

    /// The batch WILLR (blocks read from the series) against the state machine, bit for bit:
    /// lengths around the period, leading bars with a NaN (one hiding an infinity), NaNs
    /// first and last in a block, inf anywhere, and Skip (the state machine's path).
    #[test]
    fn willr_batch_equals_the_state_machine() {
        let streamed = |h: &[f64], l: &[f64], c: &[f64], period: usize, policy: NanPolicy| {
            let mut state = Willr::new(period, policy).unwrap();
            (0..c.len())
                .map(|i| state.update(h[i], l[i], c[i]))
                .collect::<Vec<f64>>()
        };
        let close = rustybt_bench_data::prices(150, 12);
        let high: Vec<f64> = close.iter().map(|c| c * 1.01).collect();
        let low: Vec<f64> = close.iter().map(|c| c * 0.99).collect();
        for period in [2, 3, 14] {
            for len in [0, 1, period - 1, period, period + 1, 2 * period + 1, 150] {
                let (h, l, c) = (&high[..len], &low[..len], &close[..len]);
                let batch = willr(h, l, c, len, 1, period, P).unwrap();
                assert!(
                    same(&batch, &streamed(h, l, c, period, P)),
                    "{period} {len}"
                );
            }
            let (mut h, mut l, mut c) = (high.clone(), low.clone(), close.clone());
            h[0] = NAN;
            c[1] = NAN;
            l[2 + period] = NAN;
            c[1 + 3 * period] = NAN;
            h[90] = NAN;
            for policy in [P, NanPolicy::Skip] {
                let out = willr(&h, &l, &c, 150, 1, period, policy).unwrap();
                assert!(
                    same(&out, &streamed(&h, &l, &c, period, policy)),
                    "{period}"
                );
            }
            let mut hidden = l.clone();
            hidden[1] = f64::INFINITY; // beside the NaN close of a skipped leading bar
            assert!(matches!(
                willr(&h, &hidden, &c, 150, 1, period, P),
                Err(IndicatorError::NonFinite {
                    name: "low",
                    index: 1,
                    ..
                })
            ));
            for at in [0, period, 149] {
                let mut bad = close.clone();
                bad[at] = f64::NEG_INFINITY;
                assert!(matches!(
                    willr(&high, &low, &bad, 150, 1, period, NanPolicy::Skip),
                    Err(IndicatorError::NonFinite { name: "close", index, .. }) if index == at
                ));
            }
        }
    }

    /// The one-series paths check finiteness during the sweep: the error is still the first
    /// infinity of the first input holding one (in the order high, low, close), as the
    /// separate check of the matrix path reports it, NaNs and all.
    #[test]
    fn series_paths_report_infinities_as_the_matrix_path() {
        let close = rustybt_bench_data::prices(60, 5);
        let high: Vec<f64> = close.iter().map(|c| c * 1.01).collect();
        let low: Vec<f64> = close.iter().map(|c| c * 0.99).collect();
        let params = StochParams::default();
        let (mut h, mut l, mut c) = (high.clone(), low.clone(), close.clone());
        c[2] = f64::INFINITY;
        l[5] = f64::NEG_INFINITY;
        l[1] = f64::NAN;
        h[40] = f64::INFINITY;
        h[50] = f64::NEG_INFINITY;
        let first_high = |e: &IndicatorError| {
            matches!(
                e,
                IndicatorError::NonFinite {
                    name: "high",
                    index: 40,
                    ..
                }
            )
        };
        assert!(first_high(
            &stoch(&h, &l, &c, 60, 1, params, P).unwrap_err()
        ));
        assert!(first_high(&willr(&h, &l, &c, 60, 1, 14, P).unwrap_err()));
        assert!(first_high(&adx(&h, &l, &c, 60, 1, 14, P).unwrap_err()));
        assert!(matches!(
            stoch(&high, &l, &c, 60, 1, params, NanPolicy::Skip),
            Err(IndicatorError::NonFinite {
                name: "low",
                index: 5,
                ..
            })
        ));
        // Without infinities the one-series path equals a column of the matrix path.
        let twice = |v: &[f64]| -> Vec<f64> { v.iter().flat_map(|&x| [x, x]).collect() };
        let mut nan_close = close.clone();
        nan_close[30] = f64::NAN;
        let [k, d] = stoch(&high, &low, &nan_close, 60, 1, params, P).unwrap();
        let [k2, d2] = stoch(
            &twice(&high),
            &twice(&low),
            &twice(&nan_close),
            60,
            2,
            params,
            P,
        )
        .unwrap();
        let first = |m: &[f64]| -> Vec<f64> { m.chunks(2).map(|r| r[0]).collect() };
        assert!(same(&k, &first(&k2)) && same(&d, &first(&d2)));
    }
}
