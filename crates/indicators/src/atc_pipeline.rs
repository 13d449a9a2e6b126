//! The Adaptive Trend Classification (ATC) signal pipeline: 54 moving averages, their crossover
//! signals and equity curves, two layers of equity-weighted averaging.
//!
//! Source: the project's ATC specification (`atc-spec.md`), written from the public reference
//! implementation (`Nguyenthang2292/Sovereign-IQ`, `modules/adaptive_trend_enhance/`, commit
//! `ef36eddf`, `compute_atc_signals`, CPU path with pandas_ta 0.3.14b0 and no TA-Lib). Section
//! numbers below (§) are the specification's.

use rayon::prelude::*;

use crate::atc::{kama_family_into, ATC_KAMA_FAST, ATC_KAMA_SLOW};
use crate::atc_ma::{
    ema_family_into, hma_finish, hma_lengths, lsma_into, wma_into, LsmaAt, Scaled,
};
use crate::ema::EmaSeed;
use crate::inputs::check_finite_parameter;
use crate::IndicatorError;

/// The six moving-average families, in the pipeline's fixed order (§10, §11).
pub const ATC_FAMILIES: [&str; 6] = ["EMA", "HMA", "WMA", "DEMA", "LSMA", "KAMA"];

/// Lengths per family (§3).
pub const ATC_LENGTHS_PER_FAMILY: usize = 9;

/// Largest base length accepted (2^31 - 1): far beyond any series, and `L + o4` cannot
/// overflow.
pub const ATC_MAX_LENGTH: usize = 2_147_483_647;

/// Equity floor of every ATC equity curve (§8.1).
pub const ATC_EQUITY_FLOOR: f64 = 0.25;

/// How far the 8 extra lengths of each family spread around its base length (§3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Robustness {
    /// Offsets 1, 2, 3, 4.
    Narrow,
    /// Offsets 1, 2, 4, 6.
    #[default]
    Medium,
    /// Offsets 1, 3, 5, 7.
    Wide,
}

impl Robustness {
    /// The offsets (o1, o2, o3, o4) of §3.
    pub fn offsets(self) -> [usize; 4] {
        match self {
            Robustness::Narrow => [1, 2, 3, 4],
            Robustness::Medium => [1, 2, 4, 6],
            Robustness::Wide => [1, 3, 5, 7],
        }
    }

    /// The name the reference uses ("Narrow", "Medium", "Wide").
    pub fn name(self) -> &'static str {
        match self {
            Robustness::Narrow => "Narrow",
            Robustness::Medium => "Medium",
            Robustness::Wide => "Wide",
        }
    }

    /// The 9 lengths of a family with base length `base`, in the fixed order of §3:
    /// `L, L+o1, L+o2, L+o3, L+o4, L-o1, L-o2, L-o3, L-o4`.
    ///
    /// # Errors
    /// - [`IndicatorError::InvalidPeriod`] (named `name`) unless `base > o4`.
    /// - [`IndicatorError::ParameterOutOfRange`] if `base > ATC_MAX_LENGTH`.
    ///
    /// # Examples
    /// ```
    /// use rustybt_indicators::Robustness;
    /// let lengths = Robustness::Medium.lengths(28, "ema_len")?;
    /// assert_eq!(lengths, [28, 29, 30, 32, 34, 27, 26, 24, 22]);
    /// # Ok::<(), rustybt_indicators::IndicatorError>(())
    /// ```
    pub fn lengths(self, base: usize, name: &'static str) -> Result<[usize; 9], IndicatorError> {
        let [o1, o2, o3, o4] = self.offsets();
        if base <= o4 {
            return Err(IndicatorError::InvalidPeriod {
                name,
                min: o4 + 1,
                value: base,
            });
        }
        if base > ATC_MAX_LENGTH {
            return Err(IndicatorError::ParameterOutOfRange {
                name,
                accepted: "<= 2147483647",
                value: base as f64,
            });
        }
        Ok([
            base,
            base + o1,
            base + o2,
            base + o3,
            base + o4,
            base - o1,
            base - o2,
            base - o3,
            base - o4,
        ])
    }
}

impl std::str::FromStr for Robustness {
    type Err = IndicatorError;

    /// Reads "Narrow", "Medium" or "Wide" (the reference silently reads anything else as
    /// "Medium"; this is an error here).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "Narrow" => Ok(Robustness::Narrow),
            "Medium" => Ok(Robustness::Medium),
            "Wide" => Ok(Robustness::Wide),
            _ => Err(IndicatorError::UnknownOption {
                name: "robustness",
                accepted: "\"Narrow\", \"Medium\", \"Wide\"",
                value: name.to_owned(),
            }),
        }
    }
}

