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
    let rows = &timestamps[lo..hi];
    let span = i128::from(rows[rows.len() - 1]) - i128::from(first);
    let estimate = usize::try_from(span / every + 2).unwrap_or(usize::MAX);
    runs.labels.reserve(estimate.min(rows.len()));
    runs.bounds.reserve(estimate.min(rows.len()));
    // The current bucket's number, and the first instant past it (saturated to i64: a row at
    // the saturated bound recomputes its bucket and finds it unchanged).
    let mut bucket = i128::MIN;
    let mut leave = i64::MIN;
    let mut previous = i64::MIN;
    let mut offset = 0;
    loop {
        // The rows that stay in the current bucket, present and in order: a tight loop.
        while let Some(&t) = rows.get(offset) {
            if t >= leave || t < previous {
                break;
            }
            previous = t;
            offset += 1;
        }
        let Some(&t) = rows.get(offset) else {
            break;
        };
        let index = lo + offset;
        offset += 1;
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
        // Sorted rows mostly step into the next bucket: no 128-bit division for those.
        let k = if bucket == i128::MIN {
            position.div_euclid(every)
        } else {
            let next_start = (bucket + 1) * every;
            if position < next_start {
                bucket // only at the saturated bound
            } else if position - next_start < every {
                bucket + 1
            } else {
                position.div_euclid(every)
            }
        };
        if k == bucket {
            continue;
        }
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
        let past = anchor + shift + (k + 1) * every;
        leave = i64::try_from(past).unwrap_or(if past > 0 { i64::MAX } else { i64::MIN });
    }
    runs.bounds.push(hi);
    Ok(())
}

