//! The moving averages of the Adaptive Trend Classification (ATC) pipeline, as its reference
//! computes them (pandas_ta 0.3.14b0 without TA-Lib; ATC specification section 4).
//!
//! They differ from the TA-Lib-compatible averages of this crate where pandas_ta does: the DEMA
//! seeds its second stage with the first stage's first value, the Hull MA is the true Hull MA
//! with pandas_ta's length-1 quirk, and the LSMA is the regression line one bar before the
//! window end. Each is O(n). The inputs must be finite: the reference leaves NaN undefined.
//!
//! Window sums are kept as exact double-double running sums (TwoSum, and a fused multiply-add
//! for the weighted terms), so each output is a function of its window alone, computed from
//! the correctly rounded window sums: no drift, no periodic re-summing, and a constant
//! stretch of prices gives a constant average (a running sum that drifts by an ulp would make
//! the price "cross" its own average).

use crate::ema::EmaSeed;
use crate::IndicatorError;

/// Where the ATC LSMA evaluates the regression line of each window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LsmaAt {
    /// pandas_ta 0.3.14b0's `linreg` (the reference): at the second-newest bar of the window,
    /// `slope * (length - 1) + intercept`.
    #[default]
    Penultimate,
    /// TA-Lib's `LINEARREG`, TradingView's `ta.linreg(src, len, 0)`: at the newest bar,
    /// `slope * length + intercept`. A departure from the reference.
    Last,
}

impl std::str::FromStr for LsmaAt {
    type Err = IndicatorError;

    /// Reads "penultimate" or "last".
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "penultimate" => Ok(LsmaAt::Penultimate),
            "last" => Ok(LsmaAt::Last),
            _ => Err(IndicatorError::UnknownOption {
                name: "lsma_at",
                accepted: "\"penultimate\", \"last\"",
                value: name.to_owned(),
            }),
        }
    }
}

/// `a + b` and its rounding error, exactly (Knuth's TwoSum).
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let sum = a + b;
    let b_virtual = sum - a;
    let error = (a - (sum - b_virtual)) + (b - b_virtual);
    (sum, error)
}

/// A double-double number `hi + lo` with `hi` the nearest double to the pair: a running window
/// sum that stays exact while the window's values span fewer than about 50 binary orders of
/// magnitude (prices do).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Exact {
    pub(crate) hi: f64,
    lo: f64,
}

impl Exact {
    #[inline(always)]
    pub(crate) fn add(&mut self, x: f64) {
        let (s, e) = two_sum(self.hi, x);
        let (hi, lo) = two_sum(s, e + self.lo);
        self.hi = hi;
        self.lo = lo;
    }

    /// Adds `weight * x` exactly (the product's rounding error from a fused multiply-add).
    #[inline(always)]
    pub(crate) fn add_product(&mut self, weight: f64, x: f64) {
        let p = weight * x;
        let error = weight.mul_add(x, -p);
        self.add(p);
        self.add(error);
    }

    #[inline(always)]
    fn sub(&mut self, other: Exact) {
        self.add(-other.hi);
        self.add(-other.lo);
    }
}

/// The plain and weighted sums of a sliding window of `length` values: `plain = sum y_j`,
/// `weighted = sum j * y_j` with `j = 1..=length`, the newest value weighted `length`.
#[derive(Debug, Clone)]
pub(crate) struct WindowSums {
    pub(crate) length: usize,
    pub(crate) plain: Exact,
    pub(crate) weighted: Exact,
}

impl WindowSums {
    /// The sums of `x[..length]` (the caller checks `x.len() >= length`).
    fn first(x: &[f64], length: usize) -> Self {
        let mut sums = Self {
            length,
            plain: Exact::default(),
            weighted: Exact::default(),
        };
        for (j, &v) in x[..length].iter().enumerate() {
            sums.plain.add(v);
            sums.weighted.add_product((j + 1) as f64, v);
        }
        sums
    }

    /// Slides the window one bar: `outgoing` leaves, `incoming` enters. Every weight drops by
    /// one (subtract the old plain sum), and the new value enters with weight `length`.
    #[inline(always)]
    pub(crate) fn slide(&mut self, outgoing: f64, incoming: f64) {
        self.weighted.sub(self.plain);
        self.weighted.add_product(self.length as f64, incoming);
        self.plain.add(-outgoing);
        self.plain.add(incoming);
    }
}

