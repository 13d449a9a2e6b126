//! A streaming builder of time bars from live trades: the state machine behind `BarBuilder`.
//!
//! Ticks arrive one at a time (or in batches); a bar is emitted when the first tick of a later
//! bucket arrives, and [`BarBuilder::flush`] emits the bar still open. The buckets and the
//! aggregates are those of the batch path (`bucket_runs` with `aggregate_f64`), in the same
//! order of operations, so the bars equal the batch bars bit for bit for any split of the ticks.

use crate::{AggregationError, BucketRule, Closed, Label, Origin};

/// 1970-01-05T00:00Z, the first Monday after the Unix epoch: week buckets start on Mondays.
const FIRST_MONDAY_NS: i64 = 4 * 86_400_000_000_000;
const DAY_NS: i64 = 86_400_000_000_000;

/// One time bar of trades.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TickBar {
    /// Label of the bucket, nanoseconds since the epoch (per the rule's `label`).
    pub timestamp: i64,
    /// First price present (NaN prices are missing), NaN if none.
    pub open: f64,
    /// Largest price present, NaN if none.
    pub high: f64,
    /// Smallest price present, NaN if none.
    pub low: f64,
    /// Last price present, NaN if none.
    pub close: f64,
    /// Sum of the sizes present, added left to right.
    pub volume: f64,
    /// Number of prices present.
    pub trades: i64,
    /// Sum of the products `price * size` present, added left to right.
    pub notional: f64,
}

impl TickBar {
    /// `notional / volume`, NaN when the volume is 0.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::TickBar;
    /// let bar = TickBar { timestamp: 0, open: 1.0, high: 2.0, low: 1.0, close: 2.0,
    ///                     volume: 4.0, trades: 2, notional: 6.0 };
    /// assert_eq!(bar.vwap(), 1.5);
    /// ```
    #[must_use]
    pub fn vwap(&self) -> f64 {
        if self.volume == 0.0 {
            f64::NAN
        } else {
            self.notional / self.volume
        }
    }

    pub(crate) fn open_at(timestamp: i64) -> Self {
        Self {
            timestamp,
            open: f64::NAN,
            high: f64::NAN,
            low: f64::NAN,
            close: f64::NAN,
            volume: 0.0,
            trades: 0,
            notional: 0.0,
        }
    }

    pub(crate) fn add(&mut self, price: f64, size: f64) {
        if !price.is_nan() {
            if self.trades == 0 {
                self.open = price;
                self.high = price;
                self.low = price;
            } else {
                self.high = self.high.max(price);
                self.low = self.low.min(price);
            }
            self.close = price;
            self.trades += 1;
        }
        if !size.is_nan() {
            self.volume += size;
        }
        let product = price * size;
        if !product.is_nan() {
            self.notional += product;
        }
    }
}

/// Streaming time bars: push trades in time order, get each bar when its bucket is over.
///
/// Buckets follow [`BucketRule`] as in [`bucket_runs`](crate::bucket_runs) (pandas'
/// `resample` rules); `Origin::Start` and `Origin::StartDay` anchor on the first tick pushed.
/// Buckets without trades give no bar.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{BarBuilder, BucketRule, Closed, Duration, Label, Origin};
/// const MIN: i64 = 60_000_000_000;
/// let rule = BucketRule {
///     every: Duration::parse("1m", "every")?,
///     offset: 0,
///     closed: Closed::Left,
///     label: Label::Left,
///     origin: Origin::Epoch,
/// };
/// let mut builder = BarBuilder::new(rule)?;
/// assert_eq!(builder.push(10, 100.0, 2.0)?, None);
/// assert_eq!(builder.push(20, 101.0, 2.0)?, None);
/// let bar = builder.push(MIN + 5, 99.0, 1.0)?.expect("the first minute is over");
/// assert_eq!((bar.timestamp, bar.high, bar.trades, bar.vwap()), (0, 101.0, 2, 100.5));
/// assert_eq!(builder.flush().map(|b| b.close), Some(99.0));
/// # Ok::<(), rustybt_aggregation::AggregationError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BarBuilder {
    rule: BucketRule,
    /// `origin + offset`, fixed at construction or by the first tick.
    anchor: Option<i128>,
    /// The open bar and its bucket number.
    current: Option<(i128, TickBar)>,
    /// Ticks pushed so far (to name a bad one).
    ticks: usize,
    previous: i64,
}

