//! Resampling: which rows make up each bar (runs of rows in one time bucket), and the
//! aggregates of a column over those runs.
//!
//! The bucket rule is pandas' `DataFrame.resample(every, closed=, label=, offset=, origin=)`
//! (`pandas/core/resample.py`, `_get_timestamp_range_edges` and `_adjust_dates_anchored`):
//! edges lie at `origin + offset + k * every`; `closed="left"` buckets are `[edge, edge + every)`
//! and `closed="right"` buckets `(edge, edge + every]`; a bar is labelled by its left or right
//! edge. Unlike pandas, buckets without rows are dropped unless asked to be filled.

use rayon::prelude::*;

use crate::{AggregationError, Duration};

/// 1970-01-05T00:00Z, the first Monday after the Unix epoch: week buckets start on Mondays.
const FIRST_MONDAY_NS: i64 = 4 * 86_400_000_000_000;
const DAY_NS: i64 = 86_400_000_000_000;
/// Arrow decimal128 holds at most 38 significant digits.
const MAX_MANTISSA: i128 = 10_i128.pow(38) - 1;
/// Below this many rows the rayon hand-off costs more than it saves: splitting 64k rows over
/// two threads saves about 40 us of aggregation, about what scheduling costs.
const PARALLEL_ROWS: usize = 1 << 16;

/// Which edge of a bucket belongs to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// `[start, start + every)`, pandas' default for minutes, hours and days.
    Left,
    /// `(start, start + every]`.
    Right,
}

/// Which edge of a bucket names the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The bucket's start.
    Left,
    /// The bucket's end.
    Right,
}

/// Where the grid of bucket edges is anchored (pandas' `origin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The Unix epoch, or Monday 1970-01-05 when `every` is given in weeks.
    Epoch,
    /// The first timestamp (of each group).
    Start,
    /// Midnight (UTC) of the day of the first timestamp (of each group).
    StartDay,
    /// This instant, in nanoseconds since the epoch.
    At(i64),
}

impl Closed {
    /// Parses `"left"` or `"right"`.
    ///
    /// # Errors
    /// [`AggregationError::InvalidChoice`] for anything else.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::Closed;
    /// assert_eq!(Closed::parse("right", "closed").unwrap(), Closed::Right);
    /// ```
    pub fn parse(text: &str, name: &'static str) -> Result<Self, AggregationError> {
        match text {
            "left" => Ok(Self::Left),
            "right" => Ok(Self::Right),
            _ => Err(choice(name, text, "'left' or 'right'")),
        }
    }
}

impl Origin {
    /// Parses `"epoch"`, `"start"` or `"start_day"`; `at` (nanoseconds) wins when given.
    ///
    /// # Errors
    /// [`AggregationError::InvalidChoice`] for another word.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::Origin;
    /// assert_eq!(Origin::parse("start_day", None).unwrap(), Origin::StartDay);
    /// assert_eq!(Origin::parse("epoch", Some(5)).unwrap(), Origin::At(5));
    /// ```
    pub fn parse(text: &str, at: Option<i64>) -> Result<Self, AggregationError> {
        if let Some(t) = at {
            return Ok(Self::At(t));
        }
        match text {
            "epoch" => Ok(Self::Epoch),
            "start" => Ok(Self::Start),
            "start_day" => Ok(Self::StartDay),
            _ => Err(choice(
                "origin",
                text,
                "'epoch', 'start', 'start_day' or a timestamp",
            )),
        }
    }
}

impl Label {
    /// Parses `"left"` or `"right"`.
    ///
    /// # Errors
    /// [`AggregationError::InvalidChoice`] for anything else.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::Label;
    /// assert_eq!(Label::parse("left", "label").unwrap(), Label::Left);
    /// ```
    pub fn parse(text: &str, name: &'static str) -> Result<Self, AggregationError> {
        match text {
            "left" => Ok(Self::Left),
            "right" => Ok(Self::Right),
            _ => Err(choice(name, text, "'left' or 'right'")),
        }
    }
}