/// A series as exact integers: `x[i] == ints[i] * 2^exponent`. Integer window sums are exact
/// like the double-double ones and several times cheaper; both give the correctly rounded sum,
/// hence the same bits. Built once per series and shared by every window length that
/// [`Scaled::fits`].
pub(crate) struct Scaled {
    ints: Ints,
    /// `2^exponent`, a normal double.
    scale: f64,
    /// Every `|ints[i]| < 2^magnitude`.
    magnitude: i64,
}

/// The integers of a [`Scaled`]: 64-bit when every one fits in 62 bits (prices whose values
/// span a few binary orders of magnitude: a window's weighted products then need one
/// widening multiply), else 128-bit.
enum Ints {
    Narrow(Vec<i64>),
    Wide(Vec<i128>),
}

impl Scaled {
    /// The integer image of `x`, or `None` for a non-finite value or a scale below the normal
    /// range (then the double-double sums serve).
    pub(crate) fn new(x: &[f64]) -> Option<Self> {
        // (lowest ulp exponent, highest value exponent) over the non-zero values, without
        // branches: a loop the compiler vectorises.
        let (mut low, mut high, mut special) = (i32::MAX, i32::MIN, false);
        for &v in x {
            let bits = v.to_bits();
            let field = ((bits >> 52) & 0x7ff) as i32;
            special |= field == 0x7ff;
            let zero = bits << 1 == 0;
            let (ulp, top) = if field == 0 {
                (-1074, -1023)
            } else {
                (field - 1075, field - 1023)
            };
            low = low.min(if zero { i32::MAX } else { ulp });
            high = high.max(if zero { i32::MIN } else { top });
        }
        if special {
            return None;
        }
        if low == i32::MAX {
            (low, high) = (0, 0);
        }
        // |x| < 2^(high + 1), so |int| < 2^(high + 1 - low). A normal scale keeps
        // `sum * scale` exact.
        let magnitude = i64::from(high + 1 - low);
        if low < -1022 || magnitude > 104 {
            return None;
        }
        let scale = f64::from_bits(((low + 1023) as u64) << 52);
        // Every non-zero value is normal here (a subnormal's ulp is below 2^-1022), so its
        // integer is (implicit bit | fraction) << (exponent - low), signed.
        let ints = if magnitude <= 62 {
            Ints::Narrow(x.iter().map(|&v| narrow_int(v, low)).collect())
        } else {
            Ints::Wide(
                x.iter()
                    .map(|&v| {
                        let (mantissa, shift) = mantissa_shift(v, low);
                        let int = i128::from(mantissa) << shift;
                        if v < 0.0 {
                            -int
                        } else {
                            int
                        }
                    })
                    .collect(),
            )
        };
        Some(Self {
            ints,
            scale,
            magnitude,
        })
    }

    /// Whether every weighted sum of a `length` window stays below 2^105 (a weighted window sum
    /// adds up to `length * (length + 1) / 2` values), where [`exact_float`] is exact.
    pub(crate) fn fits(&self, length: usize) -> bool {
        let weights = (length as u128) * (length as u128 + 1);
        self.magnitude + i64::from(128 - weights.leading_zeros()) <= 105
    }

    /// The plain and weighted sums of every full window, as doubles (correctly rounded), to
    /// `emit(i, plain, weighted)` for the window ending at `i`.
    #[inline(always)]
    fn window_sums(&self, length: usize, emit: impl FnMut(usize, f64, f64)) {
        match &self.ints {
            Ints::Narrow(x) => window_sums(x, self.scale, length, emit),
            Ints::Wide(x) => window_sums(x, self.scale, length, emit),
        }
    }
}

/// A normal or zero `v`'s significand (implicit bit included) and its shift to the common
/// scale `2^low`; `(0, 0)` for a zero.
#[inline(always)]
fn mantissa_shift(v: f64, low: i32) -> (u64, u32) {
    const FRACTION: u64 = (1 << 52) - 1;
    let bits = v.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    if field == 0 {
        (0, 0)
    } else {
        ((bits & FRACTION) | (1 << 52), (field - 1075 - low) as u32)
    }
}

/// [`mantissa_shift`] as a signed 64-bit integer (the caller checks that it fits in 62 bits).
#[inline(always)]
fn narrow_int(v: f64, low: i32) -> i64 {
    let (mantissa, shift) = mantissa_shift(v, low);
    let int = (mantissa << shift) as i64;
    if v < 0.0 {
        -int
    } else {
        int
    }
}

