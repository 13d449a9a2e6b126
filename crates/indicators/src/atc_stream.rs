//! The ATC pipeline bar by bar, for live use: [`AtcStream`].
//!
//! Each of the 54 moving averages is a state machine that performs, bar for bar, the very
//! operations of its batch kernel (`atc_ma.rs`, and `atc.rs` for the KAMA, including its re-sum
//! schedule), and the layers repeat the batch pipeline's per-bar arithmetic, so a stream fed a
//! prefix gives the batch pipeline's values on that prefix bit for bit (ATC specification 12:
//! with `cutout = 0` the pipeline is causal).

use std::collections::VecDeque;

use crate::atc::{two_sum, window_noise, ATC_KAMA_FAST, ATC_KAMA_SLOW};
use crate::atc_ma::{Exact, LsmaAt, WindowSums, PANDAS_TA_DEFAULT_LENGTH};
use crate::atc_pipeline::{equity_step, round2, signed_return, ATC_EQUITY_FLOOR};
use crate::ema::EmaSeed;
use crate::{AtcParams, IndicatorError};

/// The ATC EMA with an SMA seed, one value at a time.
#[derive(Debug, Clone)]
struct EmaState {
    length: usize,
    seed: EmaSeed,
    alpha: f64,
    count: usize,
    sum: f64,
    y: f64,
}

impl EmaState {
    fn new(length: usize, seed: EmaSeed) -> Self {
        Self {
            length,
            seed,
            alpha: 2.0 / (length as f64 + 1.0),
            count: 0,
            sum: 0.0,
            y: f64::NAN,
        }
    }

    fn update(&mut self, x: f64) -> f64 {
        if self.length == 1 {
            return x;
        }
        if self.seed == EmaSeed::First && self.count == 0 {
            self.count = self.length;
            self.y = x;
            return x;
        }
        if self.count < self.length {
            self.sum += x;
            self.count += 1;
            if self.count < self.length {
                return f64::NAN;
            }
            self.y = self.sum / self.length as f64;
            return self.y;
        }
        self.y = (x - self.y) * self.alpha + self.y;
        self.y
    }
}

/// The pandas_ta DEMA, one value at a time.
#[derive(Debug, Clone)]
struct DemaState {
    e1: EmaState,
    e2: f64,
}

impl DemaState {
    fn update(&mut self, x: f64) -> f64 {
        let v = self.e1.update(x);
        if v.is_nan() {
            return f64::NAN;
        }
        self.e2 = if self.e2.is_nan() || self.e1.length == 1 {
            v
        } else {
            (v - self.e2) * self.e1.alpha + self.e2
        };
        2.0 * v - self.e2
    }
}

/// Window sums fed one value at a time, as `WindowSums::first` then `slide` do.
#[derive(Debug, Clone)]
struct SlidingSums {
    window: VecDeque<f64>,
    sums: WindowSums,
}

impl SlidingSums {
    fn new(length: usize) -> Self {
        Self {
            window: VecDeque::new(),
            sums: WindowSums {
                length,
                plain: Exact::default(),
                weighted: Exact::default(),
            },
        }
    }

    /// Whether the window is full after taking `x`.
    fn push(&mut self, x: f64) -> bool {
        let length = self.sums.length;
        if self.window.len() < length {
            self.sums.plain.add(x);
            self.sums
                .weighted
                .add_product((self.window.len() + 1) as f64, x);
            self.window.push_back(x);
            return self.window.len() == length;
        }
        let outgoing = self.window.pop_front().unwrap_or(f64::NAN);
        self.sums.slide(outgoing, x);
        self.window.push_back(x);
        true
    }
}

#[derive(Debug, Clone)]
struct WmaState {
    sliding: SlidingSums,
    divider: f64,
}

impl WmaState {
    fn new(length: usize) -> Self {
        Self {
            sliding: SlidingSums::new(length),
            divider: (length * (length + 1) / 2) as f64,
        }
    }

    fn update(&mut self, x: f64) -> f64 {
        if self.sliding.push(x) {
            self.sliding.sums.weighted.hi / self.divider
        } else {
            f64::NAN
        }
    }
}

#[derive(Debug, Clone)]
struct HmaState {
    fast: WmaState,
    slow: WmaState,
    root: WmaState,
    start: usize,
    bar: usize,
}

impl HmaState {
    fn new(length: usize) -> Self {
        let half = match length / 2 {
            0 => PANDAS_TA_DEFAULT_LENGTH,
            h => h,
        };
        let root = (length as f64).sqrt().floor() as usize;
        Self {
            fast: WmaState::new(half),
            slow: WmaState::new(length),
            root: WmaState::new(root),
            start: half.max(length) - 1,
            bar: 0,
        }
    }

