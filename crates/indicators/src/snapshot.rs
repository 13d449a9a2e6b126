//! Saving a streaming indicator's state and restoring it later, in another process if need be
//! (Python pickles it). The state is a flat list of `f64`: every float bit for bit, counters
//! and flags as whole numbers, windows as their length followed by their values.

use std::collections::VecDeque;

use crate::IndicatorError;

/// Counters above 2^53 do not survive the round trip through `f64`.
const MAX_COUNT: f64 = 9_007_199_254_740_992.0;

/// A streaming indicator whose state can be saved and restored, so that a restored copy
/// continues exactly as the original would have.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Sma, Snapshot};
/// let mut live = Sma::new(3, NanPolicy::Propagate)?;
/// live.update(1.0);
/// live.update(2.0);
/// let saved = live.state();
/// let mut restored = Sma::new(3, NanPolicy::Propagate)?;
/// restored.restore(&saved)?;
/// assert_eq!(restored.update(3.0), live.update(3.0));
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub trait Snapshot: Clone {
    /// Appends the state (not the parameters) to `out`.
    fn save(&self, out: &mut Vec<f64>);

    /// Reads what [`Snapshot::save`] wrote, into a state built with the same parameters.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if the saved state does not fit these parameters.
    fn load(&mut self, saved: &mut SavedState<'_>) -> Result<(), IndicatorError>;

    /// The state as a flat list of floats.
    fn state(&self) -> Vec<f64> {
        let mut out = Vec::new();
        self.save(&mut out);
        out
    }

    /// Replaces the state with `saved`, all of it or nothing.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if `saved` was not saved from an indicator with the
    /// same parameters (wrong length, or values it could not hold); the state is then unchanged.
    fn restore(&mut self, saved: &[f64]) -> Result<(), IndicatorError> {
        let mut next = self.clone();
        let mut reader = SavedState::new(saved);
        next.load(&mut reader)?;
        reader.finish()?;
        *self = next;
        Ok(())
    }
}

/// The saved state being read back, front to back.
#[derive(Debug)]
pub struct SavedState<'a> {
    values: &'a [f64],
}

fn invalid(reason: &'static str) -> IndicatorError {
    IndicatorError::InvalidState { reason }
}

impl<'a> SavedState<'a> {
    /// A reader of `values`, as [`Snapshot::save`] wrote them.
    pub fn new(values: &'a [f64]) -> Self {
        Self { values }
    }

    /// Nothing if the state has been read to its end.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if values are left over.
    pub fn finish(&self) -> Result<(), IndicatorError> {
        if self.values.is_empty() {
            Ok(())
        } else {
            Err(invalid("it is longer than this indicator's state"))
        }
    }

    /// The next float.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if the state has ended.
    pub fn float(&mut self) -> Result<f64, IndicatorError> {
        let (&first, rest) = self
            .values
            .split_first()
            .ok_or_else(|| invalid("it is shorter than this indicator's state"))?;
        self.values = rest;
        Ok(first)
    }

    /// The next counter, at most `max`.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if it is not a whole number in `0..=max`.
    pub fn count(&mut self, max: usize) -> Result<usize, IndicatorError> {
        let value = self.float()?;
        if !((0.0..=MAX_COUNT).contains(&value) && value.fract() == 0.0) {
            return Err(invalid("a counter is not a whole number"));
        }
        // Exact: a whole number below 2^53.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let count = value as u64;
        match usize::try_from(count) {
            Ok(count) if count <= max => Ok(count),
            _ => Err(invalid("a counter exceeds what these parameters allow")),
        }
    }

    /// The next flag.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if it is neither 0 nor 1.
    pub fn flag(&mut self) -> Result<bool, IndicatorError> {
        Ok(self.count(1)? == 1)
    }

    /// The next window of at most `max` values, into `window`.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidState`] if it is longer than `max` or the state ends early.
    pub fn window(&mut self, window: &mut VecDeque<f64>, max: usize) -> Result<(), IndicatorError> {
        let len = self.count(max)?;
        if len > self.values.len() {
            return Err(invalid("it is shorter than this indicator's state"));
        }
        let (taken, rest) = self.values.split_at(len);
        window.clear();
        window.extend(taken);
        self.values = rest;
        Ok(())
    }
}

/// Appends a counter (exact below 2^53).
pub(crate) fn save_count(out: &mut Vec<f64>, count: usize) {
    #[allow(clippy::cast_precision_loss)]
    out.push(count as f64);
}

/// Appends a flag as 0 or 1.
pub(crate) fn save_flag(out: &mut Vec<f64>, flag: bool) {
    out.push(if flag { 1.0 } else { 0.0 });
}

