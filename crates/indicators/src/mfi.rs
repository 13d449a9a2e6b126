//! Money flow index, as TA-Lib 0.8 computes it (`MFI`): one streaming state machine fed a bar
//! (high, low, close, volume) at a time.
//!
//! Conventions found by probing `talib` 0.8.2 and kept exactly, NaN included:
//! - a bar whose typical price moved by `|tp - prev_tp| <= 1e-14 * (|tp| + |prev_tp|)` carries
//!   no money flow (TA-Lib's `TA_IS_ZERO_SCALED` dead zone); a bar whose typical price did not
//!   fall counts as positive flow, one whose price fell as negative flow;
//! - once `period` bars in a row carried no money flow (no move, or no volume), both running
//!   sums are reset to exactly 0, dropping the residue of the sliding sums (and, under
//!   `Propagate`, a NaN they held);
//! - the output is `100 * (positive / (positive + negative))`, the numerator clamped to
//!   `[0, positive + negative]`, and 0 when that total is `<= 0` (a window without money flow).

use crate::bars::{passes_over, run_bars, BarStateMachine};
use crate::inputs::check_length;
use crate::{IndicatorError, NanPolicy};

/// TA-Lib 0.8's `TA_EPSILON`, the relative width of the dead zone.
const EPSILON: f64 = 1e-14;

/// Streaming money flow index (TA-Lib 0.8's `MFI`). With the typical price
/// `tp = (high + low + close) / 3` and the money flow `tp * volume`, the flows of the last
/// `period` bars are summed by direction of the typical price, as the positive and negative
/// money flow, in running sums (the oldest flow subtracted, the newest added, in TA-Lib's order);
/// the output is `100 * positive / (positive + negative)` (see the module docs for the dead zone,
/// the reset of the sums and the clamp). The first bar only sets the typical price, so the first
/// output is at bar `period`. O(1) per bar.
///
/// Under `Propagate` (TA-Lib's arithmetic), a NaN inside the series gives a NaN money flow that
/// poisons the sums (the output is NaN) until `period` bars in a row without money flow reset
/// them, unless the NaN is in a volume whose bar did not move (no money flow); under `Skip`, a
/// bar with a NaN is NaN and left out.
///
/// # Examples
/// ```
/// use rustybt_indicators::{Mfi, NanPolicy};
/// let mut mfi = Mfi::new(2, NanPolicy::Propagate)?;
/// assert!(mfi.update(3.0, 1.0, 2.0, 10.0).is_nan()); // tp 2
/// assert!(mfi.update(4.0, 2.0, 3.0, 10.0).is_nan()); // tp 3, up: +30
/// assert_eq!(mfi.update(3.0, 1.0, 2.0, 5.0), 75.0); // tp 2, down: -10; 30 / 40
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Mfi {
    period: usize,
    nan_policy: NanPolicy,
    started: bool,
    previous_typical: f64,
    /// The last `period` positive and negative flows in rings; `slot` is the next to write (the
    /// oldest once full). Allocated as bars arrive, so a huge period on a short series costs
    /// nothing.
    positive: Vec<f64>,
    negative: Vec<f64>,
    slot: usize,
    positive_sum: f64,
    negative_sum: f64,
    /// Bars in a row without money flow, up to `period`.
    null_run: usize,
}