impl BarBuilder {
    /// A builder with no ticks yet.
    ///
    /// # Errors
    /// [`AggregationError::InvalidDuration`] for a bucket length that is not positive.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::{BarBuilder, BucketRule, Closed, Duration, Label, Origin};
    /// let rule = BucketRule { every: Duration { nanos: 0, has_weeks: false }, offset: 0,
    ///     closed: Closed::Left, label: Label::Left, origin: Origin::Epoch };
    /// assert!(BarBuilder::new(rule).is_err());
    /// ```
    pub fn new(rule: BucketRule) -> Result<Self, AggregationError> {
        if rule.every.nanos <= 0 {
            return Err(AggregationError::InvalidDuration {
                name: "every",
                text: format!("{}ns", rule.every.nanos),
                reason: "the bucket length must be positive".to_owned(),
            });
        }
        let base = match rule.origin {
            Origin::Epoch if rule.every.has_weeks => Some(FIRST_MONDAY_NS),
            Origin::Epoch => Some(0),
            Origin::At(t) => Some(t),
            Origin::Start | Origin::StartDay => None,
        };
        Ok(Self {
            rule,
            anchor: base.map(|b| i128::from(b) + i128::from(rule.offset)),
            current: None,
            ticks: 0,
            previous: i64::MIN,
        })
    }

    /// Number of ticks pushed so far.
    #[must_use]
    pub fn ticks(&self) -> usize {
        self.ticks
    }

    /// Checks that `t`, pushed after `previous`, is a time in order.
    fn check(&self, index: usize, t: i64, previous: i64) -> Result<(), AggregationError> {
        if t == i64::MIN {
            return Err(AggregationError::MissingTimestamp { index });
        }
        if t < previous {
            return Err(AggregationError::Unsorted {
                index,
                value: t,
                previous,
            });
        }
        Ok(())
    }

    /// Adds one trade; returns the bar it closes, if any. On error the builder is unchanged.
    ///
    /// # Errors
    /// - [`AggregationError::MissingTimestamp`] for `i64::MIN` (NaT).
    /// - [`AggregationError::Unsorted`] for a timestamp before the previous tick's (`index` is
    ///   the tick's number since the builder was made).
    /// - [`AggregationError::OutOfRange`] for a bucket label outside int64 nanoseconds.
    ///
    /// # Examples
    /// ```
    /// # use rustybt_aggregation::{BarBuilder, BucketRule, Closed, Duration, Label, Origin};
    /// # let rule = BucketRule { every: Duration::parse("1s", "every").unwrap(), offset: 0,
    /// #     closed: Closed::Left, label: Label::Left, origin: Origin::Epoch };
    /// let mut builder = BarBuilder::new(rule).unwrap();
    /// builder.push(5, 1.0, 1.0).unwrap();
    /// assert!(builder.push(4, 1.0, 1.0).is_err());
    /// ```
    pub fn push(
        &mut self,
        t: i64,
        price: f64,
        size: f64,
    ) -> Result<Option<TickBar>, AggregationError> {
        self.check(self.ticks, t, self.previous)?;
        let anchor = self.anchor.unwrap_or_else(|| {
            let base = match self.rule.origin {
                Origin::StartDay => t.div_euclid(DAY_NS) * DAY_NS,
                _ => t,
            };
            i128::from(base) + i128::from(self.rule.offset)
        });
        let every = i128::from(self.rule.every.nanos);
        let shift = match self.rule.closed {
            Closed::Left => 0,
            Closed::Right => 1,
        };
        let bucket = (i128::from(t) - anchor - shift).div_euclid(every);
        let mut closed = None;
        let same = matches!(self.current, Some((k, _)) if k == bucket);
        if !same {
            let label_shift = match self.rule.label {
                Label::Left => 0,
                Label::Right => 1,
            };
            let label = i64::try_from(anchor + (bucket + label_shift) * every).map_err(|_| {
                AggregationError::OutOfRange {
                    index: self.ticks,
                    value: t,
                }
            })?;
            closed = self
                .current
                .replace((bucket, TickBar::open_at(label)))
                .map(|(_, bar)| bar);
        }
        if let Some((_, bar)) = self.current.as_mut() {
            bar.add(price, size);
        }
        self.anchor = Some(anchor);
        self.ticks += 1;
        self.previous = t;
        Ok(closed)
    }

    /// Adds trades in order; returns the bars they close. The whole batch is checked first: on
    /// error the builder is unchanged.
    ///
    /// # Errors
    /// As [`BarBuilder::push`], and [`AggregationError::InvalidGroups`] for slices of
    /// different lengths.
    ///
    /// # Examples
    /// ```
    /// # use rustybt_aggregation::{BarBuilder, BucketRule, Closed, Duration, Label, Origin};
    /// # let rule = BucketRule { every: Duration::parse("10ns", "every").unwrap(), offset: 0,
    /// #     closed: Closed::Left, label: Label::Left, origin: Origin::Epoch };
    /// let mut builder = BarBuilder::new(rule).unwrap();
    /// let bars = builder.push_batch(&[1, 2, 11, 25], &[1.0, 2.0, 3.0, 4.0], &[1.0; 4]).unwrap();
    /// assert_eq!(bars.iter().map(|b| b.timestamp).collect::<Vec<_>>(), vec![0, 10]);
    /// ```
    pub fn push_batch(
        &mut self,
        timestamps: &[i64],
        prices: &[f64],
        sizes: &[f64],
    ) -> Result<Vec<TickBar>, AggregationError> {
        if prices.len() != timestamps.len() || sizes.len() != timestamps.len() {
            return Err(AggregationError::InvalidGroups {
                rows: timestamps.len(),
            });
        }
        let mut previous = self.previous;
        for (i, &t) in timestamps.iter().enumerate() {
            self.check(self.ticks + i, t, previous)?;
            previous = t;
        }
        let mut trial = self.clone();
        let mut bars = Vec::new();
        for ((&t, &p), &s) in timestamps.iter().zip(prices).zip(sizes) {
            bars.extend(trial.push(t, p, s)?);
        }
        *self = trial;
        Ok(bars)
    }

