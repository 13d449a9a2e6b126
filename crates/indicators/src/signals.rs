//! Trading signals as int8 series: crossovers of two series, and the position they imply.
//!
//! Crossovers follow TradingView's `ta.crossover` / `ta.crossunder`; the persistence is the one
//! of the Adaptive Trend Classification (ATC specification section 7). 2-D inputs are row-major
//! `time x assets` matrices, each column its own series.

use crate::inputs::{check_finite_named, check_matrix, check_same_length};
use crate::IndicatorError;

/// Which way a crossing goes.
#[derive(Clone, Copy)]
enum Direction {
    Up,
    Down,
}

/// Whether `a` crosses `b` at `now`, coming from `before`: `a[now] > b[now]` and
/// `a[before] <= b[before]` for [`Direction::Up`]. Any comparison with NaN is false.
#[inline(always)]
fn crosses(a: &[f64], b: &[f64], now: usize, before: usize, direction: Direction) -> bool {
    match direction {
        Direction::Up => a[now] > b[now] && a[before] <= b[before],
        Direction::Down => a[now] < b[now] && a[before] >= b[before],
    }
}

fn check_pair(
    names: (&'static str, &'static str),
    a: &[f64],
    b: &[f64],
    rows: usize,
    cols: usize,
) -> Result<(), IndicatorError> {
    check_same_length((names.0, a.len()), (names.1, b.len()))?;
    check_matrix(names.0, a.len(), rows, cols)?;
    check_finite_named(a, names.0)?;
    check_finite_named(b, names.1)
}

fn cross_columns(
    a: &[f64],
    b: &[f64],
    rows: usize,
    cols: usize,
    direction: Direction,
) -> Result<Vec<i8>, IndicatorError> {
    check_pair(("a", "b"), a, b, rows, cols)?;
    let mut out = vec![0_i8; a.len()];
    for (now, o) in out.iter_mut().enumerate().skip(cols) {
        *o = i8::from(crosses(a, b, now, now - cols, direction));
    }
    Ok(out)
}

/// 1 where `a` crosses above `b`, else 0 (TradingView's `ta.crossover`): `a[i] > b[i]` and
/// `a[i-1] <= b[i-1]`. Bar 0 is 0, and so is every bar where a comparison involves NaN (so a
/// warm-up NaN never crosses, nor the bar after it).
///
/// # Errors
/// - [`IndicatorError::LengthMismatch`] if `a` and `b` differ in length.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::crossover;
/// assert_eq!(crossover(&[1.0, 3.0, 4.0, 1.0], &[2.0, 2.0, 2.0, 2.0])?, vec![0, 1, 0, 0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn crossover(a: &[f64], b: &[f64]) -> Result<Vec<i8>, IndicatorError> {
    cross_columns(a, b, a.len(), 1, Direction::Up)
}

/// [`crossover`] of each column of two row-major `rows x cols` matrices.
///
/// # Errors
/// As [`crossover`], and [`IndicatorError::ShapeMismatch`] if `a.len() != rows * cols`.
///
/// # Examples
/// ```
/// use rustybt_indicators::crossover_columns;
/// let out = crossover_columns(&[1.0, 5.0, 3.0, 1.0], &[2.0, 2.0, 2.0, 2.0], 2, 2)?;
/// assert_eq!(out, vec![0, 0, 1, 0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn crossover_columns(
    a: &[f64],
    b: &[f64],
    rows: usize,
    cols: usize,
) -> Result<Vec<i8>, IndicatorError> {
    cross_columns(a, b, rows, cols, Direction::Up)
}

/// 1 where `a` crosses below `b`, else 0 (TradingView's `ta.crossunder`): `a[i] < b[i]` and
/// `a[i-1] >= b[i-1]`; NaN as in [`crossover`].
///
/// # Errors
/// As [`crossover`].
///
/// # Examples
/// ```
/// use rustybt_indicators::crossunder;
/// assert_eq!(crossunder(&[3.0, 2.0, 1.0, 1.0], &[2.0, 2.0, 2.0, 2.0])?, vec![0, 0, 1, 0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn crossunder(a: &[f64], b: &[f64]) -> Result<Vec<i8>, IndicatorError> {
    cross_columns(a, b, a.len(), 1, Direction::Down)
}