fn choice(name: &'static str, text: &str, expected: &'static str) -> AggregationError {
    AggregationError::InvalidChoice {
        name,
        text: text.to_owned(),
        expected,
    }
}

/// How timestamps map to bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketRule {
    /// Bucket length; must be positive.
    pub every: Duration,
    /// Shift of the edges from the origin, in nanoseconds.
    pub offset: i64,
    /// Which edge belongs to a bucket.
    pub closed: Closed,
    /// Which edge names a bar.
    pub label: Label,
    /// Anchor of the edges.
    pub origin: Origin,
}

/// The bars of sorted timestamps: bar `j` is rows `bounds[j]..bounds[j + 1]`, labelled
/// `labels[j]`; group `g` owns bars `group_bounds[g]..group_bounds[g + 1]`. Under fill, a bucket
/// without rows is a bar with an empty row range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Runs {
    /// Label of each bar, nanoseconds since the epoch.
    pub labels: Vec<i64>,
    /// Row offsets: `labels.len() + 1` of them, from 0 to the number of rows.
    pub bounds: Vec<usize>,
    /// Bar offsets of the groups: one more than the number of groups.
    pub group_bounds: Vec<usize>,
}

/// The bars of `timestamps`, bucketed per `rule` within each group.
///
/// `group_bounds` are row offsets (`0 = b[0] <= b[1] <= ... = timestamps.len()`): group `g` is
/// rows `b[g]..b[g + 1]`, and no bar spans two groups. Timestamps are int64 nanoseconds, sorted
/// ascending within each group. With `fill`, buckets between a group's first and last bar
/// that hold no rows become empty bars (pandas keeps them; by default they are dropped).
/// Bucket `k` of a group spans `anchor + k * every` to `anchor + (k + 1) * every`, with
/// `anchor = origin + offset` (see [`Origin`]) and the closed edge per `rule.closed`.
///
/// # Errors
/// - [`AggregationError::InvalidDuration`] for a bucket length that is not positive.
/// - [`AggregationError::InvalidGroups`] for group offsets that do not cover the rows.
/// - [`AggregationError::MissingTimestamp`] for `i64::MIN` (numpy's NaT).
/// - [`AggregationError::Unsorted`] naming the first timestamp smaller than its predecessor in
///   its group.
/// - [`AggregationError::OutOfRange`] for a label outside the int64 nanosecond range.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{bucket_runs, BucketRule, Closed, Duration, Label, Origin};
/// const MIN: i64 = 60_000_000_000;
/// let rule = BucketRule {
///     every: Duration::parse("5m", "every").unwrap(),
///     offset: 0,
///     closed: Closed::Left,
///     label: Label::Left,
///     origin: Origin::Epoch,
/// };
/// let runs = bucket_runs(&[0, 4 * MIN, 5 * MIN, 12 * MIN], &[0, 4], &rule, false).unwrap();
/// assert_eq!(runs.labels, vec![0, 5 * MIN, 10 * MIN]);
/// assert_eq!(runs.bounds, vec![0, 2, 3, 4]);
/// ```
pub fn bucket_runs(
    timestamps: &[i64],
    group_bounds: &[usize],
    rule: &BucketRule,
    fill: bool,
) -> Result<Runs, AggregationError> {
    if rule.every.nanos <= 0 {
        return Err(AggregationError::InvalidDuration {
            name: "every",
            text: format!("{}ns", rule.every.nanos),
            reason: "the bucket length must be positive".to_owned(),
        });
    }
    let valid_groups = group_bounds.first() == Some(&0)
        && group_bounds.last() == Some(&timestamps.len())
        && group_bounds.windows(2).all(|w| w[0] <= w[1]);
    if !valid_groups {
        return Err(AggregationError::InvalidGroups {
            rows: timestamps.len(),
        });
    }
    let mut runs = Runs {
        labels: Vec::new(),
        bounds: vec![0],
        group_bounds: vec![0],
    };
    if timestamps.len() < PARALLEL_ROWS || group_bounds.len() <= 2 {
        for pair in group_bounds.windows(2) {
            group_runs(timestamps, pair[0], pair[1], rule, fill, &mut runs)?;
            runs.group_bounds.push(runs.labels.len());
        }
        return Ok(runs);
    }
    // Groups are independent: bucket them on rayon's threads, then join them in order (the
    // first error in row order wins, as in the sequential loop).
    let parts: Vec<Result<Runs, AggregationError>> = group_bounds
        .par_windows(2)
        .map(|pair| {
            let mut part = Runs {
                labels: Vec::new(),
                bounds: vec![pair[0]],
                group_bounds: Vec::new(),
            };
            group_runs(timestamps, pair[0], pair[1], rule, fill, &mut part).map(|()| part)
        })
        .collect();
    for part in parts {
        let part = part?;
        runs.labels.extend(part.labels);
        runs.bounds.extend(&part.bounds[1..]);
        runs.group_bounds.push(runs.labels.len());
    }
    Ok(runs)
}