impl Mfi {
    /// A money flow index over `period` bars.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` < 2 (as TA-Lib).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_length("period", period, 2)?;
        Ok(Self {
            period,
            nan_policy,
            started: false,
            previous_typical: f64::NAN,
            positive: Vec::new(),
            negative: Vec::new(),
            slot: 0,
            positive_sum: 0.0,
            negative_sum: 0.0,
            null_run: 0,
        })
    }

    /// Feeds one bar; NaN through the warm-up of `period` bars.
    #[inline(always)]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        if passes_over(&[high, low, close, volume], self.started, self.nan_policy) {
            return f64::NAN;
        }
        let typical = (high + low + close) / 3.0;
        if !self.started {
            self.started = true;
            self.previous_typical = typical;
            return f64::NAN;
        }
        let full = self.positive.len() == self.period;
        if full {
            self.positive_sum -= self.positive[self.slot];
            self.negative_sum -= self.negative[self.slot];
        }
        let change = typical - self.previous_typical;
        let scale = typical.abs() + self.previous_typical.abs();
        self.previous_typical = typical;
        // NaN compares false: a NaN change is not in the dead zone, its NaN flow counts as positive
        let money_flow = if change.abs() <= EPSILON * scale {
            0.0
        } else {
            typical * volume
        };
        let (positive, negative) = if change < 0.0 {
            (0.0, money_flow)
        } else {
            (money_flow, 0.0)
        };
        if full {
            self.positive[self.slot] = positive;
            self.negative[self.slot] = negative;
        } else {
            self.positive.push(positive);
            self.negative.push(negative);
        }
        self.positive_sum += positive;
        self.negative_sum += negative;
        self.null_run = if money_flow == 0.0 {
            self.null_run + 1
        } else {
            0
        };
        if self.null_run >= self.period {
            self.null_run = self.period;
            self.positive_sum = 0.0;
            self.negative_sum = 0.0;
        }
        self.slot += 1;
        if self.slot == self.period {
            self.slot = 0;
        }
        if self.positive.len() < self.period {
            return f64::NAN;
        }
        let total = self.positive_sum + self.negative_sum;
        // TA-Lib's clamp, in its order of comparisons (NaN passes through both)
        let clamped = if self.positive_sum < 0.0 {
            0.0
        } else if self.positive_sum > total {
            total
        } else {
            self.positive_sum
        };
        if total <= 0.0 {
            0.0
        } else {
            100.0 * (clamped / total)
        }
    }

    /// Forgets all bars seen.
    pub fn reset(&mut self) {
        self.started = false;
        self.previous_typical = f64::NAN;
        self.positive.clear();
        self.negative.clear();
        self.slot = 0;
        self.positive_sum = 0.0;
        self.negative_sum = 0.0;
        self.null_run = 0;
    }
}

impl BarStateMachine<4> for Mfi {
    #[inline(always)]
    fn update(&mut self, [h, l, c, v]: [f64; 4]) -> f64 {
        Mfi::update(self, h, l, c, v)
    }
}

/// Money flow index (TA-Lib's `MFI`); see [`Mfi`]. `high`, `low`, `close` and `volume` are
/// `rows x cols` row-major matrices (time x assets), or 1-D series with `cols == 1`; large
/// matrices run in parallel column blocks, with the serial results.
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` < 2.
/// - [`IndicatorError::ShapeMismatch`] if an input does not hold `rows * cols` values.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{mfi, NanPolicy};
/// let (h, l, c, v) = ([3.0, 4.0, 3.0], [1.0, 2.0, 1.0], [2.0, 3.0, 2.0], [10.0, 10.0, 5.0]);
/// let out = mfi(&h, &l, &c, &v, 3, 1, 2, NanPolicy::Propagate)?;
/// assert!(out[1].is_nan());
/// assert_eq!(out[2], 75.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn mfi(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_bars(
        &Mfi::new(period, nan_policy)?,
        [
            ("high", high),
            ("low", low),
            ("close", close),
            ("volume", volume),
        ],
        rows,
        cols,
    )
}

/// Leading NaN outputs of [`mfi`] for data without NaN: `period` (the first bar only sets the
/// typical price).
///
/// # Examples
/// ```
/// use rustybt_indicators::mfi_lookback;
/// assert_eq!(mfi_lookback(14), 14);
/// ```
pub fn mfi_lookback(period: usize) -> usize {
    period
}