/// Parameters of [`compute_atc_signals`]; `AtcParams::default()` is the reference's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtcParams {
    /// Base length per family, in [`ATC_FAMILIES`] order (`ema_len`, `hull_len`, `wma_len`,
    /// `dema_len`, `lsma_len`, `kama_len`); 28 each.
    pub lengths: [usize; 6],
    /// Family weight, the starting equity of Layer 2 (`ema_w` ... `kama_w`); 1.0 each.
    pub weights: [f64; 6],
    /// Spread of the 9 lengths.
    pub robustness: Robustness,
    /// Growth rate `La`; the growth exponent is `La / 1000` per bar. 0.02.
    pub la: f64,
    /// Decay in percent `De`, within [0, 100]; equities lose `De / 100` per bar. 0.03.
    pub de: f64,
    /// Leading bars dropped after the moving averages (§5). 0.
    pub cutout: usize,
    /// Layer-1 signal strictly above this counts as long. 0.1.
    pub long_threshold: f64,
    /// Layer-1 signal strictly below this counts as short. -0.1.
    pub short_threshold: f64,
    /// Shift `Average_Signal` one bar later (0 on the first bar). false.
    pub strategy_mode: bool,
    /// Seed of the EMA and DEMA families: [`EmaSeed::Sma`] (the reference), or
    /// [`EmaSeed::First`] (a departure: the reference's GPU path).
    pub ema_seed: EmaSeed,
    /// Where the LSMA family evaluates its line: [`LsmaAt::Penultimate`] (the reference), or
    /// [`LsmaAt::Last`] (a departure: TA-Lib, Pine).
    pub lsma_at: LsmaAt,
}

impl Default for AtcParams {
    fn default() -> Self {
        Self {
            lengths: [28; 6],
            weights: [1.0; 6],
            robustness: Robustness::Medium,
            la: 0.02,
            de: 0.03,
            cutout: 0,
            long_threshold: 0.1,
            short_threshold: -0.1,
            strategy_mode: false,
            ema_seed: EmaSeed::Sma,
            lsma_at: LsmaAt::Penultimate,
        }
    }
}

/// Names of the length parameters, in [`ATC_FAMILIES`] order (the Python keywords).
const LENGTH_NAMES: [&str; 6] = [
    "ema_len", "hull_len", "wma_len", "dema_len", "lsma_len", "kama_len",
];
const WEIGHT_NAMES: [&str; 6] = ["ema_w", "hma_w", "wma_w", "dema_w", "lsma_w", "kama_w"];

impl AtcParams {
    /// The 9 lengths of every family, with the checks that need no series (§2, §12).
    pub(crate) fn checked_parameters(&self) -> Result<[[usize; 9]; 6], IndicatorError> {
        let mut all = [[0; 9]; 6];
        for (t, lengths) in all.iter_mut().enumerate() {
            *lengths = self.robustness.lengths(self.lengths[t], LENGTH_NAMES[t])?;
        }
        check_finite_parameter("La", self.la)?;
        if !(0.0..=100.0).contains(&self.de) {
            return Err(IndicatorError::ParameterOutOfRange {
                name: "De",
                accepted: "within [0, 100]",
                value: self.de,
            });
        }
        for (t, &w) in self.weights.iter().enumerate() {
            check_finite_parameter(WEIGHT_NAMES[t], w)?;
        }
        Ok(all)
    }

    /// The 9 lengths of every family, checked against a series of `n` bars (§2, §12).
    fn checked_lengths(&self, n: usize) -> Result<[[usize; 9]; 6], IndicatorError> {
        let all = self.checked_parameters()?;
        for t in 0..5 {
            // Every non-KAMA length must fit the full series (the reference cannot compute them
            // otherwise); the longest is the base plus o4.
            let longest = all[t][4];
            if n < longest {
                return Err(IndicatorError::SeriesTooShort {
                    what: format!(
                        "{}={} at {} robustness",
                        LENGTH_NAMES[t],
                        self.lengths[t],
                        self.robustness.name()
                    ),
                    needed: longest,
                    len: n,
                });
            }
        }
        // The Hull MA of length 1 is 2 * WMA(10) - x (pandas_ta's default length stands in
        // for the half length 0), which needs 10 bars.
        if all[1][8] == 1 && n < 10 {
            return Err(IndicatorError::SeriesTooShort {
                what: format!(
                    "hull_len={} at {} robustness (its length-1 Hull MA uses a WMA of 10)",
                    self.lengths[1],
                    self.robustness.name()
                ),
                needed: 10,
                len: n,
            });
        }
        if self.cutout >= n {
            return Err(IndicatorError::CutoutTooLarge {
                cutout: self.cutout,
                len: n,
            });
        }
        Ok(all)
    }
}

/// The 13 output series of §11, each `n - cutout` bars long.
#[derive(Debug, Clone, PartialEq)]
pub struct AtcSignals {
    /// `{T}_Signal` per family in [`ATC_FAMILIES`] order: the Layer-1 signal, a multiple of 0.01
    /// in [-1, 1].
    pub signals: [Vec<f64>; 6],
    /// `{T}_S` per family: the Layer-2 equity, >= 0.25.
    pub equities: [Vec<f64>; 6],
    /// `Average_Signal`, in [-1, 1].
    pub average: Vec<f64>,
}

/// The intermediates of the pipeline, per family in [`ATC_FAMILIES`] order, each a row-major
/// `9 x (n - cutout)` matrix (rows in the length order of [`Robustness::lengths`]), sliced
/// after the cutout like the outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct AtcComponents {
    /// The 9 moving averages (computed on the full series, then sliced).
    pub moving_averages: [Vec<f64>; 6],
    /// The 9 persistent crossover signals, -1, 0 or 1.
    pub signals: [Vec<i8>; 6],
    /// The 9 component equity curves (starting equity 1.0).
    pub equities: [Vec<f64>; 6],
}

