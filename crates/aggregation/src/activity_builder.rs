//! A streaming builder of activity bars (volume, dollar and tick bars) from live trades: the
//! rule of [`threshold_runs`](crate::threshold_runs), one trade at a time.

use crate::{AggregationError, TickBar};

/// What closes an activity bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ActivityRule {
    /// The summed size reaches this (volume bars).
    Volume(f64),
    /// The summed `price * size` reaches this (dollar bars).
    Dollar(f64),
    /// The bar holds this many trades (tick bars).
    Ticks(u64),
}

/// Streaming activity bars over float prices and sizes: the tick whose weight makes the
/// running total reach the threshold closes its bar and belongs to it (as
/// [`threshold_runs`](crate::threshold_runs), float64 sums added left to right).
///
/// # Examples
/// ```
/// use rustybt_aggregation::{ActivityBarBuilder, ActivityRule};
/// let mut builder = ActivityBarBuilder::new(ActivityRule::Volume(100.0))?;
/// assert!(builder.push(1, 10.0, 60.0)?.is_none());
/// let (bar, closed_at) = builder.push(2, 11.0, 50.0)?.expect("110 >= 100");
/// assert_eq!((bar.timestamp, closed_at, bar.volume, bar.trades), (1, 2, 110.0, 2));
/// assert!(builder.flush().is_none());
/// # Ok::<(), rustybt_aggregation::AggregationError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityBarBuilder {
    rule: ActivityRule,
    /// The open bar, its running total, and the timestamp of its last tick.
    current: Option<(TickBar, f64, i64)>,
    ticks: usize,
    previous: i64,
}

impl ActivityBarBuilder {
    /// A builder with no trades yet.
    ///
    /// # Errors
    /// [`AggregationError::InvalidThreshold`] for a threshold that is zero, negative or not
    /// finite.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::{ActivityBarBuilder, ActivityRule};
    /// assert!(ActivityBarBuilder::new(ActivityRule::Ticks(0)).is_err());
    /// ```
    pub fn new(rule: ActivityRule) -> Result<Self, AggregationError> {
        let bad = match rule {
            ActivityRule::Ticks(n) => (n == 0).then(|| "0".to_owned()),
            ActivityRule::Volume(t) | ActivityRule::Dollar(t) => {
                (!(t.is_finite() && t > 0.0)).then(|| t.to_string())
            }
        };
        if let Some(text) = bad {
            return Err(AggregationError::InvalidThreshold { text });
        }
        Ok(Self {
            rule,
            current: None,
            ticks: 0,
            previous: i64::MIN,
        })
    }

    /// Number of trades pushed so far.
    #[must_use]
    pub fn ticks(&self) -> usize {
        self.ticks
    }

    /// Adds one trade; returns the bar it closes with the timestamp of its last trade.
    /// On error the builder is unchanged.
    ///
    /// # Errors
    /// - [`AggregationError::MissingTimestamp`] for `i64::MIN` (NaT).
    /// - [`AggregationError::Unsorted`] for a timestamp before the previous trade's.
    /// - [`AggregationError::InvalidWeight`] for a price or size that is not finite, or a
    ///   negative size.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::{ActivityBarBuilder, ActivityRule};
    /// let mut builder = ActivityBarBuilder::new(ActivityRule::Ticks(2)).unwrap();
    /// assert!(builder.push(1, f64::NAN, 1.0).is_err());
    /// ```
    pub fn push(
        &mut self,
        t: i64,
        price: f64,
        size: f64,
    ) -> Result<Option<(TickBar, i64)>, AggregationError> {
        let index = self.ticks;
        if t == i64::MIN {
            return Err(AggregationError::MissingTimestamp { index });
        }
        if t < self.previous {
            return Err(AggregationError::Unsorted {
                index,
                value: t,
                previous: self.previous,
            });
        }
        for value in [price, size] {
            if !value.is_finite() {
                return Err(AggregationError::InvalidWeight {
                    index,
                    value: value.to_string(),
                });
            }
        }
        if size < 0.0 {
            return Err(AggregationError::InvalidWeight {
                index,
                value: size.to_string(),
            });
        }
        let (bar, total, last) = self
            .current
            .get_or_insert_with(|| (TickBar::open_at(t), 0.0, t));
        bar.add(price, size);
        *last = t;
        let closes = match self.rule {
            ActivityRule::Ticks(n) => bar.trades as u64 >= n,
            ActivityRule::Volume(threshold) => {
                *total += size;
                *total >= threshold
            }
            ActivityRule::Dollar(threshold) => {
                *total += price * size;
                *total >= threshold
            }
        };
        self.ticks += 1;
        self.previous = t;
        Ok(if closes {
            self.current.take().map(|(bar, _, last)| (bar, last))
        } else {
            None
        })
    }