/// Appends the bars of rows `lo..hi` to `runs`.
fn group_runs(
    timestamps: &[i64],
    lo: usize,
    hi: usize,
    rule: &BucketRule,
    fill: bool,
    runs: &mut Runs,
) -> Result<(), AggregationError> {
    let Some(&first) = timestamps.get(lo).filter(|_| lo < hi) else {
        return Ok(());
    };
    let every = i128::from(rule.every.nanos);
    let origin = match rule.origin {
        Origin::Epoch if rule.every.has_weeks => FIRST_MONDAY_NS,
        Origin::Epoch => 0,
        Origin::Start => first,
        Origin::StartDay => first.div_euclid(DAY_NS) * DAY_NS,
        Origin::At(t) => t,
    };
    let anchor = i128::from(origin) + i128::from(rule.offset);
    // Bucket number of t: floor((t - anchor) / every) for left-closed buckets; for right-closed
    // ones ceil((t - anchor) / every) - 1, i.e. floor((t - anchor - 1) / every).
    let shift = match rule.closed {
        Closed::Left => 0,
        Closed::Right => 1,
    };
    let label_shift = match rule.label {
        Label::Left => 0,
        Label::Right => 1,
    };
    let label_of = |k: i128, index: usize, t: i64| {
        i64::try_from(anchor + (k + label_shift) * every)
            .map_err(|_| AggregationError::OutOfRange { index, value: t })
    };
    let mut previous = i64::MIN;
    // The current bucket: number and the timestamp range that keeps a row in it.
    let mut bucket = i128::MIN;
    let mut bucket_end = i128::MIN; // rows with t - anchor - shift < bucket_end stay
    for (index, &t) in timestamps.iter().enumerate().take(hi).skip(lo) {
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
        previous = t;
        let position = i128::from(t) - anchor - shift;
        if position < bucket_end {
            continue;
        }
        let k = position.div_euclid(every);
        if bucket != i128::MIN {
            runs.bounds.push(index);
            if fill {
                for missing in bucket + 1..k {
                    runs.labels.push(label_of(missing, index, t)?);
                    runs.bounds.push(index);
                }
            }
        }
        runs.labels.push(label_of(k, index, t)?);
        bucket = k;
        bucket_end = (k + 1) * every;
    }
    runs.bounds.push(hi);
    Ok(())
}

/// How a column is reduced over the rows of a bar (the names pandas and Polars use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    /// The first value that is not missing.
    First,
    /// The last value that is not missing.
    Last,
    /// The smallest value.
    Min,
    /// The largest value.
    Max,
    /// The sum, 0 for a bar without values.
    Sum,
    /// The sum divided by the count of values (floats only).
    Mean,
}

impl Agg {
    /// Parses "first", "last", "min", "max", "sum" or "mean".
    ///
    /// # Errors
    /// [`AggregationError::InvalidChoice`] for anything else.
    ///
    /// # Examples
    /// ```
    /// use rustybt_aggregation::Agg;
    /// assert_eq!(Agg::parse("max").unwrap(), Agg::Max);
    /// ```
    pub fn parse(text: &str) -> Result<Self, AggregationError> {
        Ok(match text {
            "first" => Self::First,
            "last" => Self::Last,
            "min" => Self::Min,
            "max" => Self::Max,
            "sum" => Self::Sum,
            "mean" => Self::Mean,
            _ => {
                return Err(choice(
                    "agg",
                    text,
                    "'first', 'last', 'min', 'max', 'sum', 'mean' or 'count'",
                ))
            }
        })
    }
}