/// Everything [`compute_atc_signals`] checks about the inputs (§2, §12).
fn check_inputs(prices: &[f64], src: &[f64]) -> Result<(), IndicatorError> {
    if prices.is_empty() {
        return Err(IndicatorError::EmptyInput { name: "prices" });
    }
    if src.len() != prices.len() {
        return Err(IndicatorError::LengthMismatch {
            left: "prices",
            right: "src",
            left_len: prices.len(),
            right_len: src.len(),
        });
    }
    if let Some(index) = prices.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
        return Err(IndicatorError::InvalidValue {
            name: "prices",
            index,
            value: prices[index],
            accepted: "finite and > 0",
        });
    }
    crate::atc_ma::check_source(src, "src")
}

/// `rint(q * 100) / 100`: NumPy's `round(q, 2)` (round half to even), §8.2.
///
/// Below 2^51, adding and subtracting 1.5 * 2^52 rounds to an integer, ties to even, in two
/// additions: `round_ties_even` is a libm call on baseline x86-64 (no SSE4.1), a few percent
/// of the whole pipeline. `copysign` keeps rint's -0.0 for small negative inputs.
#[inline(always)]
pub(crate) fn round2(q: f64) -> f64 {
    const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    const LIMIT: f64 = 2_251_799_813_685_248.0; // 2^51
    let x = q * 100.0;
    let whole = if x.abs() < LIMIT {
        ((x + SHIFTER) - SHIFTER).copysign(x)
    } else {
        x.round_ties_even() // already whole (or NaN/inf), as rint leaves it
    };
    whole / 100.0
}

/// The growth-adjusted returns `r[i] = (p[i] / p[i-1] - 1) * e^(lambda * i)` (§6); `r[0]` NaN.
fn adjusted_returns(p: &[f64], lambda: f64) -> Vec<f64> {
    let mut r = vec![f64::NAN; p.len()];
    for i in 1..p.len() {
        let mut growth = std::f64::consts::E.powf(lambda * i as f64);
        if growth == f64::INFINITY {
            growth = f64::MAX; // the reference's overflow replacement
        }
        r[i] = (p[i] / p[i - 1] - 1.0) * growth;
    }
    r
}

/// `a` of the equity kernel (§8.1): `r` signed by the previous bar's signal, 0 when either is
/// 0 or NaN.
#[inline(always)]
pub(crate) fn signed_return(previous_signal: f64, r: f64) -> f64 {
    if previous_signal > 0.0 && !r.is_nan() {
        r
    } else if previous_signal < 0.0 && !r.is_nan() {
        -r
    } else {
        0.0
    }
}

/// One equity step: `max(floor, (previous * keep) * (1 + a))`, in that order.
#[inline(always)]
pub(crate) fn equity_step(previous: f64, keep: f64, a: f64) -> f64 {
    let e = (previous * keep) * (1.0 + a);
    if e < ATC_EQUITY_FLOOR {
        ATC_EQUITY_FLOOR
    } else {
        e
    }
}

/// The 9 moving averages of family `t` on the full `src`, row-major `9 x n`.
fn family_averages(
    t: usize,
    src: &[f64],
    wmas: &mut WmaCache<'_>,
    lengths: &[usize; 9],
    params: &AtcParams,
) -> Vec<f64> {
    let n = src.len();
    let mut out = vec![f64::NAN; 9 * n];
    match t {
        0 => ema_family_into::<false>(src, lengths, params.ema_seed, &mut out),
        3 => ema_family_into::<true>(src, lengths, params.ema_seed, &mut out),
        5 => kama_family_into(src, lengths, ATC_KAMA_FAST, ATC_KAMA_SLOW, &mut out),
        _ => {
            for (row, &length) in out.chunks_exact_mut(n).zip(lengths) {
                match t {
                    1 => {
                        let (half, _) = hma_lengths(length);
                        let (fast, slow) = wmas.pair(half, length);
                        hma_finish(fast, slow, length, row);
                    }
                    2 => row.copy_from_slice(wmas.get(length)),
                    _ => lsma_into(src, wmas.scaled, length, params.lsma_at, row),
                }
            }
        }
    }
    out
}

/// The WMAs of `src` by length, each computed once: the Hull family's WMAs of the full
/// lengths are the WMA family's when their base lengths agree (the default), and half lengths
/// repeat.
struct WmaCache<'a> {
    src: &'a [f64],
    /// The integer image of `src`, shared by its WMA and LSMA windows.
    scaled: Option<&'a Scaled>,
    rows: Vec<(usize, Vec<f64>)>,
}

impl<'a> WmaCache<'a> {
    fn new(src: &'a [f64], scaled: Option<&'a Scaled>) -> Self {
        Self {
            src,
            scaled,
            rows: Vec::new(),
        }
    }

    fn position(&mut self, length: usize) -> usize {
        if let Some(at) = self.rows.iter().position(|(l, _)| *l == length) {
            return at;
        }
        let mut row = vec![f64::NAN; self.src.len()];
        wma_into(self.src, self.scaled, length, &mut row);
        self.rows.push((length, row));
        self.rows.len() - 1
    }

    fn get(&mut self, length: usize) -> &[f64] {
        let at = self.position(length);
        &self.rows[at].1
    }

    fn pair(&mut self, a: usize, b: usize) -> (&[f64], &[f64]) {
        let (i, j) = (self.position(a), self.position(b));
        (&self.rows[i].1, &self.rows[j].1)
    }
}