    fn update(&mut self, x: f64) -> f64 {
        let fast = self.fast.update(x);
        let slow = self.slow.update(x);
        let bar = self.bar;
        self.bar += 1;
        if bar < self.start {
            return f64::NAN;
        }
        self.root.update(2.0 * fast - slow)
    }
}

#[derive(Debug, Clone)]
struct LsmaState {
    sliding: SlidingSums,
    at: LsmaAt,
}

impl LsmaState {
    fn update(&mut self, x: f64) -> f64 {
        let length = self.sliding.sums.length;
        if !self.sliding.push(x) || length < 2 {
            return f64::NAN;
        }
        // The same expressions as `lsma_into`.
        let l = length as f64;
        let sx = l * (l + 1.0) / 2.0;
        let sxx = sx * (2.0 * l + 1.0) / 3.0;
        let divisor = l * sxx - sx * sx;
        let (sy, sxy) = (self.sliding.sums.plain.hi, self.sliding.sums.weighted.hi);
        let slope = (l * sxy - sx * sy) / divisor;
        let intercept = (sy * sxx - sx * sxy) / divisor;
        let position = match self.at {
            LsmaAt::Penultimate => l - 1.0,
            LsmaAt::Last => l,
        };
        slope * position + intercept
    }
}

/// The ATC KAMA as `atc::kama_loop` computes it on finite prices, re-sum schedule included.
#[derive(Debug, Clone)]
struct KamaState {
    length: usize,
    /// The last `length + 2` prices, oldest first.
    history: VecDeque<f64>,
    bar: usize,
    kama: f64,
    sum: f64,
    compensation: f64,
    resum_every: usize,
    until_resum: usize,
}

impl KamaState {
    fn new(length: usize) -> Self {
        let resum_every = length.saturating_mul(4).max(1024);
        Self {
            length,
            history: VecDeque::new(),
            bar: 0,
            kama: f64::NAN,
            sum: 0.0,
            compensation: 0.0,
            resum_every,
            until_resum: resum_every,
        }
    }

    /// The noise of the last `length` moves, summed afresh as `window_noise` does.
    fn resum(&mut self) {
        let p: &[f64] = self.history.make_contiguous();
        let end = p.len() - 1;
        let (sum, compensation, _) = window_noise(p, end, self.length);
        self.sum = sum;
        self.compensation = compensation;
    }

    fn update(&mut self, x: f64) -> f64 {
        let (i, length) = (self.bar, self.length);
        self.bar += 1;
        self.history.push_back(x);
        if self.history.len() > length + 2 {
            self.history.pop_front();
        }
        if i == 0 {
            self.kama = x;
        }
        if i < length {
            return self.kama;
        }
        if i == length {
            self.resum();
        } else {
            self.until_resum -= 1;
            if self.until_resum == 0 {
                self.until_resum = self.resum_every;
                self.resum();
            } else {
                let h = self.history.len();
                let incoming = (self.history[h - 1] - self.history[h - 2]).abs();
                let outgoing = (self.history[h - 1 - length] - self.history[h - 2 - length]).abs();
                let (delta, e1) = two_sum(incoming, -outgoing);
                let (s, e2) = two_sum(self.sum, delta);
                self.sum = s;
                self.compensation += e1 + e2;
            }
        }
        let h = self.history.len();
        let noise = self.sum + self.compensation;
        let signal = (x - self.history[h - 1 - length]).abs();
        let ratio = if noise == 0.0 { 0.0 } else { signal / noise };
        let smoothing = ratio * (ATC_KAMA_FAST - ATC_KAMA_SLOW) + ATC_KAMA_SLOW;
        let sc = smoothing * smoothing;
        self.kama += sc * (x - self.kama);
        self.kama
    }
}

#[derive(Debug, Clone)]
enum Average {
    Ema(EmaState),
    Hma(HmaState),
    Wma(WmaState),
    Dema(DemaState),
    Lsma(LsmaState),
    Kama(KamaState),
}

impl Average {
    fn new(family: usize, length: usize, params: &AtcParams) -> Self {
        match family {
            0 => Average::Ema(EmaState::new(length, params.ema_seed)),
            1 => Average::Hma(HmaState::new(length)),
            2 => Average::Wma(WmaState::new(length)),
            3 => Average::Dema(DemaState {
                e1: EmaState::new(length, params.ema_seed),
                e2: f64::NAN,
            }),
            4 => Average::Lsma(LsmaState {
                sliding: SlidingSums::new(length),
                at: params.lsma_at,
            }),
            _ => Average::Kama(KamaState::new(length)),
        }
    }