/// [`crossunder`] of each column of two row-major `rows x cols` matrices.
///
/// # Errors
/// As [`crossover_columns`].
///
/// # Examples
/// ```
/// use rustybt_indicators::crossunder_columns;
/// let out = crossunder_columns(&[3.0, 1.0, 1.0, 3.0], &[2.0, 2.0, 2.0, 2.0], 2, 2)?;
/// assert_eq!(out, vec![0, 0, 1, 0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn crossunder_columns(
    a: &[f64],
    b: &[f64],
    rows: usize,
    cols: usize,
) -> Result<Vec<i8>, IndicatorError> {
    cross_columns(a, b, rows, cols, Direction::Down)
}

/// Streaming signal persistence (ATC specification section 7): starts at 0; 1 on an up event,
/// -1 on a down event, otherwise the previous value. When both events come on the same bar, up
/// wins (the reference tests up first); a crossover and a crossunder of the same pair of series
/// never coincide.
///
/// # Examples
/// ```
/// use rustybt_indicators::SignalPersistence;
/// let mut state = SignalPersistence::new();
/// assert_eq!(state.update(false, false), 0);
/// assert_eq!(state.update(false, true), -1);
/// assert_eq!(state.update(false, false), -1);
/// assert_eq!(state.update(true, true), 1);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct SignalPersistence {
    state: i8,
}

impl SignalPersistence {
    /// A signal at 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one bar's events and returns the signal.
    #[inline]
    pub fn update(&mut self, up: bool, down: bool) -> i8 {
        if up {
            self.state = 1;
        } else if down {
            self.state = -1;
        }
        self.state
    }

    /// Back to 0.
    pub fn reset(&mut self) {
        self.state = 0;
    }
}

/// [`SignalPersistence`] over two event series.
///
/// # Errors
/// [`IndicatorError::LengthMismatch`] if `up` and `down` differ in length.
///
/// # Examples
/// ```
/// use rustybt_indicators::signal_persistence;
/// let out = signal_persistence(&[false, true, false, false], &[false, false, false, true])?;
/// assert_eq!(out, vec![0, 1, 1, -1]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn signal_persistence(up: &[bool], down: &[bool]) -> Result<Vec<i8>, IndicatorError> {
    signal_persistence_columns(up, down, up.len(), 1)
}

/// [`signal_persistence`] of each column of two row-major `rows x cols` boolean matrices.
///
/// # Errors
/// As [`signal_persistence`], and [`IndicatorError::ShapeMismatch`] if
/// `up.len() != rows * cols`.
///
/// # Examples
/// ```
/// use rustybt_indicators::signal_persistence_columns;
/// let out = signal_persistence_columns(&[true, false, false, false], &[false, true, false, false], 2, 2)?;
/// assert_eq!(out, vec![1, -1, 1, -1]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn signal_persistence_columns(
    up: &[bool],
    down: &[bool],
    rows: usize,
    cols: usize,
) -> Result<Vec<i8>, IndicatorError> {
    check_same_length(("up", up.len()), ("down", down.len()))?;
    check_matrix("up", up.len(), rows, cols)?;
    let mut out = vec![0_i8; up.len()];
    if cols == 0 {
        return Ok(out);
    }
    let mut states = vec![SignalPersistence::new(); cols];
    for ((u, d), o) in up
        .chunks_exact(cols)
        .zip(down.chunks_exact(cols))
        .zip(out.chunks_exact_mut(cols))
    {
        for (((state, &u), &d), o) in states.iter_mut().zip(u).zip(d).zip(o) {
            *o = state.update(u, d);
        }
    }
    Ok(out)
}