/// Layer 1 and Layer 2 of one family on the sliced series (§7-§9). Returns the Layer-1 signal,
/// the Layer-2 equity and, when asked for, the component signals and equities.
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
fn family_layers(
    p: &[f64],
    r: &[f64],
    averages: &[f64],
    stride: usize,
    cutout: usize,
    keep: f64,
    weight: f64,
    components: bool,
) -> (Vec<f64>, Vec<f64>, Option<(Vec<i8>, Vec<f64>)>) {
    let m = p.len();
    let rows: [&[f64]; 9] =
        std::array::from_fn(|k| &averages[k * stride + cutout..(k + 1) * stride]);
    let mut state = [0_i8; 9];
    let mut equity = [1.0_f64; 9];
    let mut signal = vec![0.0; m];
    let mut layer2 = vec![0.0; m];
    let mut parts = components.then(|| (vec![0_i8; 9 * m], vec![0.0; 9 * m]));
    let mut family_equity = if weight < ATC_EQUITY_FLOOR {
        ATC_EQUITY_FLOOR
    } else {
        weight
    };
    for i in 0..m {
        let (mut nominator, mut denominator) = (0.0, 0.0);
        for k in 0..9 {
            let ma = rows[k];
            if i > 0 {
                let a = signed_return(f64::from(state[k]), r[i]);
                equity[k] = equity_step(equity[k], keep, a);
                let up = p[i] > ma[i] && p[i - 1] <= ma[i - 1];
                let down = p[i] < ma[i] && p[i - 1] >= ma[i - 1];
                if up {
                    state[k] = 1;
                } else if down {
                    state[k] = -1;
                }
            }
            nominator += f64::from(state[k]) * equity[k];
            denominator += equity[k];
            if let Some((s, e)) = parts.as_mut() {
                s[k * m + i] = state[k];
                e[k * m + i] = equity[k];
            }
        }
        let q = nominator / denominator;
        signal[i] = if q.is_finite() { round2(q) } else { f64::NAN };
        if i > 0 {
            let a = signed_return(signal[i - 1], r[i]);
            family_equity = equity_step(family_equity, keep, a);
        }
        layer2[i] = family_equity;
    }
    (signal, layer2, parts)
}

/// [`family_layers`] without the components, the 9 averages stepped together as vector lanes
/// where the CPU has AVX (x86-64), else the scalar loop. Same results bit for bit: every lane
/// does the scalar loop's operations in its order, and the sums across averages stay scalar, in
/// the order of §13.
fn family_layers_fast(
    p: &[f64],
    r: &[f64],
    averages: &[f64],
    stride: usize,
    cutout: usize,
    keep: f64,
    weight: f64,
) -> (Vec<f64>, Vec<f64>) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            let m = p.len();
            let rows: [&[f64]; 9] =
                std::array::from_fn(|k| &averages[k * stride + cutout..(k + 1) * stride]);
            // Nominators into `signal`, denominators into `layer2`, until the passes below.
            let mut signal = vec![0.0; m];
            let mut layer2 = vec![0.0; m];
            // SAFETY: `layers_avx` needs AVX, detected just above.
            #[allow(unsafe_code)]
            unsafe {
                layers_avx(p, r, &rows, keep, &mut signal, &mut layer2)
            };
            for (s, d) in signal.iter_mut().zip(&layer2) {
                let q = *s / *d;
                *s = if q.is_finite() { round2(q) } else { f64::NAN };
            }
            let mut family_equity = if weight < ATC_EQUITY_FLOOR {
                ATC_EQUITY_FLOOR
            } else {
                weight
            };
            if m > 0 {
                layer2[0] = family_equity;
            }
            for i in 1..m {
                let a = signed_return(signal[i - 1], r[i]);
                family_equity = equity_step(family_equity, keep, a);
                layer2[i] = family_equity;
            }
            return (signal, layer2);
        }
    }
    let (signal, layer2, _) = family_layers(p, r, averages, stride, cutout, keep, weight, false);
    (signal, layer2)
}