/// Appends a window: its length, then its values oldest first.
pub(crate) fn save_window<'a>(out: &mut Vec<f64>, window: impl ExactSizeIterator<Item = &'a f64>) {
    save_count(out, window.len());
    out.extend(window);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;
    use crate::*;

    /// Feeds `values`, snapshots at every split point, and checks that a restored copy made
    /// there continues exactly as the original.
    fn round_trips<S: Snapshot>(
        fresh: S,
        values: &[f64],
        update: impl Fn(&mut S, f64) -> Vec<f64>,
    ) {
        let mut whole = fresh.clone();
        let expected: Vec<f64> = values.iter().flat_map(|&v| update(&mut whole, v)).collect();
        for split in 0..=values.len() {
            let mut first = fresh.clone();
            let mut out: Vec<f64> = values[..split]
                .iter()
                .flat_map(|&v| update(&mut first, v))
                .collect();
            let mut second = fresh.clone();
            second.restore(&first.state()).unwrap();
            out.extend(values[split..].iter().flat_map(|&v| update(&mut second, v)));
            assert!(same(&out, &expected), "split at {split}");
        }
    }

    fn series() -> Vec<f64> {
        let mut values = rustybt_bench_data::prices(60, 3);
        values[0] = f64::NAN;
        values[20] = f64::NAN;
        values
    }

    #[test]
    fn every_state_machine_round_trips() {
        let v = series();
        for policy in [NanPolicy::Propagate, NanPolicy::Skip] {
            round_trips(Sma::new(4, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            for seed in [EmaSeed::Sma, EmaSeed::First] {
                round_trips(Ema::new(4, seed, policy).unwrap(), &v, |s, x| {
                    vec![s.update(x)]
                });
            }
            round_trips(Wma::new(2, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Dema::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Tema::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Rsi::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Macd::new(3, 5, 2, policy).unwrap(), &v, |s, x| {
                s.update(x).to_vec()
            });
            round_trips(Bbands::new(3, 2.0, 1.5, policy).unwrap(), &v, |s, x| {
                s.update(x).to_vec()
            });
            round_trips(Kama::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Mom::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Roc::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(Stddev::new(3, 1.0, policy).unwrap(), &v, |s, x| {
                vec![s.update(x)]
            });
            round_trips(TrueRange::new(policy), &v, |s, x| {
                vec![s.update(x + 1.0, x - 1.0, x)]
            });
            round_trips(Atr::new(3, policy).unwrap(), &v, |s, x| {
                vec![s.update(x + 1.0, x - 1.0, x)]
            });
            round_trips(Natr::new(3, policy).unwrap(), &v, |s, x| {
                vec![s.update(x + 1.0, x - 1.0, x)]
            });
            round_trips(Cci::new(3, policy).unwrap(), &v, |s, x| {
                vec![s.update(x + 1.0, x - 1.0, x)]
            });
            round_trips(Obv::new(policy), &v, |s, x| vec![s.update(x, x * 10.0)]);
            // issue 8
            for period in [1, 2, 3, 4] {
                round_trips(Trima::new(period, policy).unwrap(), &v, |s, x| {
                    vec![s.update(x)]
                });
            }
            for period in [2, 3, 5] {
                round_trips(Midpoint::new(period, policy).unwrap(), &v, |s, x| {
                    vec![s.update(x)]
                });
                round_trips(Hma::new(period, policy).unwrap(), &v, |s, x| {
                    vec![s.update(x)]
                });
            }
            round_trips(Lsma::new(3, policy).unwrap(), &v, |s, x| vec![s.update(x)]);
            round_trips(RateOfChange::new(2, policy).unwrap(), &v, |s, x| {
                vec![s.update(x)]
            });
            round_trips(Mfi::new(3, policy).unwrap(), &v, |s, x| {
                vec![s.update(x + 1.0, x - 1.0, x.round(), 5.0)]
            });
        }
    }

    #[test]
    fn rejects_a_state_that_does_not_fit() {
        let mut long = Sma::new(5, NanPolicy::Propagate).unwrap();
        for v in [1.0, 2.0, 3.0, 4.0] {
            long.update(v);
        }
        let mut short = Sma::new(2, NanPolicy::Propagate).unwrap();
        assert!(matches!(
            short.restore(&long.state()),
            Err(IndicatorError::InvalidState { .. })
        ));
        let mut state = long.state();
        state.push(0.0);
        assert!(matches!(
            long.restore(&state),
            Err(IndicatorError::InvalidState { .. })
        ));
        assert!(matches!(
            long.restore(&state[..2]),
            Err(IndicatorError::InvalidState { .. })
        ));
        assert!(matches!(
            long.restore(&[0.5, 0.0, 0.0]),
            Err(IndicatorError::InvalidState { .. })
        ));
        // A failed restore leaves the state as it was.
        assert_eq!(long.update(5.0), 3.0);
    }
}