/// The window sums of [`Scaled::window_sums`] over integers `x`.
#[inline(always)]
fn window_sums<T: Copy + Into<i128>>(
    x: &[T],
    scale: f64,
    length: usize,
    mut emit: impl FnMut(usize, f64, f64),
) {
    let (mut plain, mut weighted) = (0_i128, 0_i128);
    for (j, &v) in x[..length].iter().enumerate() {
        plain += v.into();
        weighted += (j as i128 + 1) * v.into();
    }
    let float = exact_float;
    emit(length - 1, float(plain) * scale, float(weighted) * scale);
    // `length` below 2^63: a 64-by-64-bit widening multiply when `T` is `i64`.
    let l = i128::from(length as i64);
    for i in length..x.len() {
        let (incoming, outgoing) = (x[i].into(), x[i - length].into());
        weighted += l * incoming - plain;
        plain += incoming - outgoing;
        emit(i, float(plain) * scale, float(weighted) * scale);
    }
}

/// `v` rounded to the nearest double (ties to even), as `v as f64` gives it, for `|v| < 2^106`:
/// `v = hi * 2^53 + lo` with both parts exact doubles, so their sum rounds once. Two hardware
/// conversions instead of the software `i128` one.
#[inline(always)]
fn exact_float(v: i128) -> f64 {
    const TWO_53: f64 = 9_007_199_254_740_992.0;
    let hi = (v >> 53) as i64;
    let lo = (v - (i128::from(hi) << 53)) as i64;
    (hi as f64) * TWO_53 + lo as f64
}

/// The ATC EMA into `out` (as long as `x`, NaN-filled by the caller where it stays NaN).
/// `x` starts at its first valid value: a leading NaN stretch is the caller's offset.
pub(crate) fn ema_into(x: &[f64], length: usize, seed: EmaSeed, out: &mut [f64]) {
    let n = x.len();
    let (start, mut y) = match seed {
        EmaSeed::Sma => {
            if n < length {
                return;
            }
            let mut sum = 0.0;
            for &v in &x[..length] {
                sum += v;
            }
            (length - 1, sum / length as f64)
        }
        EmaSeed::First => {
            if n == 0 {
                return;
            }
            (0, x[0])
        }
    };
    out[start] = y;
    if length == 1 {
        // alpha = 1: the average is the series itself, exactly.
        out[start..].copy_from_slice(&x[start..]);
        return;
    }
    let alpha = 2.0 / (length as f64 + 1.0);
    for i in start + 1..n {
        y = (x[i] - y) * alpha + y;
        out[i] = y;
    }
}

/// The pandas_ta DEMA into `out` (NaN-filled, as long as `x`).
pub(crate) fn dema_into(x: &[f64], length: usize, seed: EmaSeed, out: &mut [f64]) {
    let n = x.len();
    let mut e1 = vec![f64::NAN; n];
    ema_into(x, length, seed, &mut e1);
    let start = match seed {
        EmaSeed::Sma => length - 1,
        EmaSeed::First => 0,
    };
    if start >= n {
        return;
    }
    // pandas_ta seeds the second EMA with the mean of the non-NaN values among its first
    // `length` inputs: e1[length - 1] alone (or e1[0] when e1 has no warm-up).
    let mut e2 = vec![f64::NAN; n];
    if length == 1 {
        e2[start..].copy_from_slice(&e1[start..]);
    } else {
        let alpha = 2.0 / (length as f64 + 1.0);
        let mut y = e1[start];
        e2[start] = y;
        for i in start + 1..n {
            y = (e1[i] - y) * alpha + y;
            e2[i] = y;
        }
    }
    for i in start..n {
        out[i] = 2.0 * e1[i] - e2[i];
    }
}

/// The first bar of an EMA of `length` and its seed value, as [`ema_into`] starts (the caller
/// checks `x.len() >= length` for the SMA seed and a non-empty `x`).
fn ema_seed(x: &[f64], length: usize, seed: EmaSeed) -> (usize, f64) {
    match seed {
        EmaSeed::Sma => {
            let mut sum = 0.0;
            for &v in &x[..length] {
                sum += v;
            }
            (length - 1, sum / length as f64)
        }
        EmaSeed::First => (0, x[0]),
    }
}