/// The per-bar part of [`family_layers`] with AVX: the 9 averages' crossover states and
/// equities as lanes of three 4-wide vectors (lanes 9..12 are padding: NaN averages never
/// cross and no sum reads them), and each bar's `sum state * equity` and `sum equity` over the
/// 9 averages into `nominators` and `denominators`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
fn layers_avx(
    p: &[f64],
    r: &[f64],
    rows: &[&[f64]; 9],
    keep: f64,
    nominators: &mut [f64],
    denominators: &mut [f64],
) {
    use std::arch::x86_64::{
        __m256d, _mm256_add_pd, _mm256_and_pd, _mm256_blendv_pd, _mm256_cmp_pd, _mm256_mul_pd,
        _mm256_set1_pd, _mm256_set_pd, _mm256_setzero_pd, _mm256_storeu_pd, _CMP_GE_OQ, _CMP_GT_OQ,
        _CMP_LE_OQ, _CMP_LT_OQ, _CMP_NEQ_OQ,
    };
    let m = p.len();
    let rows: [&[f64]; 9] = std::array::from_fn(|k| &rows[k][..m]);
    let (r, nominators, denominators) = (&r[..m], &mut nominators[..m], &mut denominators[..m]);
    let zero = _mm256_setzero_pd();
    let one = _mm256_set1_pd(1.0);
    let minus_one = _mm256_set1_pd(-1.0);
    let floor = _mm256_set1_pd(ATC_EQUITY_FLOOR);
    let keep = _mm256_set1_pd(keep);
    let nan = f64::NAN;
    let mut state: [__m256d; 3] = [zero; 3];
    let mut equity: [__m256d; 3] = [one; 3];
    // All-ones lanes where the price was at or below (at or above) the average on the
    // previous bar.
    let mut was_le: [__m256d; 3] = [zero; 3];
    let mut was_ge: [__m256d; 3] = [zero; 3];
    let mut products = [0.0_f64; 12];
    let mut equities = [0.0_f64; 12];
    for i in 0..m {
        let ma = [
            _mm256_set_pd(rows[3][i], rows[2][i], rows[1][i], rows[0][i]),
            _mm256_set_pd(rows[7][i], rows[6][i], rows[5][i], rows[4][i]),
            _mm256_set_pd(nan, nan, nan, rows[8][i]),
        ];
        let price = _mm256_set1_pd(p[i]);
        if i > 0 {
            // `signed_return`: a state is exactly -1, 0 or 1, so `state * r` is `r` or `-r`
            // exactly; a 0 state gives 0 even for an infinite `r`, a NaN `r` gives 0.
            let r = _mm256_set1_pd(if r[i].is_nan() { 0.0 } else { r[i] });
            for v in 0..3 {
                let moving = _mm256_cmp_pd::<_CMP_NEQ_OQ>(state[v], zero);
                let a = _mm256_and_pd(moving, _mm256_mul_pd(state[v], r));
                // `equity_step`: max(floor, (e * keep) * (1 + a)), a NaN staying NaN.
                let e = _mm256_mul_pd(_mm256_mul_pd(equity[v], keep), _mm256_add_pd(one, a));
                equity[v] = _mm256_blendv_pd(e, floor, _mm256_cmp_pd::<_CMP_LT_OQ>(e, floor));
                let up = _mm256_and_pd(_mm256_cmp_pd::<_CMP_GT_OQ>(price, ma[v]), was_le[v]);
                let down = _mm256_and_pd(_mm256_cmp_pd::<_CMP_LT_OQ>(price, ma[v]), was_ge[v]);
                state[v] = _mm256_blendv_pd(_mm256_blendv_pd(state[v], one, up), minus_one, down);
            }
        }
        for v in 0..3 {
            was_le[v] = _mm256_cmp_pd::<_CMP_LE_OQ>(price, ma[v]);
            was_ge[v] = _mm256_cmp_pd::<_CMP_GE_OQ>(price, ma[v]);
            let (product, lane_equity) = (
                &mut products[4 * v..4 * v + 4],
                &mut equities[4 * v..4 * v + 4],
            );
            // SAFETY: each slice holds exactly the 4 doubles an unaligned store writes.
            #[allow(unsafe_code)]
            unsafe {
                _mm256_storeu_pd(product.as_mut_ptr(), _mm256_mul_pd(state[v], equity[v]));
                _mm256_storeu_pd(lane_equity.as_mut_ptr(), equity[v]);
            }
        }
        let (mut nominator, mut denominator) = (0.0, 0.0);
        for k in 0..9 {
            nominator += products[k];
            denominator += equities[k];
        }
        nominators[i] = nominator;
        denominators[i] = denominator;
    }
}

fn run(
    prices: &[f64],
    src: &[f64],
    params: &AtcParams,
    with_components: bool,
) -> Result<(AtcSignals, Option<AtcComponents>), IndicatorError> {
    check_inputs(prices, src)?;
    let n = prices.len();
    let lengths = params.checked_lengths(n)?;
    let c = params.cutout;
    let p = &prices[c..];
    let m = p.len();
    let r = adjusted_returns(p, params.la / 1000.0);
    let keep = 1.0 - params.de / 100.0;
    // The integer image of `src`, shared by its WMA and LSMA windows.
    let scaled = Scaled::new(src);
    let mut wmas = WmaCache::new(src, scaled.as_ref());
    let mut signals: [Vec<f64>; 6] = Default::default();
    let mut equities: [Vec<f64>; 6] = Default::default();
    let mut components = with_components.then(|| AtcComponents {
        moving_averages: Default::default(),
        signals: Default::default(),
        equities: Default::default(),
    });
    for t in 0..6 {
        let averages = family_averages(t, src, &mut wmas, &lengths[t], params);
        let (signal, layer2, parts) = if with_components {
            family_layers(p, &r, &averages, n, c, keep, params.weights[t], true)
        } else {
            let (signal, layer2) =
                family_layers_fast(p, &r, &averages, n, c, keep, params.weights[t]);
            (signal, layer2, None)
        };
        signals[t] = signal;
        equities[t] = layer2;
        if let (Some(all), Some((s, e))) = (components.as_mut(), parts) {
            all.moving_averages[t] = averages
                .chunks_exact(n)
                .flat_map(|row| row[c..].iter().copied())
                .collect();
            all.signals[t] = s;
            all.equities[t] = e;
        }
    }
    let mut average = vec![0.0; m];
    for (i, a) in average.iter_mut().enumerate() {
        let (mut nominator, mut denominator) = (0.0, 0.0);
        for t in 0..6 {
            let s = signals[t][i];
            let vote = if s > params.long_threshold {
                1.0
            } else if s < params.short_threshold {
                -1.0
            } else {
                0.0
            };
            nominator += vote * equities[t][i];
            denominator += equities[t][i];
        }
        let value = nominator / denominator;
        *a = if value.is_finite() { value } else { 0.0 };
    }
    if params.strategy_mode {
        average.rotate_right(1);
        average[0] = 0.0;
    }
    Ok((
        AtcSignals {
            signals,
            equities,
            average,
        },
        components,
    ))
}