/// The end of the longest prefix of rows `lo..hi` that are present and sorted, and the error
/// of the row that ends it (None when every row is).
pub(crate) fn first_disorder(
    timestamps: &[i64],
    lo: usize,
    hi: usize,
) -> (usize, Option<AggregationError>) {
    let rows = &timestamps[lo..hi];
    // A scalar scan: two predictable compares a row (64-bit vector compares need SSE4.2, which
    // the baseline target lacks, so a vectorized scan is slower here).
    let bad = match rows.first() {
        Some(&i64::MIN) => Some(0),
        _ => rows
            .windows(2)
            .position(|pair| pair[1] < pair[0] || pair[1] == i64::MIN)
            .map(|offset| offset + 1),
    };
    match bad {
        None => (hi, None),
        Some(offset) => {
            let index = lo + offset;
            let t = timestamps[index];
            let error = if t == i64::MIN {
                AggregationError::MissingTimestamp { index }
            } else {
                AggregationError::Unsorted {
                    index,
                    value: t,
                    previous: timestamps[index - 1],
                }
            };
            (index, Some(error))
        }
    }
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

/// `reduce` of rows `bounds[j]..bounds[j + 1]` for each bar `j` (the first error in bar
/// order), over rayon above [`PARALLEL_ROWS`] rows (bars are independent, so the split changes
/// no result).
fn per_bar<T, R>(bounds: &[usize], rows: usize, reduce: R) -> Result<Vec<T>, AggregationError>
where
    T: Send + Default + Clone,
    R: Fn(usize, usize) -> Result<T, AggregationError> + Sync,
{
    if rows >= PARALLEL_ROWS {
        // Every bar's result first, then the first error in bar order (not whichever thread
        // failed first).
        let results: Vec<Result<T, AggregationError>> = bounds
            .par_windows(2)
            .map(|pair| reduce(pair[0], pair[1]))
            .collect();
        results.into_iter().collect()
    } else {
        bounds
            .windows(2)
            .map(|pair| reduce(pair[0], pair[1]))
            .collect()
    }
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
    // One loop per reduction (the choice is made once, not per bar).
    Ok(match agg {
        Agg::First => per_bar_map(values, bounds, |bar| {
            bar.iter()
                .copied()
                .find(|v| !v.is_nan())
                .unwrap_or(f64::NAN)
        }),
        Agg::Last => per_bar_map(values, bounds, |bar| {
            bar.iter()
                .rev()
                .copied()
                .find(|v| !v.is_nan())
                .unwrap_or(f64::NAN)
        }),
        Agg::Min => per_bar_map(values, bounds, |bar| extreme(bar, f64::INFINITY, f64::min)),
        Agg::Max => per_bar_map(values, bounds, |bar| {
            extreme(bar, f64::NEG_INFINITY, f64::max)
        }),
        Agg::Sum => per_bar_map(values, bounds, present_sum),
        Agg::Mean => per_bar_map(values, bounds, |bar| {
            match bar.iter().filter(|v| !v.is_nan()).count() {
                0 => f64::NAN,
                count => present_sum(bar) / count as f64,
            }
        }),
    })
}

/// The sum of the values that are not NaN, left to right (adding 0.0 for a NaN changes no
/// partial sum: from +0.0 on, a round-to-nearest sum is never -0.0).
fn present_sum(bar: &[f64]) -> f64 {
    bar.iter()
        .fold(0.0, |total, &v| total + if v.is_nan() { 0.0 } else { v })
}

/// The smallest (`pick` = `f64::min`, `start` = +inf) or largest value that is not NaN (which
/// `f64::min`/`max` skip), NaN when there is none.
fn extreme(bar: &[f64], start: f64, pick: impl Fn(f64, f64) -> f64) -> f64 {
    let value = bar.iter().fold(start, |m, &v| pick(m, v));
    if value == start && bar.iter().all(|v| v.is_nan()) {
        f64::NAN
    } else {
        value
    }
}

/// `reduce` of each bar's values, in parallel over blocks of bars from [`PARALLEL_ROWS`] rows
/// (bars are independent, so the split changes no result). `bounds` are checked.
fn per_bar_map<V: Sync, T: Send + Copy + Default>(
    values: &[V],
    bounds: &[usize],
    reduce: impl Fn(&[V]) -> T + Sync,
) -> Vec<T> {
    let bars = bounds.len().saturating_sub(1);
    let fill = |out: &mut [T], first_bar: usize| {
        let edges = &bounds[first_bar..=first_bar + out.len()];
        for (slot, pair) in out.iter_mut().zip(edges.windows(2)) {
            *slot = reduce(&values[pair[0]..pair[1]]);
        }
    };
    let mut out = vec![T::default(); bars];
    if values.len() >= PARALLEL_ROWS {
        let block = bars.div_ceil(8 * rayon::current_num_threads()).max(1);
        out.par_chunks_mut(block)
            .enumerate()
            .for_each(|(index, part)| fill(part, index * block));
    } else {
        fill(&mut out, 0);
    }
    out
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
    if valid.is_none() {
        return aggregate_present_i128(values, bounds, agg);
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

/// [`aggregate_i128`] of a column without missing values: one loop per reduction.
fn aggregate_present_i128(
    values: &[i128],
    bounds: &[usize],
    agg: Agg,
) -> Result<(Vec<i128>, Vec<bool>), AggregationError> {
    // Without a mask only an empty bar (from filling) has no value; its value is 0.
    let or_zero = |value: Option<&i128>| value.copied().unwrap_or(0);
    let out = match agg {
        Agg::First => per_bar_map(values, bounds, |bar| or_zero(bar.first())),
        Agg::Last => per_bar_map(values, bounds, |bar| or_zero(bar.last())),
        Agg::Min => per_bar_map(values, bounds, |bar| or_zero(bar.iter().min())),
        Agg::Max => per_bar_map(values, bounds, |bar| or_zero(bar.iter().max())),
        Agg::Sum | Agg::Mean => {
            // None marks a bar whose running total left 38 digits; the first such bar (in row
            // order, whatever the threads did) names the row.
            let within = |total: i128| (-MAX_MANTISSA..=MAX_MANTISSA).contains(&total);
            let sums = per_bar_map(values, bounds, |bar| {
                bar.iter().try_fold(0i128, |total, &v| {
                    total.checked_add(v).filter(|&t| within(t))
                })
            });
            if let Some(bar) = sums.iter().position(Option::is_none) {
                let lo = bounds[bar];
                let mut total: i128 = 0;
                let offset = values[lo..bounds[bar + 1]]
                    .iter()
                    .position(|&v| match total.checked_add(v).filter(|&t| within(t)) {
                        Some(next) => {
                            total = next;
                            false
                        }
                        None => true,
                    })
                    .unwrap_or(0);
                return Err(AggregationError::Overflow { index: lo + offset });
            }
            let sums = sums.into_iter().map(|sum| sum.unwrap_or(0)).collect();
            return Ok((sums, vec![true; bounds.len().saturating_sub(1)]));
        }
    };
    let valid = bounds.windows(2).map(|pair| pair[0] < pair[1]).collect();
    Ok((out, valid))
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

    /// A small deterministic generator (xorshift) for the randomized checks below.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// The bars of one sorted group by a division per row: the definition the fast loop
    /// (a division only when a row skips buckets) must reproduce.
    fn runs_by_division(ts: &[i64], rule: &BucketRule, fill: bool) -> (Vec<i64>, Vec<usize>) {
        let every = i128::from(rule.every.nanos);
        let shift = i128::from(rule.closed == Closed::Right);
        let label_shift = i128::from(rule.label == Label::Right);
        let anchor = i128::from(rule.offset);
        let (mut labels, mut bounds) = (Vec::new(), vec![0]);
        if ts.is_empty() {
            return (labels, bounds);
        }
        let mut last: Option<i128> = None;
        for (index, &t) in ts.iter().enumerate() {
            let k = (i128::from(t) - anchor - shift).div_euclid(every);
            if last == Some(k) {
                continue;
            }
            if let Some(previous) = last {
                bounds.push(index);
                let missing = if fill { previous + 1..k } else { k..k };
                for m in missing {
                    labels.push(i64::try_from(anchor + (m + label_shift) * every).unwrap());
                    bounds.push(index);
                }
            }
            labels.push(i64::try_from(anchor + (k + label_shift) * every).unwrap());
            last = Some(k);
        }
        bounds.push(ts.len());
        (labels, bounds)
    }

    #[test]
    fn the_bucket_loop_equals_a_division_per_row() {
        let mut state = 0x9E37_79B9_7F4A_7C15;
        for case in 0..400 {
            let rows = (next(&mut state) % 700) as usize;
            let mut t = (next(&mut state) % (1 << 40)) as i64 - (1 << 39);
            let ts: Vec<i64> = (0..rows)
                .map(|_| {
                    t += match next(&mut state) % 10 {
                        0 => (next(&mut state) % (100 * MIN as u64)) as i64, // a gap
                        1 => 0,                                              // a repeat
                        _ => (next(&mut state) % (2 * MIN as u64)) as i64,
                    };
                    t
                })
                .collect();
            let every = ["1m", "5m", "7m", "1h", "90s", "1ns"][case % 6];
            let closed = if case % 2 == 0 {
                Closed::Left
            } else {
                Closed::Right
            };
            let label = if case % 3 == 0 {
                Label::Left
            } else {
                Label::Right
            };
            let mut rule = rule(every, closed, label);
            rule.offset = (next(&mut state) % (3 * MIN as u64)) as i64 - MIN;
            let fill = case % 4 == 0 && every != "1ns";
            let runs = bucket_runs(&ts, &[0, rows], &rule, fill).unwrap();
            assert_eq!(
                (runs.labels, runs.bounds),
                runs_by_division(&ts, &rule, fill),
                "case {case}"
            );
        }
    }

    #[test]
    fn errors_name_the_first_bad_row_across_blocks() {
        let one_minute = rule("1m", Closed::Left, Label::Left);
        let mut ts: Vec<i64> = (0..600).map(|i| i * MIN).collect();
        ts[300] = i64::MIN;
        assert!(matches!(
            bucket_runs(&ts, &[0, 600], &one_minute, false),
            Err(AggregationError::MissingTimestamp { index: 300 })
        ));
        let mut ts: Vec<i64> = (0..600).map(|i| i * MIN).collect();
        ts[256] = 0; // the first row of the second block of the order check
        assert!(matches!(
            bucket_runs(&ts, &[0, 600], &one_minute, false),
            Err(AggregationError::Unsorted {
                index: 256,
                value: 0,
                ..
            })
        ));
        // A label out of range in row 1 is reported before row 2's disorder.
        let near_end = [0, i64::MAX - 10, 5];
        let daily = rule("1d", Closed::Left, Label::Right);
        assert!(matches!(
            bucket_runs(&near_end, &[0, 3], &daily, false),
            Err(AggregationError::OutOfRange { index: 1, .. })
        ));
    }

    #[test]
    fn the_last_bucket_of_the_int64_range_holds_its_rows() {
        // The bucket's end lies past i64::MAX, so the row at i64::MAX must stay in it.
        let ts = [i64::MAX - 5, i64::MAX - 1, i64::MAX];
        let hourly = rule("1h", Closed::Left, Label::Left);
        let runs = bucket_runs(&ts, &[0, 3], &hourly, false).unwrap();
        assert_eq!(runs.bounds, vec![0, 3]);
        assert_eq!(runs.labels.len(), 1);
    }

    #[test]
    fn float_reductions_equal_their_definitions() {
        let mut state = 0xD1B5_4A32_D192_ED03;
        let specials = [f64::NAN, 0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1e300];
        let values: Vec<f64> = (0..5_000)
            .map(|_| match next(&mut state) % 8 {
                0 | 1 => specials[(next(&mut state) % 6) as usize],
                _ => (next(&mut state) % 20_000) as f64 / 7.0 - 1_000.0,
            })
            .collect();
        let mut bounds = vec![0];
        while *bounds.last().unwrap() < values.len() {
            let step = (next(&mut state) % 9) as usize; // empty bars too
            bounds.push((bounds.last().unwrap() + step).min(values.len()));
        }
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for agg in [
            Agg::First,
            Agg::Last,
            Agg::Min,
            Agg::Max,
            Agg::Sum,
            Agg::Mean,
        ] {
            let got = aggregate_f64(&values, &bounds, agg).unwrap();
            for (bar, pair) in bounds.windows(2).enumerate() {
                let present = values[pair[0]..pair[1]]
                    .iter()
                    .copied()
                    .filter(|v| !v.is_nan());
                let count = present.clone().count();
                let want = match agg {
                    Agg::First => present.clone().next().unwrap_or(f64::NAN),
                    Agg::Last => present.clone().next_back().unwrap_or(f64::NAN),
                    Agg::Min => present.clone().reduce(f64::min).unwrap_or(f64::NAN),
                    Agg::Max => present.clone().reduce(f64::max).unwrap_or(f64::NAN),
                    Agg::Sum => present.clone().fold(0.0, |s, v| s + v),
                    Agg::Mean if count == 0 => f64::NAN,
                    Agg::Mean => present.clone().fold(0.0, |s, v| s + v) / count as f64,
                };
                assert!(
                    same(got[bar], want),
                    "{agg:?} bar {bar}: {} vs {want}",
                    got[bar]
                );
            }
        }
    }

    #[test]
    fn exact_reductions_without_a_mask_equal_the_masked_ones() {
        let mut state = 0xA076_1D64_78BD_642F;
        let n = PARALLEL_ROWS + 3_000; // the parallel split too
        let values: Vec<i128> = (0..n)
            .map(|_| i128::from(next(&mut state) % 2_000_001) - 1_000_000)
            .collect();
        let mut bounds = vec![0];
        while *bounds.last().unwrap() < n {
            let step = (next(&mut state) % 9) as usize;
            bounds.push((bounds.last().unwrap() + step).min(n));
        }
        let all = vec![true; n];
        for agg in [Agg::First, Agg::Last, Agg::Min, Agg::Max, Agg::Sum] {
            assert_eq!(
                aggregate_i128(&values, None, &bounds, agg).unwrap(),
                aggregate_i128(&values, Some(&all), &bounds, agg).unwrap(),
                "{agg:?}"
            );
        }
        // Two bars overflow: the error names the row of the first, on every run.
        let mut big = values.clone();
        let (first, second) = (bounds[10] + 1, bounds[bounds.len() - 3]);
        for at in [first, second, first - 1, second + 1] {
            big[at] = MAX_MANTISSA - 5;
        }
        for _ in 0..5 {
            let error = aggregate_i128(&big, None, &bounds, Agg::Sum).unwrap_err();
            let masked = aggregate_i128(&big, Some(&all), &bounds, Agg::Sum).unwrap_err();
            assert_eq!(error, masked);
        }
    }
}