/// [`ema_into`] (`DOUBLE` false) or [`dema_into`] (`DOUBLE` true) for the 9 lengths of a
/// family at once, into the 9 rows of `out` (each as long as `x`, NaN-filled). The same
/// operations per row, bit for bit; the rows advance together bar by bar, so that their
/// recurrences (each a chain of dependent operations) overlap instead of running in turn.
pub(crate) fn ema_family_into<const DOUBLE: bool>(
    x: &[f64],
    lengths: &[usize; 9],
    seed: EmaSeed,
    out: &mut [f64],
) {
    let n = x.len();
    let single = |length: usize, row: &mut [f64]| {
        if DOUBLE {
            dema_into(x, length, seed, row);
        } else {
            ema_into(x, length, seed, row);
        }
    };
    let mut rows: Vec<&mut [f64]> = out.chunks_exact_mut(n.max(1)).take(9).collect();
    // Short series and length 1 (a copy, not the recurrence) keep the one-row kernels.
    if n == 0 || lengths.iter().any(|&l| l > n || l < 2) {
        for (row, &length) in rows.iter_mut().zip(lengths) {
            single(length, row);
        }
        return;
    }
    let mut alpha = [0.0; 9];
    let mut fast = [0.0; 9]; // the EMA
    let mut slow = [0.0; 9]; // the EMA of the EMA (DEMA)
    let mut starts = [0; 9];
    for (k, (row, &length)) in rows.iter_mut().zip(lengths).enumerate() {
        let (start, y) = ema_seed(x, length, seed);
        starts[k] = start;
        alpha[k] = 2.0 / (length as f64 + 1.0);
        (fast[k], slow[k]) = (y, y);
        row[start] = if DOUBLE { 2.0 * y - y } else { y };
    }
    let last_start = starts.iter().copied().max().unwrap_or(0);
    // Up to the last row's first bar, row by row (a few bars: the lengths are close).
    for (k, (row, &start)) in rows.iter_mut().zip(&starts).enumerate() {
        for i in start + 1..=last_start {
            fast[k] = (x[i] - fast[k]) * alpha[k] + fast[k];
            if DOUBLE {
                slow[k] = (fast[k] - slow[k]) * alpha[k] + slow[k];
                row[i] = 2.0 * fast[k] - slow[k];
            } else {
                row[i] = fast[k];
            }
        }
    }
    for i in last_start + 1..n {
        let v = x[i];
        for k in 0..9 {
            fast[k] = (v - fast[k]) * alpha[k] + fast[k];
            if DOUBLE {
                slow[k] = (fast[k] - slow[k]) * alpha[k] + slow[k];
                rows[k][i] = 2.0 * fast[k] - slow[k];
            } else {
                rows[k][i] = fast[k];
            }
        }
    }
}

/// The linearly weighted average into `out` (NaN-filled, as long as `x`).
/// `scaled` is `Scaled::new(x)` (the integer image of `x`), computed once by the caller.
pub(crate) fn wma_into(x: &[f64], scaled: Option<&Scaled>, length: usize, out: &mut [f64]) {
    let n = x.len();
    if n < length {
        return;
    }
    let divider = (length * (length + 1) / 2) as f64;
    if let Some(scaled) = scaled.filter(|s| s.fits(length)) {
        scaled.window_sums(length, |i, _, weighted| out[i] = weighted / divider);
        return;
    }
    let mut sums = WindowSums::first(x, length);
    out[length - 1] = sums.weighted.hi / divider;
    for i in length..n {
        sums.slide(x[i - length], x[i]);
        out[i] = sums.weighted.hi / divider;
    }
}

/// pandas_ta's default length, which it substitutes for a length of 0 (the Hull MA's half
/// length when `length` is 1).
pub(crate) const PANDAS_TA_DEFAULT_LENGTH: usize = 10;

/// The true Hull MA into `out` (NaN-filled, as long as `x`).
pub(crate) fn hma_into(x: &[f64], scaled: Option<&Scaled>, length: usize, out: &mut [f64]) {
    let n = x.len();
    let (half, _) = hma_lengths(length);
    let start = half.max(length) - 1;
    if start >= n {
        return;
    }
    let mut fast = vec![f64::NAN; n];
    let mut slow = vec![f64::NAN; n];
    wma_into(x, scaled, half, &mut fast);
    wma_into(x, scaled, length, &mut slow);
    hma_finish(&fast, &slow, length, out);
}