/// The persistent position from price crossing its moving average (ATC specification section 7):
/// `signal_persistence(crossover(price, ma), crossunder(price, ma))`, in one pass. 0 until the
/// first cross, then 1 after a cross above and -1 after a cross below.
///
/// # Errors
/// - [`IndicatorError::LengthMismatch`] if `price` and `ma` differ in length.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::ma_signal;
/// let out = ma_signal(&[1.0, 3.0, 2.5, 1.0, f64::NAN], &[2.0, 2.0, 2.0, 2.0, 2.0])?;
/// assert_eq!(out, vec![0, 1, 1, -1, -1]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn ma_signal(price: &[f64], ma: &[f64]) -> Result<Vec<i8>, IndicatorError> {
    ma_signal_columns(price, ma, price.len(), 1)
}

/// [`ma_signal`] of each column of two row-major `rows x cols` matrices.
///
/// # Errors
/// As [`ma_signal`], and [`IndicatorError::ShapeMismatch`] if `price.len() != rows * cols`.
///
/// # Examples
/// ```
/// use rustybt_indicators::ma_signal_columns;
/// let out = ma_signal_columns(&[1.0, 3.0, 3.0, 1.0], &[2.0, 2.0, 2.0, 2.0], 2, 2)?;
/// assert_eq!(out, vec![0, 0, 1, -1]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn ma_signal_columns(
    price: &[f64],
    ma: &[f64],
    rows: usize,
    cols: usize,
) -> Result<Vec<i8>, IndicatorError> {
    check_pair(("price", "ma"), price, ma, rows, cols)?;
    let mut out = vec![0_i8; price.len()];
    if cols == 0 {
        return Ok(out);
    }
    let mut states = vec![SignalPersistence::new(); cols];
    for (now, o) in out.iter_mut().enumerate().skip(cols) {
        let before = now - cols;
        let up = crosses(price, ma, now, before, Direction::Up);
        let down = crosses(price, ma, now, before, Direction::Down);
        *o = states[now % cols].update(up, down);
    }
    Ok(out)
}

/// Streaming crossings of two series, TradingView's semantics as [`crossover`] and
/// [`crossunder`]: at each bar, whether `a` crossed over `b` (`a > b` now, `a <= b` the bar
/// before) and whether it crossed under; neither at the first bar. A NaN on either bar compares
/// false, so no crossing is seen across it, as in the batch functions.
///
/// # Examples
/// ```
/// use rustybt_indicators::Crossings;
/// let mut crossings = Crossings::new();
/// assert_eq!(crossings.update(1.0, 2.0), (false, false));
/// assert_eq!(crossings.update(3.0, 2.0), (true, false));
/// assert_eq!(crossings.update(1.0, 2.0), (false, true));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Crossings {
    previous: Option<(f64, f64)>,
}

impl Crossings {
    /// No bar seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bar; returns (crossed over, crossed under).
    #[inline]
    pub fn update(&mut self, a: f64, b: f64) -> (bool, bool) {
        let crossed = match self.previous {
            Some((pa, pb)) => (a > b && pa <= pb, a < b && pa >= pb),
            None => (false, false),
        };
        self.previous = Some((a, b));
        crossed
    }

    /// Forgets the previous bar.
    pub fn reset(&mut self) {
        self.previous = None;
    }
}

impl crate::Snapshot for Crossings {
    fn save(&self, out: &mut Vec<f64>) {
        match self.previous {
            Some((a, b)) => out.extend([1.0, a, b]),
            None => out.extend([0.0, f64::NAN, f64::NAN]),
        }
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        let seen = saved.flag()?;
        let (a, b) = (saved.float()?, saved.float()?);
        self.previous = seen.then_some((a, b));
        Ok(())
    }
}