    /// The bar still open, if any; the builder then starts afresh for later ticks (same
    /// anchor, same order check).
    ///
    /// # Examples
    /// ```
    /// # use rustybt_aggregation::{BarBuilder, BucketRule, Closed, Duration, Label, Origin};
    /// # let rule = BucketRule { every: Duration::parse("1s", "every").unwrap(), offset: 0,
    /// #     closed: Closed::Left, label: Label::Left, origin: Origin::Epoch };
    /// let mut builder = BarBuilder::new(rule).unwrap();
    /// assert!(builder.flush().is_none());
    /// builder.push(5, 1.0, 1.0).unwrap();
    /// assert_eq!(builder.flush().map(|b| b.trades), Some(1));
    /// ```
    pub fn flush(&mut self) -> Option<TickBar> {
        self.current.take().map(|(_, bar)| bar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{aggregate_f64, bucket_runs, Agg, Duration};

    fn rule(every: &str, closed: Closed, label: Label, origin: Origin) -> BucketRule {
        BucketRule {
            every: Duration::parse(every, "every").unwrap(),
            offset: 7,
            closed,
            label,
            origin,
        }
    }

    #[test]
    fn streaming_equals_batch_for_every_split() {
        let ts: Vec<i64> = (0..60).map(|i| i * i * 3 + (i % 4)).collect();
        let prices: Vec<f64> = (0..60)
            .map(|i| {
                if i % 11 == 3 {
                    f64::NAN
                } else {
                    100.0 + (i % 7) as f64 * 0.3
                }
            })
            .collect();
        let sizes: Vec<f64> = (0..60).map(|i| (i % 5) as f64 + 0.5).collect();
        for (closed, label, origin) in [
            (Closed::Left, Label::Left, Origin::Epoch),
            (Closed::Right, Label::Right, Origin::Start),
            (Closed::Right, Label::Left, Origin::At(-3)),
        ] {
            let r = rule("100ns", closed, label, origin);
            let runs = bucket_runs(&ts, &[0, ts.len()], &r, false).unwrap();
            let high = aggregate_f64(&prices, &runs.bounds, Agg::Max).unwrap();
            let volume = aggregate_f64(&sizes, &runs.bounds, Agg::Sum).unwrap();
            for split in [1, 7, 60] {
                let mut builder = BarBuilder::new(r).unwrap();
                let mut bars = Vec::new();
                for chunk in (0..60).collect::<Vec<_>>().chunks(split) {
                    let (lo, hi) = (chunk[0], chunk[chunk.len() - 1] + 1);
                    bars.extend(
                        builder
                            .push_batch(&ts[lo..hi], &prices[lo..hi], &sizes[lo..hi])
                            .unwrap(),
                    );
                }
                bars.extend(builder.flush());
                assert_eq!(
                    bars.iter().map(|b| b.timestamp).collect::<Vec<_>>(),
                    runs.labels
                );
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                let highs: Vec<f64> = bars.iter().map(|b| b.high).collect();
                assert_eq!(bits(&highs), bits(&high)); // NaN where a bar has no price
                let volumes: Vec<f64> = bars.iter().map(|b| b.volume).collect();
                assert_eq!(bits(&volumes), bits(&volume));
            }
        }
    }

    #[test]
    fn a_bad_batch_leaves_the_builder_unchanged() {
        let mut builder =
            BarBuilder::new(rule("10ns", Closed::Left, Label::Left, Origin::Epoch)).unwrap();
        builder.push(5, 1.0, 1.0).unwrap();
        let before = builder.clone();
        assert!(matches!(
            builder.push_batch(&[6, 20, 19], &[1.0; 3], &[1.0; 3]),
            Err(AggregationError::Unsorted { index: 3, .. })
        ));
        assert!(matches!(
            builder.push(i64::MIN, 1.0, 1.0),
            Err(AggregationError::MissingTimestamp { index: 1 })
        ));
        assert!(builder.push_batch(&[6], &[], &[]).is_err());
        assert_eq!(builder, before);
    }
}