    fn update(&mut self, x: f64) -> f64 {
        match self {
            Average::Ema(s) => s.update(x),
            Average::Hma(s) => s.update(x),
            Average::Wma(s) => s.update(x),
            Average::Dema(s) => s.update(x),
            Average::Lsma(s) => s.update(x),
            Average::Kama(s) => s.update(x),
        }
    }
}

/// The 13 outputs of one bar, as [`crate::AtcSignals`] holds them per series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtcBar {
    /// `{T}_Signal` per family, in [`crate::ATC_FAMILIES`] order.
    pub signals: [f64; 6],
    /// `{T}_S` per family.
    pub equities: [f64; 6],
    /// `Average_Signal` (shifted one bar under `strategy_mode`).
    pub average: f64,
}

/// The ATC pipeline fed one bar at a time: [`AtcStream::update`] returns the new bar's 13
/// outputs, equal bit for bit to [`crate::compute_atc_signals`] on the prefix seen so far
/// (`cutout` must be 0). The stream has no minimum length: the batch pipeline refuses series
/// shorter than the longest non-KAMA length, but being causal, its values on any longer series
/// start with the stream's first bars.
///
/// # Examples
/// ```
/// use rustybt_indicators::{compute_atc_signals, AtcParams, AtcStream};
/// let prices = rustybt_bench_data::prices(300, 5);
/// let mut stream = AtcStream::new(&AtcParams::default())?;
/// let bars: Vec<_> = prices.iter().map(|&p| stream.update(p, None)).collect::<Result<_, _>>()?;
/// let batch = compute_atc_signals(&prices, None, &AtcParams::default())?;
/// assert_eq!(bars[299].average, batch.average[299]);
/// assert_eq!(bars[150].equities[2], batch.equities[2][150]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct AtcStream {
    params: AtcParams,
    averages: Vec<Average>,
    previous_averages: Vec<f64>,
    previous_price: f64,
    bar: usize,
    state: Vec<i8>,
    equity: Vec<f64>,
    family_equity: [f64; 6],
    previous_signal: [f64; 6],
    previous_average: f64,
    lambda: f64,
    keep: f64,
}

impl AtcStream {
    /// A stream with `params` (the series-independent checks of
    /// [`crate::compute_atc_signals`]).
    ///
    /// # Errors
    /// - [`IndicatorError::InvalidPeriod`] for a base length <= o4 of the robustness.
    /// - [`IndicatorError::ParameterOutOfRange`] for a non-finite `La` or weight, `De` outside
    ///   [0, 100], or a `cutout` other than 0 (a stream has no leading bars to drop).
    pub fn new(params: &AtcParams) -> Result<Self, IndicatorError> {
        let lengths = params.checked_parameters()?;
        if params.cutout != 0 {
            return Err(IndicatorError::ParameterOutOfRange {
                name: "cutout",
                accepted: "0 in a stream",
                value: params.cutout as f64,
            });
        }
        let mut averages = Vec::with_capacity(54);
        for (t, family) in lengths.iter().enumerate() {
            for &length in family {
                averages.push(Average::new(t, length, params));
            }
        }
        let family_equity = params.weights.map(|w| {
            if w < ATC_EQUITY_FLOOR {
                ATC_EQUITY_FLOOR
            } else {
                w
            }
        });
        Ok(Self {
            params: *params,
            averages,
            previous_averages: vec![f64::NAN; 54],
            previous_price: f64::NAN,
            bar: 0,
            state: vec![0; 54],
            equity: vec![1.0; 54],
            family_equity,
            previous_signal: [0.0; 6],
            previous_average: 0.0,
            lambda: params.la / 1000.0,
            keep: 1.0 - params.de / 100.0,
        })
    }

    /// Bars taken so far.
    pub fn bars(&self) -> usize {
        self.bar
    }