/// The ATC signal pipeline on one series (§1-§11): 13 series of `n - cutout` bars.
///
/// `src` (default `prices`) feeds the 54 moving averages only; `prices` drives the crossovers
/// and the returns. In order: 9 lengths per family (§3); the EMA (SMA seed), Hull, WMA, DEMA
/// (pandas_ta), LSMA (penultimate bar) and ATC KAMA averages on the full series (§4); the first
/// `cutout` bars dropped (§5); growth-adjusted returns `r = (p[i]/p[i-1] - 1) * e^(La/1000 * i)`
/// (§6); a persistent +-1 crossover signal and an equity curve per average (§7, §8.1:
/// `max(0.25, (e * (1 - De/100)) * (1 + a))`); per family the equity-weighted mean of its 9
/// signals rounded to 2 decimals (`{T}_Signal`, §8.2) and that signal's own equity starting at
/// the family weight (`{T}_S`, §9); and the `{T}_S`-weighted mean of the thresholded family
/// signals, shifted one bar under `strategy_mode` (`Average_Signal`, §10). Sums run in the fixed
/// orders of §13. Single-threaded.
///
/// Departures from the reference, all errors where it runs on (§14): an unknown robustness, a
/// NaN, infinite, zero or negative price, a non-finite `src` value or weight, and a `src` of
/// another length are rejected.
///
/// # Errors
/// - [`IndicatorError::EmptyInput`] for empty `prices`.
/// - [`IndicatorError::LengthMismatch`] if `src` differs in length from `prices`.
/// - [`IndicatorError::InvalidValue`] for a price that is not finite and > 0, or a non-finite
///   `src` value.
/// - [`IndicatorError::InvalidPeriod`] for a base length <= o4 of the robustness (§2).
/// - [`IndicatorError::SeriesTooShort`] if a non-KAMA family's longest length exceeds the
///   series (or a length-1 Hull MA has fewer than 10 bars).
/// - [`IndicatorError::ParameterOutOfRange`] for a non-finite `La` or weight, or `De` outside
///   [0, 100].
/// - [`IndicatorError::CutoutTooLarge`] if `cutout >= n`.
///
/// # Examples
/// ```
/// use rustybt_indicators::{compute_atc_signals, AtcParams};
/// let prices = rustybt_bench_data::prices(200, 7);
/// let out = compute_atc_signals(&prices, None, &AtcParams::default())?;
/// assert_eq!(out.average.len(), 200);
/// assert!(out.signals.iter().flatten().all(|s| (-1.0..=1.0).contains(s)));
/// assert!(out.equities.iter().flatten().all(|e| *e >= 0.25));
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn compute_atc_signals(
    prices: &[f64],
    src: Option<&[f64]>,
    params: &AtcParams,
) -> Result<AtcSignals, IndicatorError> {
    run(prices, src.unwrap_or(prices), params, false).map(|(out, _)| out)
}

/// [`compute_atc_signals`] and its intermediates (the 54 moving averages, component signals and
/// component equities).
///
/// # Errors
/// As [`compute_atc_signals`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{compute_atc_signals_with_components, AtcParams};
/// let prices = rustybt_bench_data::prices(100, 3);
/// let params = AtcParams { cutout: 10, ..AtcParams::default() };
/// let (out, parts) = compute_atc_signals_with_components(&prices, None, &params)?;
/// assert_eq!(parts.moving_averages[0].len(), 9 * 90);
/// assert_eq!(out.signals[0].len(), 90);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn compute_atc_signals_with_components(
    prices: &[f64],
    src: Option<&[f64]>,
    params: &AtcParams,
) -> Result<(AtcSignals, AtcComponents), IndicatorError> {
    let (out, parts) = run(prices, src.unwrap_or(prices), params, true)?;
    match parts {
        Some(parts) => Ok((out, parts)),
        None => unreachable!("components were asked for"),
    }
}

/// [`compute_atc_signals`] of many series (one per symbol, lengths may differ) with the same
/// parameters, symbols in parallel on rayon's pool when there is more than one.
///
/// # Errors
/// The first error in symbol order, as [`compute_atc_signals`] gives it, with the symbol's
/// position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_scan, compute_atc_signals, AtcParams};
/// let a = rustybt_bench_data::prices(300, 1);
/// let b = rustybt_bench_data::prices(250, 2);
/// let out = atc_scan(&[&a, &b], &AtcParams::default()).map_err(|(_, error)| error)?;
/// assert_eq!(out[1], compute_atc_signals(&b, None, &AtcParams::default())?);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_scan(
    series: &[&[f64]],
    params: &AtcParams,
) -> Result<Vec<AtcSignals>, (usize, IndicatorError)> {
    atc_scan_map(series, params, |out| out)
}