    /// Adds trades in order; returns the bars they close. The whole batch is checked first:
    /// on error the builder is unchanged.
    ///
    /// # Errors
    /// As [`ActivityBarBuilder::push`], and [`AggregationError::InvalidGroups`] for slices of
    /// different lengths.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::{ActivityBarBuilder, ActivityRule};
    /// let mut builder = ActivityBarBuilder::new(ActivityRule::Ticks(2)).unwrap();
    /// let bars = builder.push_batch(&[1, 2, 3], &[1.0, 2.0, 3.0], &[1.0; 3]).unwrap();
    /// assert_eq!(bars.len(), 1);
    /// assert_eq!(builder.flush().map(|(bar, _)| bar.close), Some(3.0));
    /// ```
    pub fn push_batch(
        &mut self,
        timestamps: &[i64],
        prices: &[f64],
        sizes: &[f64],
    ) -> Result<Vec<(TickBar, i64)>, AggregationError> {
        if prices.len() != timestamps.len() || sizes.len() != timestamps.len() {
            return Err(AggregationError::InvalidGroups {
                rows: timestamps.len(),
            });
        }
        let mut trial = self.clone();
        let mut bars = Vec::new();
        for ((&t, &p), &s) in timestamps.iter().zip(prices).zip(sizes) {
            bars.extend(trial.push(t, p, s)?);
        }
        *self = trial;
        Ok(bars)
    }

    /// The bar still open (short of the threshold), with the timestamp of its last trade.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::{ActivityBarBuilder, ActivityRule};
    /// let mut builder = ActivityBarBuilder::new(ActivityRule::Dollar(1e6)).unwrap();
    /// builder.push(7, 10.0, 5.0).unwrap();
    /// assert_eq!(builder.flush().map(|(bar, last)| (bar.notional, last)), Some((50.0, 7)));
    /// ```
    pub fn flush(&mut self) -> Option<(TickBar, i64)> {
        self.current.take().map(|(bar, _, last)| (bar, last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{aggregate_f64, threshold_runs, Agg, BarWeights};

    #[test]
    fn streaming_equals_threshold_runs_for_every_split() {
        let n = 80;
        let ts: Vec<i64> = (0..n as i64).map(|i| i / 3).collect();
        let prices: Vec<f64> = (0..n).map(|i| 100.0 + (i % 9) as f64 * 0.7).collect();
        let sizes: Vec<f64> = (0..n).map(|i| ((i * 37) % 11) as f64 + 0.25).collect();
        let notional: Vec<f64> = prices.iter().zip(&sizes).map(|(p, s)| p * s).collect();
        for (rule, weights) in [
            (
                ActivityRule::Volume(17.5),
                BarWeights::Float {
                    values: &sizes,
                    threshold: 17.5,
                },
            ),
            (
                ActivityRule::Dollar(1500.0),
                BarWeights::Float {
                    values: &notional,
                    threshold: 1500.0,
                },
            ),
            (ActivityRule::Ticks(6), BarWeights::Count(6)),
        ] {
            let (runs, _) = threshold_runs(&ts, &[0, n], &weights).unwrap();
            let volume = aggregate_f64(&sizes, &runs.bounds, Agg::Sum).unwrap();
            for split in [1, 9, n] {
                let mut builder = ActivityBarBuilder::new(rule).unwrap();
                let mut bars = Vec::new();
                for lo in (0..n).step_by(split) {
                    let hi = (lo + split).min(n);
                    bars.extend(
                        builder
                            .push_batch(&ts[lo..hi], &prices[lo..hi], &sizes[lo..hi])
                            .unwrap(),
                    );
                }
                bars.extend(builder.flush());
                let labels: Vec<i64> = bars.iter().map(|(b, _)| b.timestamp).collect();
                assert_eq!(labels, runs.labels);
                let volumes: Vec<f64> = bars.iter().map(|(b, _)| b.volume).collect();
                assert_eq!(volumes, volume);
                let last: Vec<i64> = bars.iter().map(|(_, last)| *last).collect();
                let expected: Vec<i64> = runs.bounds[1..].iter().map(|&b| ts[b - 1]).collect();
                assert_eq!(last, expected);
            }
        }
    }

    #[test]
    fn a_bad_trade_leaves_the_builder_unchanged() {
        let mut builder = ActivityBarBuilder::new(ActivityRule::Volume(10.0)).unwrap();
        builder.push(5, 1.0, 1.0).unwrap();
        let before = builder.clone();
        assert!(matches!(
            builder.push_batch(&[6, 7], &[1.0, 1.0], &[1.0, -1.0]),
            Err(AggregationError::InvalidWeight { index: 2, .. })
        ));
        assert!(matches!(
            builder.push(4, 1.0, 1.0),
            Err(AggregationError::Unsorted { index: 1, .. })
        ));
        assert_eq!(builder, before);
        assert!(ActivityBarBuilder::new(ActivityRule::Dollar(f64::NAN)).is_err());
    }
}
