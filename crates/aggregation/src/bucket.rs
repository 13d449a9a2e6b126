//! Time buckets: which bar a timestamp belongs to.

use crate::{AggregationError, Duration};

/// 1970-01-05T00:00Z, the first Monday after the Unix epoch: week buckets start on Mondays.
const FIRST_MONDAY_NS: i64 = 4 * 86_400_000_000_000;

/// Start of the time bucket of each timestamp: buckets of length `every` aligned on the Unix
/// epoch (on Monday 1970-01-05 when `every` is given in weeks), shifted by `offset`.
///
/// `bucket = floor((t - origin - offset) / every) * every + origin + offset`, with floor division,
/// so timestamps before 1970 fall into the right bucket. This is Polars' `dt.truncate(every)`
/// and pandas' `resample(every, origin="epoch", offset=offset)` with the left edge as label.
/// Timestamps are int64 nanoseconds since the epoch (UTC) and must be sorted ascending; equal
/// neighbours are fine.
///
/// # Errors
/// - [`AggregationError::InvalidDuration`] if `every` is not positive.
/// - [`AggregationError::Unsorted`] naming the first timestamp smaller than its predecessor.
/// - [`AggregationError::MissingTimestamp`] for `i64::MIN` (numpy's NaT).
/// - [`AggregationError::OutOfRange`] if a bucket starts before the int64 nanosecond range.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{bucket_starts, Duration};
/// const MIN: i64 = 60_000_000_000;
/// let every = Duration::parse("5m", "every").unwrap();
/// let ts = [0, 4 * MIN, 5 * MIN, 12 * MIN];
/// assert_eq!(bucket_starts(&ts, every, None).unwrap(), vec![0, 0, 5 * MIN, 10 * MIN]);
/// ```
pub fn bucket_starts(
    timestamps: &[i64],
    every: Duration,
    offset: Option<Duration>,
) -> Result<Vec<i64>, AggregationError> {
    let mut out = vec![0; timestamps.len()];
    bucket_starts_into(timestamps, every, offset, &mut out)?;
    Ok(out)
}

/// [`bucket_starts`] writing into `out`, which must be as long as `timestamps`.
///
/// # Errors
/// As [`bucket_starts`]; `out` of another length is a caller bug reported as
/// [`AggregationError::OutOfRange`] at index `out.len()`.
pub fn bucket_starts_into(
    timestamps: &[i64],
    every: Duration,
    offset: Option<Duration>,
    out: &mut [i64],
) -> Result<(), AggregationError> {
    if every.nanos <= 0 {
        return Err(AggregationError::InvalidDuration {
            name: "every",
            text: format!("{}ns", every.nanos),
            reason: "the bucket length must be positive".to_owned(),
        });
    }
    if out.len() != timestamps.len() {
        return Err(AggregationError::OutOfRange {
            index: out.len(),
            value: 0,
        });
    }
    let every_ns = i128::from(every.nanos);
    let origin = if every.has_weeks { FIRST_MONDAY_NS } else { 0 };
    let anchor = i128::from(origin) + i128::from(offset.map_or(0, |d| d.nanos));
    // Sorted input means a timestamp lies in the current bucket or, most often, the next one:
    // both are found by comparisons (branch-free, as the choice is unpredictable), and only a
    // jump past the next bucket divides. i128 keeps `t - anchor` and the bucket end exact.
    let mut start = 0i128;
    let mut end = i128::MIN; // far below any timestamp, so the first one divides
    let mut previous = i64::MIN;
    for (index, (&t, o)) in timestamps.iter().zip(out.iter_mut()).enumerate() {
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
        let t_wide = i128::from(t);
        if t_wide >= end + every_ns {
            start = (t_wide - anchor).div_euclid(every_ns) * every_ns + anchor;
            end = start + every_ns;
            if i64::try_from(start).is_err() {
                return Err(AggregationError::OutOfRange { index, value: t });
            }
        } else {
            let crossed = t_wide >= end;
            start = if crossed { end } else { start };
            end = if crossed { end + every_ns } else { end };
        }
        // In range: a divided start was checked, and a next-bucket start lies in (start, t].
        *o = start as i64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000_000_000;
    const DAY: i64 = 86_400_000_000_000;

    fn d(text: &str) -> Duration {
        Duration::parse(text, "every").unwrap()
    }

    #[test]
    fn buckets_align_on_epoch() {
        let ts = [0, MIN - 1, MIN, 7 * MIN, 7 * MIN];
        assert_eq!(
            bucket_starts(&ts, d("1m"), None).unwrap(),
            vec![0, 0, MIN, 7 * MIN, 7 * MIN]
        );
        assert_eq!(
            bucket_starts(&ts, d("5m"), None).unwrap(),
            vec![0, 0, 0, 5 * MIN, 5 * MIN]
        );
    }

    #[test]
    fn before_epoch_floors_down() {
        assert_eq!(
            bucket_starts(&[-1, 0], d("1d"), None).unwrap(),
            vec![-DAY, 0]
        );
    }

    #[test]
    fn offset_shifts_edges() {
        let ts = [0, 30 * MIN, 90 * MIN];
        let out = bucket_starts(&ts, d("1h"), Some(d("30m"))).unwrap();
        assert_eq!(out, vec![-30 * MIN, 30 * MIN, 90 * MIN]);
        let out = bucket_starts(&ts, d("1h"), Some(d("-30m"))).unwrap();
        assert_eq!(out, vec![-30 * MIN, 30 * MIN, 90 * MIN]);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 1970-01-08 (Thursday) lies in the week of Monday 1970-01-05.
        assert_eq!(
            bucket_starts(&[7 * DAY], d("1w"), None).unwrap(),
            vec![4 * DAY]
        );
        assert_eq!(bucket_starts(&[0], d("1w"), None).unwrap(), vec![-3 * DAY]);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            bucket_starts(&[5, 4], d("1m"), None),
            Err(AggregationError::Unsorted {
                index: 1,
                value: 4,
                previous: 5
            })
        ));
        assert!(matches!(
            bucket_starts(&[1], d("0s"), None),
            Err(AggregationError::InvalidDuration { .. })
        ));
        assert!(matches!(
            bucket_starts(&[1], d("-5m"), None),
            Err(AggregationError::InvalidDuration { .. })
        ));
        assert!(matches!(
            bucket_starts(&[i64::MIN, 0], d("1m"), None),
            Err(AggregationError::MissingTimestamp { index: 0 })
        ));
        assert!(matches!(
            bucket_starts(&[i64::MIN + 1], d("1d"), None),
            Err(AggregationError::OutOfRange { index: 0, .. })
        ));
        assert_eq!(
            bucket_starts(&[], d("1m"), None).unwrap(),
            Vec::<i64>::new()
        );
    }
}