/// [`atc_scan`] keeping only `keep(outputs)` of each symbol, taken as soon as the symbol is
/// done: a scan for the last bar's signal holds one symbol's 13 series per thread, not every
/// symbol's.
///
/// # Errors
/// As [`atc_scan`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_scan_map, compute_atc_signals, AtcParams};
/// let a = rustybt_bench_data::prices(300, 1);
/// let b = rustybt_bench_data::prices(250, 2);
/// let last = atc_scan_map(&[&a, &b], &AtcParams::default(), |out| out.average[out.average.len() - 1])
///     .map_err(|(_, error)| error)?;
/// assert_eq!(last[1], *compute_atc_signals(&b, None, &AtcParams::default())?.average.last().unwrap());
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_scan_map<T: Send>(
    series: &[&[f64]],
    params: &AtcParams,
    keep: impl Fn(AtcSignals) -> T + Sync,
) -> Result<Vec<T>, (usize, IndicatorError)> {
    let one = |(j, p): (usize, &&[f64])| {
        compute_atc_signals(p, None, params)
            .map(&keep)
            .map_err(|e| (j, e))
    };
    if series.len() > 1 {
        // Every result first, then the first error in symbol order: collecting a parallel
        // iterator straight into a `Result` stops at whichever error a thread meets first.
        let all: Vec<_> = series.par_iter().enumerate().map(one).collect();
        all.into_iter().collect()
    } else {
        series.iter().enumerate().map(one).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round2_is_rint_bit_for_bit() {
        let reference = |q: f64| (q * 100.0).round_ties_even() / 100.0;
        let mut values = vec![
            0.0,
            -0.0,
            0.005,
            -0.005,
            0.125,
            -0.125,
            0.135,
            -0.135,
            0.004999,
            -0.004999,
            0.015,
            0.025,
            1.0,
            -1.0,
            0.995,
            -0.995,
            2.5e13,
            -2.5e13,
            4.6e16,
            1e300,
            f64::MIN_POSITIVE,
        ];
        values.extend(walk(20_000, 11).iter().map(|p| (p - 100.0) / 50.0));
        values.extend((-2_000..=2_000).map(|k| f64::from(k) / 2_000.0));
        values.extend((-400..=400).map(|k| (f64::from(k) + 0.5) / 100.0));
        for q in values {
            assert_eq!(round2(q).to_bits(), reference(q).to_bits(), "q = {q:e}");
        }
        assert!(round2(f64::NAN).is_nan());
        assert_eq!(round2(f64::INFINITY), f64::INFINITY);
    }

    fn walk(n: usize, seed: u64) -> Vec<f64> {
        rustybt_bench_data::prices(n, seed)
    }

    /// The vector-lane layer loop against the scalar one, bit for bit: real averages of random
    /// walks (NaN warm-ups, frequent crossings), cutouts, decays, weights under the floor, and
    /// synthetic averages with NaN holes and returns with infinities and NaN.
    #[test]
    fn the_fast_layer_loop_matches_the_scalar_one() {
        let check = |p: &[f64],
                     r: &[f64],
                     averages: &[f64],
                     stride: usize,
                     cutout: usize,
                     keep: f64,
                     weight: f64| {
            let (s1, l1, _) = family_layers(p, r, averages, stride, cutout, keep, weight, false);
            let (s2, l2) = family_layers_fast(p, r, averages, stride, cutout, keep, weight);
            let same = |a: &[f64], b: &[f64]| {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            };
            assert!(same(&s1, &s2), "signals differ");
            assert!(same(&l1, &l2), "layer-2 equities differ");
        };
        for (n, seed, cutout, de, weight) in [
            (600, 1, 0, 3.0, 1.0),
            (257, 2, 17, 0.0, 0.1),
            (1_000, 3, 5, 50.0, 2.5),
            (40, 4, 0, 3.0, 1.0),
        ] {
            let prices = walk(n, seed);
            let params = AtcParams {
                cutout,
                de,
                ..AtcParams::default()
            };
            let lengths = params.checked_lengths(n).unwrap();
            let p = &prices[cutout..];
            let r = adjusted_returns(p, params.la / 1000.0);
            let keep = 1.0 - de / 100.0;
            let scaled = Scaled::new(&prices);
            let mut wmas = WmaCache::new(&prices, scaled.as_ref());
            for (t, family) in lengths.iter().enumerate() {
                let averages = family_averages(t, &prices, &mut wmas, family, &params);
                check(p, &r, &averages, n, cutout, keep, weight);
            }
        }
        // Synthetic: averages hugging the price with NaN holes; returns with inf and NaN.
        let n = 300;
        let p = walk(n, 9);
        let mut averages = vec![0.0; 9 * n];
        for (j, a) in averages.iter_mut().enumerate() {
            let (k, i) = (j / n, j % n);
            let wiggle = ((i * 7 + k * 13) % 11) as f64 - 5.0;
            *a = if (i + k) % 17 == 0 {
                f64::NAN
            } else {
                p[i] + wiggle * 0.01
            };
        }
        let mut r = adjusted_returns(&p, 0.0);
        r[50] = f64::INFINITY;
        r[51] = f64::NEG_INFINITY;
        r[120] = f64::NAN;
        r[200] = 1e308;
        check(&p, &r, &averages, n, 0, 0.97, 1.0);
        check(&p, &r, &averages, n, 0, 1.0, 0.2);
        check(&p[..0], &r[..0], &averages, n, n, 0.97, 1.0);
    }

    #[test]
    fn lengths_follow_the_robustness() {
        assert_eq!(
            Robustness::Narrow.lengths(5, "x").unwrap(),
            [5, 6, 7, 8, 9, 4, 3, 2, 1]
        );
        assert_eq!(
            Robustness::Wide.lengths(28, "x").unwrap(),
            [28, 29, 31, 33, 35, 27, 25, 23, 21]
        );
        assert!(matches!(
            Robustness::Medium.lengths(6, "ema_len"),
            Err(IndicatorError::InvalidPeriod {
                name: "ema_len",
                min: 7,
                value: 6
            })
        ));
        assert!("Tight".parse::<Robustness>().is_err());
    }

    #[test]
    fn the_shortest_series_at_the_defaults_is_34_bars() {
        let p = walk(40, 1);
        assert!(compute_atc_signals(&p[..34], None, &AtcParams::default()).is_ok());
        assert!(matches!(
            compute_atc_signals(&p[..33], None, &AtcParams::default()),
            Err(IndicatorError::SeriesTooShort {
                needed: 34,
                len: 33,
                ..
            })
        ));
    }

    #[test]
    fn outputs_are_in_range_and_the_first_bar_is_floored() {
        let p = walk(2_000, 2);
        let params = AtcParams {
            weights: [0.1, 0.0, -3.0, 1.0, 2.0, 0.25],
            ..AtcParams::default()
        };
        let out = compute_atc_signals(&p, None, &params).unwrap();
        let first: Vec<f64> = out.equities.iter().map(|e| e[0]).collect();
        assert_eq!(first, vec![0.25, 0.25, 0.25, 1.0, 2.0, 0.25]);
        for t in 0..6 {
            assert_eq!(out.signals[t][0], 0.0);
            assert!(out.signals[t]
                .iter()
                .all(|s| (s * 100.0).round() / 100.0 == *s && s.abs() <= 1.0));
            assert!(out.equities[t].iter().all(|e| *e >= 0.25));
        }
        assert!(out.average.iter().all(|a| a.abs() <= 1.0));
        // KAMA equals the price on bar 0, so bar 1 crosses whenever the price moves
        assert_eq!(out.signals[5][1].abs(), 1.0);
    }

    #[test]
    fn a_prefix_gives_a_prefix() {
        let p = walk(600, 3);
        let full = compute_atc_signals(&p, None, &AtcParams::default()).unwrap();
        let part = compute_atc_signals(&p[..400], None, &AtcParams::default()).unwrap();
        for t in 0..6 {
            assert_eq!(&full.signals[t][..400], &part.signals[t][..]);
            assert_eq!(&full.equities[t][..400], &part.equities[t][..]);
        }
        assert_eq!(&full.average[..400], &part.average[..]);
    }

    #[test]
    fn constant_series_never_signal() {
        let p = vec![50.0; 200];
        let params = AtcParams::default();
        let out = compute_atc_signals(&p, None, &params).unwrap();
        let keep = 1.0 - 0.0003;
        for t in 0..6 {
            assert!(out.signals[t].iter().all(|s| *s == 0.0));
            let mut e = 1.0;
            for (i, v) in out.equities[t].iter().enumerate() {
                if i > 0 {
                    e = (e * keep) * 1.0;
                }
                assert_eq!(*v, e);
            }
        }
        assert!(out.average.iter().all(|a| *a == 0.0));
    }

    #[test]
    fn cutout_slices_and_strategy_mode_shifts() {
        let p = walk(300, 4);
        let base = AtcParams::default();
        let cut = compute_atc_signals(
            &p,
            None,
            &AtcParams {
                cutout: 299,
                ..base
            },
        )
        .unwrap();
        assert_eq!(cut.average, vec![0.0]);
        let plain = compute_atc_signals(&p, None, &base).unwrap();
        let shifted = compute_atc_signals(
            &p,
            None,
            &AtcParams {
                strategy_mode: true,
                ..base
            },
        )
        .unwrap();
        assert_eq!(shifted.average[0], 0.0);
        assert_eq!(&shifted.average[1..], &plain.average[..299]);
        assert_eq!(shifted.signals, plain.signals);
        let (_, parts) =
            compute_atc_signals_with_components(&p, None, &AtcParams { cutout: 50, ..base })
                .unwrap();
        let ema = crate::atc_ema(&p, 28, EmaSeed::Sma).unwrap();
        assert_eq!(&parts.moving_averages[0][..250], &ema[50..]);
        assert!(parts.signals[0][..250].iter().all(|s| s.abs() <= 1));
    }

    #[test]
    fn bad_input_is_an_error() {
        let p = walk(100, 5);
        let d = AtcParams::default();
        assert!(matches!(
            compute_atc_signals(&[], None, &d),
            Err(IndicatorError::EmptyInput { name: "prices" })
        ));
        let mut bad = p.clone();
        bad[7] = 0.0;
        assert!(matches!(
            compute_atc_signals(&bad, None, &d),
            Err(IndicatorError::InvalidValue {
                name: "prices",
                index: 7,
                ..
            })
        ));
        assert!(matches!(
            compute_atc_signals(&p, Some(&p[1..]), &d),
            Err(IndicatorError::LengthMismatch { .. })
        ));
        assert!(matches!(
            compute_atc_signals(&p, None, &AtcParams { de: 100.5, ..d }),
            Err(IndicatorError::ParameterOutOfRange { name: "De", .. })
        ));
        assert!(matches!(
            compute_atc_signals(&p, None, &AtcParams { cutout: 100, ..d }),
            Err(IndicatorError::CutoutTooLarge { .. })
        ));
        let scan = atc_scan(&[&p, &bad], &d);
        assert!(matches!(
            scan,
            Err((1, IndicatorError::InvalidValue { .. }))
        ));
        // The first failing symbol in order, whichever thread fails first: a long good series
        // ahead of two bad ones (an invalid price, then one too short).
        let long = walk(20_000, 5);
        let short = walk(20, 6);
        for _ in 0..20 {
            let scan = atc_scan(&[&long, &bad, &short, &bad], &d);
            assert!(matches!(
                scan,
                Err((1, IndicatorError::InvalidValue { .. }))
            ));
        }
    }
}