fn check_bounds(bounds: &[usize], rows: usize) -> Result<(), AggregationError> {
    let ok = bounds.first() == Some(&0)
        && bounds.last() == Some(&rows)
        && bounds.windows(2).all(|w| w[0] <= w[1]);
    if ok {
        Ok(())
    } else {
        Err(AggregationError::InvalidGroups { rows })
    }
}

/// Fills `out[j]` from rows `bounds[j]..bounds[j + 1]` with `reduce`, over rayon above
/// [`PARALLEL_ROWS`] rows (bars are independent, so the split changes no result).
fn per_bar<T, R>(bounds: &[usize], rows: usize, reduce: R) -> Result<Vec<T>, AggregationError>
where
    T: Send + Default + Clone,
    R: Fn(usize, usize) -> Result<T, AggregationError> + Sync,
{
    let bars = bounds.len().saturating_sub(1);
    let mut out = vec![T::default(); bars];
    let fill = |(out, pair): (&mut T, &[usize])| -> Result<(), AggregationError> {
        *out = reduce(pair[0], pair[1])?;
        Ok(())
    };
    if rows >= PARALLEL_ROWS {
        out.par_iter_mut()
            .zip(bounds.par_windows(2))
            .try_for_each(fill)?;
    } else {
        out.iter_mut().zip(bounds.windows(2)).try_for_each(fill)?;
    }
    Ok(out)
}

/// `agg` of float `values` over each bar of `bounds` (as [`Runs::bounds`]); NaN is missing.
///
/// As pandas' groupby reductions: first/last are the first/last non-NaN value, min/max ignore
/// NaN, a bar without values gives NaN, except the sum, which is 0. Sums add left to right
/// (pandas uses Kahan summation, so sums can differ from pandas in the last bits); the mean is
/// that sum divided by the count.
///
/// # Errors
/// [`AggregationError::InvalidGroups`] if `bounds` do not cover `values`.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{aggregate_f64, Agg};
/// let values = [1.0, f64::NAN, 3.0, 4.0];
/// assert_eq!(aggregate_f64(&values, &[0, 3, 4], Agg::Sum).unwrap(), vec![4.0, 4.0]);
/// assert_eq!(aggregate_f64(&values, &[0, 3, 4], Agg::Last).unwrap(), vec![3.0, 4.0]);
/// ```
pub fn aggregate_f64(
    values: &[f64],
    bounds: &[usize],
    agg: Agg,
) -> Result<Vec<f64>, AggregationError> {
    check_bounds(bounds, values.len())?;
    per_bar(bounds, values.len(), |lo, hi| {
        let bar = &values[lo..hi];
        let mut present = bar.iter().copied().filter(|v| !v.is_nan());
        Ok(match agg {
            Agg::First => present.next().unwrap_or(f64::NAN),
            Agg::Last => present.next_back().unwrap_or(f64::NAN),
            Agg::Min => present.reduce(f64::min).unwrap_or(f64::NAN),
            Agg::Max => present.reduce(f64::max).unwrap_or(f64::NAN),
            Agg::Sum => present.fold(0.0, |total, v| total + v),
            Agg::Mean => {
                let (total, count) = present.fold((0.0, 0u64), |(s, c), v| (s + v, c + 1));
                if count == 0 {
                    f64::NAN
                } else {
                    total / count as f64
                }
            }
        })
    })
}