impl crate::Snapshot for SignalPersistence {
    fn save(&self, out: &mut Vec<f64>) {
        out.push(f64::from(self.state));
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.state = match saved.float()? {
            1.0 => 1,
            -1.0 => -1,
            0.0 => 0,
            _ => {
                return Err(IndicatorError::InvalidState {
                    reason: "a signal is not -1, 0 or 1",
                })
            }
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;

    #[test]
    fn crossings_are_tradingview_s() {
        let a = [1.0, 2.0, 3.0, 2.0, 2.0, 1.0, NAN, 3.0, 3.0];
        let b = [2.0; 9];
        // equal then above is a crossover (a[i-1] <= b[i-1]); NaN on either bar is no crossing
        assert_eq!(crossover(&a, &b).unwrap(), vec![0, 0, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(crossunder(&a, &b).unwrap(), vec![0, 0, 0, 0, 0, 1, 0, 0, 0]);
        assert!(crossover(&[], &[]).unwrap().is_empty());
        assert_eq!(crossover(&[3.0], &[1.0]).unwrap(), vec![0]);
    }

    #[test]
    fn streaming_crossings_equal_the_batch_ones() {
        let a = [1.0, 2.0, 3.0, 2.0, 2.0, 1.0, NAN, 3.0, 3.0, 1.0];
        let b = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, NAN, 2.0];
        let mut crossings = Crossings::new();
        let (over, under): (Vec<i8>, Vec<i8>) = a
            .iter()
            .zip(&b)
            .map(|(&x, &y)| {
                let (o, u) = crossings.update(x, y);
                (i8::from(o), i8::from(u))
            })
            .unzip();
        assert_eq!(over, crossover(&a, &b).unwrap());
        assert_eq!(under, crossunder(&a, &b).unwrap());
        crossings.reset();
        assert_eq!(crossings.update(3.0, 2.0), (false, false));
        let mut saved = Vec::new();
        crate::Snapshot::save(&crossings, &mut saved);
        let mut restored = Crossings::new();
        let mut reader = crate::SavedState::new(&saved);
        crate::Snapshot::load(&mut restored, &mut reader).unwrap();
        assert_eq!(restored.update(1.0, 2.0), (false, true));
    }

    #[test]
    fn ma_signal_is_persistence_of_the_crossings() {
        let p = rustybt_bench_data::prices(2_000, 6);
        let ma = crate::sma(&p, 10, crate::NanPolicy::Propagate).unwrap();
        let up: Vec<bool> = crossover(&p, &ma)
            .unwrap()
            .iter()
            .map(|&v| v == 1)
            .collect();
        let down: Vec<bool> = crossunder(&p, &ma)
            .unwrap()
            .iter()
            .map(|&v| v == 1)
            .collect();
        let expected = signal_persistence(&up, &down).unwrap();
        assert_eq!(ma_signal(&p, &ma).unwrap(), expected);
        assert!(expected[..10].iter().all(|&v| v == 0));
        assert!(expected.contains(&1) && expected.contains(&-1));
        // columns: the same series side by side, and negated
        let a: Vec<f64> = p.iter().flat_map(|&v| [v, -v]).collect();
        let m: Vec<f64> = ma.iter().flat_map(|&v| [v, -v]).collect();
        let both = ma_signal_columns(&a, &m, 2_000, 2).unwrap();
        let first: Vec<i8> = both.iter().step_by(2).copied().collect();
        let second: Vec<i8> = both.iter().skip(1).step_by(2).copied().collect();
        assert_eq!(first, expected);
        assert_eq!(second, expected.iter().map(|v| -v).collect::<Vec<_>>());
        let cross = crossover_columns(&a, &m, 2_000, 2).unwrap();
        let firsts: Vec<i8> = cross.iter().step_by(2).copied().collect();
        assert_eq!(firsts, crossover(&p, &ma).unwrap());
    }

    #[test]
    fn persistence_holds_and_up_wins_a_tie() {
        let up = [false, true, false, true, false];
        let down = [false, false, true, true, false];
        assert_eq!(
            signal_persistence(&up, &down).unwrap(),
            vec![0, 1, -1, 1, 1]
        );
        let mut state = SignalPersistence::new();
        state.update(true, false);
        state.reset();
        assert_eq!(state.update(false, false), 0);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            crossover(&[1.0], &[1.0, 2.0]),
            Err(IndicatorError::LengthMismatch {
                left: "a",
                right: "b",
                ..
            })
        ));
        assert!(matches!(
            ma_signal(&[1.0, 2.0], &[1.0, f64::INFINITY]),
            Err(IndicatorError::NonFinite {
                name: "ma",
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            signal_persistence(&[true], &[]),
            Err(IndicatorError::LengthMismatch { left: "up", .. })
        ));
        assert!(matches!(
            signal_persistence_columns(&[true; 3], &[true; 3], 2, 2),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
    }
}