impl crate::Snapshot for Mfi {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.push(self.previous_typical);
        crate::snapshot::save_count(out, self.slot);
        // The rings as stored (slot order), so `slot` keeps its meaning.
        crate::snapshot::save_window(out, self.positive.iter());
        crate::snapshot::save_window(out, self.negative.iter());
        out.extend([self.positive_sum, self.negative_sum]);
        crate::snapshot::save_count(out, self.null_run);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.previous_typical = saved.float()?;
        self.slot = saved.count(self.period - 1)?;
        let mut ring = std::collections::VecDeque::new();
        saved.window(&mut ring, self.period)?;
        self.positive = ring.drain(..).collect();
        saved.window(&mut ring, self.period)?;
        self.negative = ring.into();
        self.positive_sum = saved.float()?;
        self.negative_sum = saved.float()?;
        self.null_run = saved.count(self.period)?;
        let len = self.positive.len();
        if len != self.negative.len() || (len < self.period && self.slot != len) {
            return Err(IndicatorError::InvalidState {
                reason: "the money flow rings and their position disagree",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;
    const S: NanPolicy = NanPolicy::Skip;

    fn bars(n: usize) -> [Vec<f64>; 4] {
        let close = rustybt_bench_data::prices(n, 2);
        let spread = rustybt_bench_data::prices(n, 3);
        let high = close.iter().zip(&spread).map(|(c, s)| c + s / 100.0);
        let low = close.iter().zip(&spread).map(|(c, s)| c - s / 200.0);
        let volume = spread.iter().map(|s| s * 10.0).collect();
        [high.collect(), low.collect(), close, volume]
    }

    /// The index recomputed from its definition over each window (no running sums, no reset).
    fn direct(data: &[Vec<f64>; 4], period: usize) -> Vec<f64> {
        let [h, l, c, v] = data;
        let tp: Vec<f64> = (0..h.len()).map(|i| (h[i] + l[i] + c[i]) / 3.0).collect();
        (0..h.len())
            .map(|i| {
                if i < period {
                    return NAN;
                }
                let (mut up, mut down) = (0.0, 0.0);
                for j in i + 1 - period..=i {
                    let flow = tp[j] * v[j];
                    if tp[j] > tp[j - 1] {
                        up += flow;
                    } else if tp[j] < tp[j - 1] {
                        down += flow;
                    }
                }
                if up + down <= 0.0 {
                    0.0
                } else {
                    100.0 * up / (up + down)
                }
            })
            .collect()
    }

    fn run(data: &[Vec<f64>; 4], period: usize, policy: NanPolicy) -> Vec<f64> {
        let [h, l, c, v] = data;
        mfi(h, l, c, v, h.len(), 1, period, policy).unwrap()
    }

    #[test]
    fn equals_the_definition() {
        let data = bars(500);
        for period in [2, 3, 14, 50] {
            let got = run(&data, period, P);
            let expected = direct(&data, period);
            assert_eq!(got.iter().filter(|v| v.is_nan()).count(), period);
            for (a, b) in got.iter().zip(&expected).skip(period) {
                assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn hand_computed_and_edges() {
        let h = [3.0, 4.0, 3.0, 3.0, 3.0];
        let l = [1.0, 2.0, 1.0, 1.0, 1.0];
        let c = [2.0, 3.0, 2.0, 2.0, 2.0];
        let v = [10.0, 10.0, 5.0, 7.0, 7.0];
        // flows +30, -10, then two bars without a move: the sums reset to 0 after two of them
        let out = mfi(&h, &l, &c, &v, 5, 1, 2, P).unwrap();
        assert!(same(&out, &[NAN, NAN, 75.0, 0.0, 0.0]));
        let flat = [7.0; 10];
        assert!(same(
            &mfi(&flat, &flat, &flat, &flat, 10, 1, 3, P).unwrap()[3..],
            &[0.0; 7]
        ));
        assert!(mfi(&[], &[], &[], &[], 0, 1, 14, P).unwrap().is_empty());
        assert!(run(&bars(10), 20, P).iter().all(|v| v.is_nan()));
        assert_eq!(mfi_lookback(14), 14);
    }

    #[test]
    fn nan_policies() {
        let mut data = bars(200);
        data[0][50] = NAN;
        // propagate: the NaN flow poisons the sums for as long as nothing resets them
        let poisoned = run(&data, 5, P);
        assert!(poisoned[50..].iter().all(|v| v.is_nan()));
        // leading NaN bars are passed over under both policies
        let mut lead = bars(60);
        lead[3][0] = NAN;
        let tail: [Vec<f64>; 4] = std::array::from_fn(|k| lead[k][1..].to_vec());
        for policy in [P, S] {
            let out = run(&lead, 5, policy);
            assert!(out[0].is_nan());
            assert!(same(&out[1..], &run(&tail, 5, policy)));
        }
        // skip: the series without its NaN bar
        let keep: Vec<usize> = (0..200).filter(|&i| i != 50).collect();
        let kept: [Vec<f64>; 4] =
            std::array::from_fn(|k| keep.iter().map(|&i| data[k][i]).collect());
        let skipped = run(&data, 5, S);
        assert!(skipped[50].is_nan());
        let picked: Vec<f64> = keep.iter().map(|&i| skipped[i]).collect();
        assert!(same(&picked, &run(&kept, 5, S)));
    }

    #[test]
    fn a_run_without_money_flow_clears_a_nan() {
        let n = 30;
        let mut data = bars(n);
        data[1][10] = NAN;
        // bars 11..20 repeat bar 9's high, low and close: no move from bar 12 on
        for series in data.iter_mut().take(3) {
            let flat = series[9];
            series[11..20].fill(flat);
        }
        let out = run(&data, 3, P);
        assert!(out[10].is_nan());
        // bars 12.. have no move; three of them reset the sums to 0
        assert!(out[11..14].iter().all(|v| v.is_nan()));
        assert!(out[14..20].iter().all(|&v| v == 0.0));
        assert!(!out[21].is_nan());
    }

    #[test]
    fn columns_equal_separate_series() {
        let rows = 400;
        let cols = 97;
        let data = bars(rows);
        let matrix: [Vec<f64>; 4] = std::array::from_fn(|k| {
            (0..rows * cols)
                .map(|i| data[k][i / cols] * (1.0 + (i % cols) as f64 / 100.0))
                .collect()
        });
        let [h, l, c, v] = &matrix;
        let out = mfi(h, l, c, v, rows, cols, 14, P).unwrap();
        let column =
            |m: &[f64], j: usize| -> Vec<f64> { m.iter().skip(j).step_by(cols).copied().collect() };
        for j in [0, 1, 50, 96] {
            let one: [Vec<f64>; 4] = std::array::from_fn(|k| column(&matrix[k], j));
            assert!(same(&column(&out, j), &run(&one, 14, P)));
        }
    }

    #[test]
    fn reset_starts_over() {
        let data = bars(100);
        let mut state = Mfi::new(7, P).unwrap();
        let first: Vec<f64> = (0..100)
            .map(|i| state.update(data[0][i], data[1][i], data[2][i], data[3][i]))
            .collect();
        assert!(same(&first, &run(&data, 7, P)));
        state.reset();
        let again: Vec<f64> = (0..100)
            .map(|i| state.update(data[0][i], data[1][i], data[2][i], data[3][i]))
            .collect();
        assert!(same(&again, &run(&data, 7, P)));
    }

    #[test]
    fn snapshots_round_trip_at_every_split() {
        use crate::Snapshot;
        let mut data = bars(40);
        data[2][0] = NAN;
        data[0][15] = NAN;
        for policy in [P, S] {
            let fresh = Mfi::new(4, policy).unwrap();
            let mut whole = fresh.clone();
            let bar =
                |s: &mut Mfi, i: usize| s.update(data[0][i], data[1][i], data[2][i], data[3][i]);
            let expected: Vec<f64> = (0..40).map(|i| bar(&mut whole, i)).collect();
            for split in 0..=40 {
                let mut first = fresh.clone();
                let mut out: Vec<f64> = (0..split).map(|i| bar(&mut first, i)).collect();
                let mut second = fresh.clone();
                second.restore(&first.state()).unwrap();
                out.extend((split..40).map(|i| bar(&mut second, i)));
                assert!(same(&out, &expected), "split at {split}");
            }
        }
        let mut short = Mfi::new(2, P).unwrap();
        let mut long = Mfi::new(5, P).unwrap();
        for (&h, &l) in data[0].iter().zip(&data[1]).take(5) {
            long.update(h, l, 1.0, 1.0);
        }
        assert!(matches!(
            short.restore(&long.state()),
            Err(IndicatorError::InvalidState { .. })
        ));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            Mfi::new(1, P),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
        let one = [1.0];
        assert!(matches!(
            mfi(&one, &one, &one, &[1.0, 2.0], 1, 1, 2, P),
            Err(IndicatorError::ShapeMismatch { name: "volume", .. })
        ));
        assert!(matches!(
            mfi(&one, &one, &one, &[f64::INFINITY], 1, 1, 2, P),
            Err(IndicatorError::NonFinite { name: "volume", .. })
        ));
    }
}