/// `agg` of integer mantissas (int64 columns, or decimal128 columns at one scale) over each bar;
/// a row is missing where `valid` is false. Returns the values and their validity: a bar
/// without values is missing, except for the sum, which is 0.
///
/// Exact: the sum is checked against decimal128's 38 digits (`|sum| <= 10^38 - 1`).
///
/// # Errors
/// - [`AggregationError::InvalidGroups`] if `bounds` or `valid` do not fit `values`.
/// - [`AggregationError::Overflow`] for a sum beyond 38 digits.
/// - [`AggregationError::InvalidChoice`] for [`Agg::Mean`], which is not exact.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{aggregate_i128, Agg};
/// let (sums, valid) = aggregate_i128(&[105, 250, 7], None, &[0, 2, 3], Agg::Sum).unwrap();
/// assert_eq!(sums, vec![355, 7]);
/// assert_eq!(valid, vec![true, true]);
/// ```
pub fn aggregate_i128(
    values: &[i128],
    valid: Option<&[bool]>,
    bounds: &[usize],
    agg: Agg,
) -> Result<(Vec<i128>, Vec<bool>), AggregationError> {
    check_bounds(bounds, values.len())?;
    if valid.is_some_and(|v| v.len() != values.len()) {
        return Err(AggregationError::InvalidGroups { rows: values.len() });
    }
    if agg == Agg::Mean {
        return Err(choice(
            "agg",
            "mean",
            "'first', 'last', 'min', 'max', 'sum' or 'count' for an exact column (a mean is \
             not exact)",
        ));
    }
    let is_valid = |i: usize| valid.is_none_or(|v| v[i]);
    let out = per_bar(bounds, values.len(), |lo, hi| {
        let mut present = (lo..hi).filter(|&i| is_valid(i)).map(|i| values[i]);
        let value = match agg {
            Agg::First => present.next(),
            Agg::Last => present.next_back(),
            Agg::Min => present.min(),
            Agg::Max => present.max(),
            _ => {
                let mut total: i128 = 0;
                for (i, v) in (lo..hi).filter(|&i| is_valid(i)).map(|i| (i, values[i])) {
                    total = total
                        .checked_add(v)
                        .filter(|t| (-MAX_MANTISSA..=MAX_MANTISSA).contains(t))
                        .ok_or(AggregationError::Overflow { index: i })?;
                }
                Some(total)
            }
        };
        Ok((value.unwrap_or(0), value.is_some()))
    })?;
    Ok(out.into_iter().unzip())
}