    /// Takes the next close (and the next moving-average source value, `None` for the close)
    /// and returns the bar's outputs.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidValue`] for a price that is not finite and > 0, or a non-finite
    /// source value; the stream is left unchanged.
    pub fn update(&mut self, price: f64, src: Option<f64>) -> Result<AtcBar, IndicatorError> {
        let index = self.bar;
        if !(price.is_finite() && price > 0.0) {
            return Err(IndicatorError::InvalidValue {
                name: "prices",
                index,
                value: price,
                accepted: "finite and > 0",
            });
        }
        let source = src.unwrap_or(price);
        if !source.is_finite() {
            return Err(IndicatorError::InvalidValue {
                name: "src",
                index,
                value: source,
                accepted: "finite",
            });
        }
        let i = self.bar;
        self.bar += 1;
        let r = if i == 0 {
            f64::NAN
        } else {
            let mut growth = std::f64::consts::E.powf(self.lambda * i as f64);
            if growth == f64::INFINITY {
                growth = f64::MAX;
            }
            (price / self.previous_price - 1.0) * growth
        };
        let mut out = AtcBar {
            signals: [0.0; 6],
            equities: [0.0; 6],
            average: 0.0,
        };
        for t in 0..6 {
            let (mut nominator, mut denominator) = (0.0, 0.0);
            for k in 0..9 {
                let c = t * 9 + k;
                let ma = self.averages[c].update(source);
                if i > 0 {
                    let a = signed_return(f64::from(self.state[c]), r);
                    self.equity[c] = equity_step(self.equity[c], self.keep, a);
                    let previous = self.previous_averages[c];
                    let up = price > ma && self.previous_price <= previous;
                    let down = price < ma && self.previous_price >= previous;
                    if up {
                        self.state[c] = 1;
                    } else if down {
                        self.state[c] = -1;
                    }
                }
                self.previous_averages[c] = ma;
                nominator += f64::from(self.state[c]) * self.equity[c];
                denominator += self.equity[c];
            }
            let q = nominator / denominator;
            let signal = if q.is_finite() { round2(q) } else { f64::NAN };
            if i > 0 {
                let a = signed_return(self.previous_signal[t], r);
                self.family_equity[t] = equity_step(self.family_equity[t], self.keep, a);
            }
            self.previous_signal[t] = signal;
            out.signals[t] = signal;
            out.equities[t] = self.family_equity[t];
        }
        let (mut nominator, mut denominator) = (0.0, 0.0);
        for t in 0..6 {
            let s = out.signals[t];
            let vote = if s > self.params.long_threshold {
                1.0
            } else if s < self.params.short_threshold {
                -1.0
            } else {
                0.0
            };
            nominator += vote * out.equities[t];
            denominator += out.equities[t];
        }
        let value = nominator / denominator;
        let average = if value.is_finite() { value } else { 0.0 };
        out.average = if self.params.strategy_mode {
            std::mem::replace(&mut self.previous_average, average)
        } else {
            average
        };
        self.previous_price = price;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compute_atc_signals, Robustness};

    fn check(prices: &[f64], params: &AtcParams) {
        let batch = compute_atc_signals(prices, None, params).unwrap();
        let mut stream = AtcStream::new(params).unwrap();
        for (i, &p) in prices.iter().enumerate() {
            let bar = stream.update(p, None).unwrap();
            for t in 0..6 {
                assert_eq!(bar.signals[t].to_bits(), batch.signals[t][i].to_bits());
                assert_eq!(bar.equities[t].to_bits(), batch.equities[t][i].to_bits());
            }
            assert_eq!(bar.average.to_bits(), batch.average[i].to_bits(), "bar {i}");
        }
    }

    #[test]
    fn the_stream_is_the_batch_pipeline() {
        // 3,000 bars: past KAMA's first re-sum (every 1,024 bars at these lengths).
        let prices = rustybt_bench_data::prices(3_000, 9);
        check(&prices, &AtcParams::default());
        for robustness in [Robustness::Narrow, Robustness::Wide] {
            let params = AtcParams {
                robustness,
                lengths: [9, 12, 8, 10, 9, 8],
                weights: [0.1, 1.0, 2.0, 0.5, 1.0, 1.0],
                strategy_mode: true,
                la: 3.0,
                de: 1.0,
                ema_seed: EmaSeed::First,
                lsma_at: LsmaAt::Last,
                ..AtcParams::default()
            };
            check(&prices[..800], &params);
        }
        let narrow = AtcParams {
            robustness: Robustness::Narrow,
            lengths: [5; 6],
            ..AtcParams::default()
        };
        check(&prices[..200], &narrow);
    }

    #[test]
    fn bad_values_leave_the_stream_unchanged() {
        let mut stream = AtcStream::new(&AtcParams::default()).unwrap();
        stream.update(10.0, None).unwrap();
        assert!(matches!(
            stream.update(0.0, None),
            Err(IndicatorError::InvalidValue { index: 1, .. })
        ));
        assert!(stream.update(10.0, Some(f64::NAN)).is_err());
        assert_eq!(stream.bars(), 1);
        assert!(AtcStream::new(&AtcParams {
            cutout: 3,
            ..AtcParams::default()
        })
        .is_err());
    }
}