/// The Hull MA's half length (pandas_ta's default for 0) and root length.
pub(crate) fn hma_lengths(length: usize) -> (usize, usize) {
    let half = match length / 2 {
        0 => PANDAS_TA_DEFAULT_LENGTH,
        h => h,
    };
    (half, (length as f64).sqrt().floor() as usize)
}

/// The Hull MA from its two WMAs of the series, `fast` of the half length and `slow` of
/// `length` (as [`hma_into`] computes them), into `out` (NaN-filled).
pub(crate) fn hma_finish(fast: &[f64], slow: &[f64], length: usize, out: &mut [f64]) {
    let n = fast.len();
    let (half, root) = hma_lengths(length);
    let start = half.max(length) - 1;
    if start >= n {
        return;
    }
    let diff: Vec<f64> = (start..n).map(|i| 2.0 * fast[i] - slow[i]).collect();
    wma_into(&diff, Scaled::new(&diff).as_ref(), root, &mut out[start..]);
}

/// The least-squares line of each window, evaluated per `at`, into `out` (NaN-filled).
pub(crate) fn lsma_into(
    x: &[f64],
    scaled: Option<&Scaled>,
    length: usize,
    at: LsmaAt,
    out: &mut [f64],
) {
    let n = x.len();
    if n < length || length < 2 {
        return; // length 1: the denominator is 0, NaN everywhere as in pandas_ta
    }
    let l = length as f64;
    let sx = l * (l + 1.0) / 2.0;
    let sxx = sx * (2.0 * l + 1.0) / 3.0;
    let divisor = l * sxx - sx * sx;
    let position = match at {
        LsmaAt::Penultimate => l - 1.0,
        LsmaAt::Last => l,
    };
    let line = |sy: f64, sxy: f64| {
        let slope = (l * sxy - sx * sy) / divisor;
        let intercept = (sy * sxx - sx * sxy) / divisor;
        slope * position + intercept
    };
    if let Some(scaled) = scaled.filter(|s| s.fits(length)) {
        scaled.window_sums(length, |i, sy, sxy| out[i] = line(sy, sxy));
        return;
    }
    let mut sums = WindowSums::first(x, length);
    out[length - 1] = line(sums.plain.hi, sums.weighted.hi);
    for i in length..n {
        sums.slide(x[i - length], x[i]);
        out[i] = line(sums.plain.hi, sums.weighted.hi);
    }
}

/// The checks every ATC average makes.
pub(crate) fn check_source(src: &[f64], name: &'static str) -> Result<(), IndicatorError> {
    if let Some(index) = src.iter().position(|v| !v.is_finite()) {
        return Err(IndicatorError::InvalidValue {
            name,
            index,
            value: src[index],
            accepted: "finite",
        });
    }
    Ok(())
}

fn checked(
    src: &[f64],
    length: usize,
    fill: impl FnOnce(&mut [f64]),
) -> Result<Vec<f64>, IndicatorError> {
    crate::inputs::check_length("length", length, 1)?;
    check_source(src, "src")?;
    let mut out = vec![f64::NAN; src.len()];
    fill(&mut out);
    Ok(out)
}

/// The ATC EMA (ATC specification 4.1): `alpha = 2 / (length + 1)`,
/// `ema[i] = (x[i] - ema[i-1]) * alpha + ema[i-1]`.
///
/// - [`EmaSeed::Sma`] (the reference, and TA-Lib): NaN before `length - 1`, then the simple
///   average of the first `length` values (summed left to right).
/// - [`EmaSeed::First`] (a departure: the reference's GPU path): `ema[0] = x[0]`, no warm-up.
///
/// Length 1 returns the input exactly. The reference runs pandas' `ewm(adjust=False)`, whose
/// update differs from this one by at most a few ulps (specification 4.1, 13).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `length` is 0.
/// - [`IndicatorError::InvalidValue`] if a value is NaN or ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_ema, EmaSeed};
/// let out = atc_ema(&[1.0, 2.0, 3.0, 6.0], 3, EmaSeed::Sma)?;
/// assert!(out[1].is_nan());
/// assert_eq!(&out[2..], &[2.0, 4.0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_ema(src: &[f64], length: usize, seed: EmaSeed) -> Result<Vec<f64>, IndicatorError> {
    checked(src, length, |out| ema_into(src, length, seed, out))
}