/// Number of valid rows in each bar.
///
/// # Errors
/// [`AggregationError::InvalidGroups`] if `bounds` do not cover `valid`.
///
/// # Examples
/// ```
/// use rustybt_aggregation::count_valid;
/// assert_eq!(count_valid(&[true, false, true], &[0, 2, 2, 3]).unwrap(), vec![1, 0, 1]);
/// ```
pub fn count_valid(valid: &[bool], bounds: &[usize]) -> Result<Vec<i64>, AggregationError> {
    check_bounds(bounds, valid.len())?;
    per_bar(bounds, valid.len(), |lo, hi| {
        Ok(valid[lo..hi].iter().filter(|&&v| v).count() as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000_000_000;

    fn rule(every: &str, closed: Closed, label: Label) -> BucketRule {
        BucketRule {
            every: Duration::parse(every, "every").unwrap(),
            offset: 0,
            closed,
            label,
            origin: Origin::Epoch,
        }
    }

    #[test]
    fn closed_right_moves_edge_rows_back() {
        let ts = [MIN, 5 * MIN, 6 * MIN];
        let left = bucket_runs(&ts, &[0, 3], &rule("5m", Closed::Left, Label::Left), false);
        assert_eq!(left.unwrap().bounds, vec![0, 1, 3]);
        let right = bucket_runs(
            &ts,
            &[0, 3],
            &rule("5m", Closed::Right, Label::Right),
            false,
        )
        .unwrap();
        assert_eq!(right.bounds, vec![0, 2, 3]);
        assert_eq!(right.labels, vec![5 * MIN, 10 * MIN]);
    }

    #[test]
    fn fill_inserts_empty_bars_within_groups() {
        let ts = [0, 11 * MIN, 0, 20 * MIN];
        let runs = bucket_runs(
            &ts,
            &[0, 2, 4],
            &rule("5m", Closed::Left, Label::Left),
            true,
        )
        .unwrap();
        assert_eq!(
            runs.labels,
            vec![
                0,
                5 * MIN,
                10 * MIN,
                0,
                5 * MIN,
                10 * MIN,
                15 * MIN,
                20 * MIN
            ]
        );
        assert_eq!(runs.bounds, vec![0, 1, 1, 2, 3, 3, 3, 3, 4]);
        assert_eq!(runs.group_bounds, vec![0, 3, 8]);
    }

    #[test]
    fn parallel_groups_equal_sequential_groups() {
        let n = PARALLEL_ROWS + 1000;
        let ts: Vec<i64> = (0..n as i64).map(|i| (i % 5000) * 7 * MIN / 3).collect();
        let groups: Vec<usize> = (0..=n).step_by(5000).chain([n]).collect();
        let r = rule("5m", Closed::Right, Label::Left);
        let parallel = bucket_runs(&ts, &groups, &r, true).unwrap();
        let mut sequential = Runs {
            labels: Vec::new(),
            bounds: vec![0],
            group_bounds: vec![0],
        };
        for pair in groups.windows(2) {
            let (lo, hi) = (pair[0], pair[1]);
            let part = bucket_runs(&ts[lo..hi], &[0, hi - lo], &r, true).unwrap();
            sequential.labels.extend(&part.labels);
            sequential
                .bounds
                .extend(part.bounds[1..].iter().map(|b| b + lo));
            sequential.group_bounds.push(sequential.labels.len());
        }
        assert_eq!(parallel, sequential);
        assert_eq!(parallel.group_bounds.len(), groups.len());
    }

    #[test]
    fn origin_start_and_offset() {
        let mut r = rule("5m", Closed::Left, Label::Left);
        r.origin = Origin::Start;
        r.offset = MIN;
        let runs = bucket_runs(&[2 * MIN, 3 * MIN, 8 * MIN], &[0, 3], &r, false).unwrap();
        assert_eq!(runs.labels, vec![-2 * MIN, 3 * MIN, 8 * MIN]);
    }

    #[test]
    fn rejects_bad_input() {
        let r = rule("5m", Closed::Left, Label::Left);
        assert!(matches!(
            bucket_runs(&[5, 4], &[0, 2], &r, false),
            Err(AggregationError::Unsorted { index: 1, .. })
        ));
        // A new group may start earlier.
        assert!(bucket_runs(&[5, 4], &[0, 1, 2], &r, false).is_ok());
        assert!(matches!(
            bucket_runs(&[5, 4], &[0, 1], &r, false),
            Err(AggregationError::InvalidGroups { rows: 2 })
        ));
        assert!(matches!(
            aggregate_i128(&[MAX_MANTISSA, 1], None, &[0, 2], Agg::Sum),
            Err(AggregationError::Overflow { index: 1 })
        ));
        assert!(aggregate_i128(&[1], None, &[0, 1], Agg::Mean).is_err());
    }

    #[test]
    fn aggregates_skip_missing() {
        let v = [f64::NAN, 2.0, 1.0, f64::NAN];
        let b = [0, 3, 4, 4];
        assert_eq!(aggregate_f64(&v, &b, Agg::First).unwrap()[0], 2.0);
        assert_eq!(aggregate_f64(&v, &b, Agg::Min).unwrap()[0], 1.0);
        assert!(aggregate_f64(&v, &b, Agg::Max).unwrap()[1].is_nan());
        assert_eq!(
            aggregate_f64(&v, &b, Agg::Sum).unwrap(),
            vec![3.0, 0.0, 0.0]
        );
        assert_eq!(aggregate_f64(&v, &b, Agg::Mean).unwrap()[0], 1.5);
        let (x, ok) = aggregate_i128(
            &[3, 1, 2],
            Some(&[false, true, true]),
            &[0, 3, 3],
            Agg::First,
        )
        .unwrap();
        assert_eq!((x, ok), (vec![1, 0], vec![true, false]));
        assert_eq!(count_valid(&[true, false, true], &[0, 3]).unwrap(), vec![2]);
    }
}