/// The pandas_ta DEMA (ATC specification 4.2): `2 * e1 - e2`, with `e1` the [`atc_ema`] of `x`
/// and `e2` the EMA of `e1` seeded with `e1`'s first value (pandas_ta takes the mean of the
/// non-NaN values among the first `length`, i.e. `e1[length - 1]` alone). Valid from
/// `length - 1`, where it equals the simple average. Not TA-Lib's DEMA (lookback
/// `2 * (length - 1)`).
///
/// # Errors
/// As [`atc_ema`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_dema, EmaSeed};
/// let out = atc_dema(&[1.0, 2.0, 3.0, 6.0], 3, EmaSeed::Sma)?;
/// assert!(out[1].is_nan());
/// // e1 = [2, 4], e2 = [2, 3]: 2 * 4 - 3
/// assert_eq!(&out[2..], &[2.0, 5.0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_dema(src: &[f64], length: usize, seed: EmaSeed) -> Result<Vec<f64>, IndicatorError> {
    checked(src, length, |out| dema_into(src, length, seed, out))
}

/// The linearly weighted moving average (ATC specification 4.3, TA-Lib's `WMA`):
/// `sum j * x[i - length + j] / (length * (length + 1) / 2)`, `j = 1..=length`, valid from
/// `length - 1`. The weighted sum is exact (see the module docs), so the result is the
/// correctly rounded sum divided once.
///
/// # Errors
/// As [`atc_ema`].
///
/// # Examples
/// ```
/// use rustybt_indicators::atc_wma;
/// let out = atc_wma(&[3.0, 6.0, 9.0], 2)?;
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], &[5.0, 8.0]); // (3 + 2 * 6) / 3, (6 + 2 * 9) / 3
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_wma(src: &[f64], length: usize) -> Result<Vec<f64>, IndicatorError> {
    checked(src, length, |out| {
        wma_into(src, Scaled::new(src).as_ref(), length, out)
    })
}

/// The true Hull moving average (ATC specification 4.4, pandas_ta's `hma`):
/// `WMA(q)(2 * WMA(h)(x) - WMA(length)(x))` with `h = length / 2` and `q = floor(sqrt(length))`,
/// valid from `length + q - 2`.
///
/// pandas_ta quirk, kept for parity: a half length of 0 (`length` 1) becomes its default of 10,
/// so the length-1 Hull MA is `2 * WMA(10)(x) - x`, valid from index 9.
///
/// # Errors
/// As [`atc_ema`].
///
/// # Examples
/// ```
/// use rustybt_indicators::atc_hma;
/// let out = atc_hma(&[1.0, 2.0, 3.0, 4.0, 5.0], 4)?;
/// // h = 2, q = 2: a straight line is reproduced once the windows fill (index 4)
/// assert!(out[3].is_nan());
/// assert_eq!(out[4], 5.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_hma(src: &[f64], length: usize) -> Result<Vec<f64>, IndicatorError> {
    checked(src, length, |out| {
        hma_into(src, Scaled::new(src).as_ref(), length, out)
    })
}

/// The least-squares moving average (ATC specification 4.5, pandas_ta 0.3.14b0's `linreg`):
/// for each window `y_j = x[i - length + j]`, `j = 1..=length`, `Sx = l(l+1)/2`,
/// `Sxx = Sx(2l+1)/3`, `D = l Sxx - Sx^2`, `slope = (l Sxy - Sx Sy) / D`,
/// `intercept = (Sy Sxx - Sx Sxy) / D`, and the line at `l - 1` ([`LsmaAt::Penultimate`],
/// the reference's quirk: one slope below TA-Lib's `LINEARREG`) or at `l` ([`LsmaAt::Last`]).
/// Valid from `length - 1`; length 1 gives NaN everywhere (`D = 0`), as pandas_ta does.
///
/// # Errors
/// As [`atc_ema`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{atc_lsma, LsmaAt};
/// let line = [1.0, 3.0, 5.0, 7.0];
/// assert_eq!(atc_lsma(&line, 3, LsmaAt::Penultimate)?[3], 5.0);
/// assert_eq!(atc_lsma(&line, 3, LsmaAt::Last)?[3], 7.0);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn atc_lsma(src: &[f64], length: usize, at: LsmaAt) -> Result<Vec<f64>, IndicatorError> {
    checked(src, length, |out| {
        lsma_into(src, Scaled::new(src).as_ref(), length, at, out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;

    /// The 9-row EMA and DEMA equal the one-row kernels bit for bit: both seeds, lengths in any
    /// order, repeated, 1, longer than the series, and series of 0 to a few bars.
    #[test]
    fn the_family_emas_match_the_one_row_kernels() {
        let families: [[usize; 9]; 5] = [
            [28, 29, 30, 32, 34, 27, 26, 24, 22],
            [5, 6, 7, 8, 9, 4, 3, 2, 1],
            [2, 2, 2, 3, 3, 3, 4, 4, 4],
            [40, 3, 17, 2, 9, 33, 5, 8, 12],
            [10, 11, 12, 13, 14, 15, 16, 17, 200],
        ];
        for n in [0, 1, 2, 5, 39, 40, 41, 300] {
            let x = rustybt_bench_data::prices(n, n as u64 + 3);
            for lengths in &families {
                for seed in [EmaSeed::Sma, EmaSeed::First] {
                    let mut together = vec![NAN; 9 * n];
                    let mut apart = vec![NAN; 9 * n];
                    ema_family_into::<false>(&x, lengths, seed, &mut together);
                    for (row, &l) in apart.chunks_exact_mut(n.max(1)).zip(lengths) {
                        ema_into(&x, l, seed, row);
                    }
                    assert!(same(&together, &apart), "ema n={n} {lengths:?} {seed:?}");
                    let mut together = vec![NAN; 9 * n];
                    let mut apart = vec![NAN; 9 * n];
                    ema_family_into::<true>(&x, lengths, seed, &mut together);
                    for (row, &l) in apart.chunks_exact_mut(n.max(1)).zip(lengths) {
                        dema_into(&x, l, seed, row);
                    }
                    assert!(same(&together, &apart), "dema n={n} {lengths:?} {seed:?}");
                }
            }
        }
    }

    fn wma_direct(x: &[f64], length: usize) -> Vec<f64> {
        let divider = (length * (length + 1) / 2) as f64;
        (0..x.len())
            .map(|i| {
                if i + 1 < length {
                    return NAN;
                }
                let mut s = 0.0;
                for j in 1..=length {
                    s += j as f64 * x[i + j - length];
                }
                s / divider
            })
            .collect()
    }

    fn close(a: &[f64], b: &[f64], rtol: f64) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (x.is_nan() && y.is_nan()) || (x - y).abs() <= rtol * x.abs().max(y.abs())
            })
    }

    #[test]
    fn wma_matches_the_direct_sum() {
        let p = rustybt_bench_data::prices(3_000, 3);
        for length in [1, 2, 5, 28, 34] {
            assert!(close(
                &atc_wma(&p, length).unwrap(),
                &wma_direct(&p, length),
                1e-14
            ));
        }
    }

    /// The integer sums equal the double-double ones on 64-bit integers (prices), at the
    /// 62-bit boundary both ways, and on 128-bit ones (a tiny value widens the span).
    #[test]
    fn integer_and_double_double_sums_agree_bit_for_bit() {
        let mut prices = rustybt_bench_data::prices(5_000, 6);
        prices[100] = 0.0;
        prices[200] = -3.5;
        let mut tiny = prices.clone();
        tiny[300] = 1e-9;
        // Full 53-bit significands at 2^0 and 2^9: a span of exactly 62 bits, then 63.
        let edge = |top: f64| {
            let mut x = vec![1.0 + f64::EPSILON, top];
            x.extend(rustybt_bench_data::prices(300, 8));
            x
        };
        for (p, narrow) in [
            (prices, true),
            (tiny, false),
            (edge(1023.0), true),
            (edge(1024.0), false),
        ] {
            let scaled = Scaled::new(&p).expect("prices fit");
            assert_eq!(matches!(scaled.ints, Ints::Narrow(_)), narrow);
            check_sums(&p, &scaled);
        }
        assert!(Scaled::new(&[1e300, 1e-300]).is_none());
        check_exact_float();
    }

    fn check_sums(p: &[f64], scaled: &Scaled) {
        for length in [1, 2, 9, 28, 34] {
            assert!(scaled.fits(length));
            let mut sums = WindowSums::first(p, length);
            scaled.window_sums(length, |i, plain, weighted| {
                if i >= length {
                    sums.slide(p[i - length], p[i]);
                }
                assert_eq!(plain.to_bits(), sums.plain.hi.to_bits());
                assert_eq!(weighted.to_bits(), sums.weighted.hi.to_bits());
            });
        }
    }

    fn check_exact_float() {
        for v in [
            0_i128,
            1,
            -1,
            (1 << 53) + 1,
            (1 << 80) + 3,
            -(1 << 104) - 12_345,
        ] {
            assert_eq!(exact_float(v).to_bits(), (v as f64).to_bits());
        }
    }

    #[test]
    fn constant_series_give_constant_averages() {
        for c in [0.1, 50.0, 1.1] {
            let x = vec![c; 200];
            for length in 1..40 {
                for out in [
                    atc_wma(&x, length).unwrap(),
                    atc_hma(&x, length).unwrap(),
                    atc_lsma(&x, length, LsmaAt::Penultimate).unwrap(),
                ] {
                    let valid: Vec<f64> = out.into_iter().filter(|v| !v.is_nan()).collect();
                    assert!(valid.windows(2).all(|w| w[0] == w[1]), "{c} {length}");
                }
            }
        }
    }

    #[test]
    fn ema_seeds_and_dema() {
        let x = [1.0, 2.0, 3.0, 6.0];
        let first = atc_ema(&x, 3, EmaSeed::First).unwrap();
        assert!(same(&first, &[1.0, 1.5, 2.25, 4.125]));
        assert!(same(&atc_ema(&x, 1, EmaSeed::Sma).unwrap(), &x));
        assert!(same(&atc_dema(&x, 1, EmaSeed::Sma).unwrap(), &x));
        // first seed: e1 = [1, 1.5, 2.25, 4.125], e2 = [1, 1.25, 1.75, 2.9375]
        let dema = atc_dema(&x, 3, EmaSeed::First).unwrap();
        assert!(same(&dema, &[1.0, 1.75, 2.75, 5.3125]));
        assert!(atc_ema(&x, 5, EmaSeed::Sma)
            .unwrap()
            .iter()
            .all(|v| v.is_nan()));
        assert!(atc_ema(&[], 5, EmaSeed::First).unwrap().is_empty());
    }

    #[test]
    fn hma_warm_up_and_the_length_one_quirk() {
        let p = rustybt_bench_data::prices(100, 4);
        let out = atc_hma(&p, 28).unwrap();
        assert!(out[30].is_nan() && out[31].is_finite()); // 28 + 5 - 2
        let one = atc_hma(&p, 1).unwrap();
        let wma10 = atc_wma(&p, 10).unwrap();
        assert!(one[8].is_nan());
        for i in 9..100 {
            assert_eq!(one[i], 2.0 * wma10[i] - p[i]);
        }
        assert!(atc_hma(&p[..9], 1).unwrap().iter().all(|v| v.is_nan()));
    }

    #[test]
    fn lsma_penultimate_is_last_minus_one_slope() {
        let p = rustybt_bench_data::prices(500, 5);
        let pen = atc_lsma(&p, 7, LsmaAt::Penultimate).unwrap();
        let last = atc_lsma(&p, 7, LsmaAt::Last).unwrap();
        for i in 6..500 {
            let w = &p[i - 6..=i];
            let (mut sy, mut sxy) = (0.0, 0.0);
            for (j, v) in w.iter().enumerate() {
                sy += v;
                sxy += (j + 1) as f64 * v;
            }
            let slope = (7.0 * sxy - 28.0 * sy) / (7.0 * 140.0 - 784.0);
            assert!((last[i] - pen[i] - slope).abs() < 1e-9);
        }
        assert!(atc_lsma(&p, 1, LsmaAt::Penultimate)
            .unwrap()
            .iter()
            .all(|v| v.is_nan()));
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(matches!(
            atc_wma(&[1.0], 0),
            Err(IndicatorError::InvalidPeriod { name: "length", .. })
        ));
        assert!(matches!(
            atc_ema(&[1.0, NAN], 2, EmaSeed::Sma),
            Err(IndicatorError::InvalidValue {
                name: "src",
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            "middle".parse::<LsmaAt>(),
            Err(IndicatorError::UnknownOption {
                name: "lsma_at",
                ..
            })
        ));
    }
}
