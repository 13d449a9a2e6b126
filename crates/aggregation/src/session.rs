//! Session bars: one bar per trading session (a CME day runs 17:00 to 16:00 Chicago time; a
//! half day is shorter), from a table of session open and close instants.
//!
//! A row belongs to the session whose interval holds its timestamp: `[open, close)` with
//! [`Closed::Left`] (bars stamped with their start), `(open, close]` with [`Closed::Right`]
//! (bars stamped with their end). Rows outside every session are dropped. A bar is labelled by
//! its session's open ([`Label::Left`]) or close ([`Label::Right`]).

use crate::{AggregationError, Closed, Label, Runs};

/// The bars of sorted `timestamps`, one per session that holds rows, and which rows they keep.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionRuns {
    /// Whether each row lies in a session (rows outside every session are dropped).
    pub keep: Vec<bool>,
    /// The bars over the kept rows only: `bounds` count kept rows, from 0 to their number.
    pub runs: Runs,
}

/// Checks that sessions are well formed: as many opens as closes, each open before its close,
/// and each session closing no later than the next one opens.
fn check_sessions(opens: &[i64], closes: &[i64]) -> Result<(), AggregationError> {
    if opens.len() != closes.len() {
        return Err(AggregationError::InvalidSessions {
            index: opens.len().min(closes.len()),
            reason: format!(
                "{} opens but {} closes: one of each per session",
                opens.len(),
                closes.len()
            ),
        });
    }
    for (index, (&open, &close)) in opens.iter().zip(closes).enumerate() {
        if open == i64::MIN || close == i64::MIN {
            return Err(AggregationError::InvalidSessions {
                index,
                reason: "its open or close is missing (NaT)".to_owned(),
            });
        }
        if open >= close {
            return Err(AggregationError::InvalidSessions {
                index,
                reason: format!("it opens at {open}, not before it closes at {close}"),
            });
        }
        if index > 0 && open < closes[index - 1] {
            return Err(AggregationError::InvalidSessions {
                index,
                reason: format!(
                    "it opens at {open}, before session {} closes at {}: sessions must be sorted \
                     and must not overlap",
                    index - 1,
                    closes[index - 1]
                ),
            });
        }
    }
    Ok(())
}

/// One bar per session for the rows of each group: the rows of session `i` are those with
/// `opens[i] <= t < closes[i]` ([`Closed::Left`]) or `opens[i] < t <= closes[i]`
/// ([`Closed::Right`]); rows in no session are dropped (`keep` is false for them). A bar is
/// labelled by its session's open ([`Label::Left`]) or close ([`Label::Right`]).
///
/// `group_bounds` are row offsets as in [`crate::bucket_runs`]; timestamps are int64
/// nanoseconds, sorted ascending within each group. Sessions are sorted and do not overlap
/// (one may close where the next opens). With `fill`, sessions between a group's first and
/// last bar that hold none of its rows become empty bars. The returned [`Runs`] count kept rows
/// only: its `bounds` run from 0 to the number of kept rows.
///
/// # Errors
/// - [`AggregationError::InvalidSessions`] for sessions that are unsorted, overlap, end before
///   they start, are missing (`i64::MIN`), or differ in number of opens and closes.
/// - [`AggregationError::InvalidGroups`] for group offsets that do not cover the rows.
/// - [`AggregationError::MissingTimestamp`] for `i64::MIN` (numpy's NaT).
/// - [`AggregationError::Unsorted`] naming the first timestamp smaller than its predecessor in
///   its group.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{session_runs, Closed, Label};
/// // Sessions [10, 20) and [30, 40); the rows at 5 and 25 lie in neither.
/// let out = session_runs(&[5, 10, 19, 25, 30], &[0, 5], &[10, 30], &[20, 40], Closed::Left,
///     Label::Left, false)?;
/// assert_eq!(out.keep, vec![false, true, true, false, true]);
/// assert_eq!(out.runs.labels, vec![10, 30]);
/// assert_eq!(out.runs.bounds, vec![0, 2, 3]);
/// # Ok::<(), rustybt_aggregation::AggregationError>(())
/// ```
pub fn session_runs(
    timestamps: &[i64],
    group_bounds: &[usize],
    opens: &[i64],
    closes: &[i64],
    closed: Closed,
    label: Label,
    fill: bool,
) -> Result<SessionRuns, AggregationError> {
    check_sessions(opens, closes)?;
    let valid_groups = group_bounds.first() == Some(&0)
        && group_bounds.last() == Some(&timestamps.len())
        && group_bounds.windows(2).all(|w| w[0] <= w[1]);
    if !valid_groups {
        return Err(AggregationError::InvalidGroups {
            rows: timestamps.len(),
        });
    }
    let labels = match label {
        Label::Left => opens,
        Label::Right => closes,
    };
    let mut out = SessionRuns {
        keep: vec![false; timestamps.len()],
        runs: Runs {
            labels: Vec::new(),
            bounds: vec![0],
            group_bounds: vec![0],
        },
    };
    let mut kept = 0usize;
    for pair in group_bounds.windows(2) {
        let mut session = 0usize;
        let mut current: Option<usize> = None;
        let mut previous = i64::MIN;
        for (index, &t) in timestamps.iter().enumerate().take(pair[1]).skip(pair[0]) {
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
            // Skip the sessions that are over by t.
            let over = |s: usize| match closed {
                Closed::Left => closes[s] <= t,
                Closed::Right => closes[s] < t,
            };
            while session < opens.len() && over(session) {
                session += 1;
            }
            let inside = session < opens.len()
                && match closed {
                    Closed::Left => opens[session] <= t,
                    Closed::Right => opens[session] < t,
                };
            if !inside {
                continue;
            }
            out.keep[index] = true;
            if current != Some(session) {
                if let Some(last) = current {
                    out.runs.bounds.push(kept);
                    if fill {
                        for &missing in &labels[last + 1..session] {
                            out.runs.labels.push(missing);
                            out.runs.bounds.push(kept);
                        }
                    }
                }
                out.runs.labels.push(labels[session]);
                current = Some(session);
            }
            kept += 1;
        }
        if current.is_some() {
            out.runs.bounds.push(kept);
        }
        out.runs.group_bounds.push(out.runs.labels.len());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_on_the_edges_follow_closed() {
        let ts = [10, 15, 20, 30, 40];
        let left = session_runs(
            &ts,
            &[0, 5],
            &[10, 20],
            &[20, 30],
            Closed::Left,
            Label::Left,
            false,
        )
        .unwrap();
        assert_eq!(left.keep, vec![true, true, true, false, false]);
        assert_eq!(left.runs.labels, vec![10, 20]);
        assert_eq!(left.runs.bounds, vec![0, 2, 3]);
        let right = session_runs(
            &ts,
            &[0, 5],
            &[10, 20],
            &[20, 30],
            Closed::Right,
            Label::Right,
            false,
        )
        .unwrap();
        assert_eq!(right.keep, vec![false, true, true, true, false]);
        assert_eq!(right.runs.labels, vec![20, 30]);
        assert_eq!(right.runs.bounds, vec![0, 2, 3]);
    }

    #[test]
    fn groups_and_fill() {
        // Group 0: sessions 0 and 2 (1 is empty); group 1: session 1 only.
        let ts = [1, 21, 12];
        let opens = [0, 10, 20];
        let closes = [5, 15, 25];
        let out = session_runs(
            &ts,
            &[0, 2, 3],
            &opens,
            &closes,
            Closed::Left,
            Label::Left,
            true,
        )
        .unwrap();
        assert_eq!(out.runs.labels, vec![0, 10, 20, 10]);
        assert_eq!(out.runs.bounds, vec![0, 1, 1, 2, 3]);
        assert_eq!(out.runs.group_bounds, vec![0, 3, 4]);
        let plain = session_runs(
            &ts,
            &[0, 2, 3],
            &opens,
            &closes,
            Closed::Left,
            Label::Left,
            false,
        )
        .unwrap();
        assert_eq!(plain.runs.labels, vec![0, 20, 10]);
        assert_eq!(plain.runs.group_bounds, vec![0, 2, 3]);
    }

    #[test]
    fn rows_outside_every_session_give_no_bar() {
        let out = session_runs(
            &[1, 2, 100],
            &[0, 3],
            &[10],
            &[20],
            Closed::Left,
            Label::Left,
            true,
        )
        .unwrap();
        assert_eq!(out.keep, vec![false; 3]);
        assert_eq!(out.runs.labels, Vec::<i64>::new());
        assert_eq!(out.runs.bounds, vec![0]);
        assert_eq!(out.runs.group_bounds, vec![0, 0]);
    }

    #[test]
    fn rejects_bad_sessions_and_timestamps() {
        let bad = |opens: &[i64], closes: &[i64]| {
            session_runs(
                &[1],
                &[0, 1],
                opens,
                closes,
                Closed::Left,
                Label::Left,
                false,
            )
        };
        assert!(matches!(
            bad(&[0, 5], &[10, 20]),
            Err(AggregationError::InvalidSessions { index: 1, .. })
        ));
        assert!(matches!(
            bad(&[10], &[10]),
            Err(AggregationError::InvalidSessions { index: 0, .. })
        ));
        assert!(matches!(
            bad(&[0, 1], &[1]),
            Err(AggregationError::InvalidSessions { index: 1, .. })
        ));
        assert!(matches!(
            bad(&[i64::MIN], &[1]),
            Err(AggregationError::InvalidSessions { index: 0, .. })
        ));
        // Touching sessions are fine.
        assert!(bad(&[0, 10], &[10, 20]).is_ok());
        assert!(matches!(
            session_runs(
                &[5, 4],
                &[0, 2],
                &[0],
                &[9],
                Closed::Left,
                Label::Left,
                false
            ),
            Err(AggregationError::Unsorted { index: 1, .. })
        ));
        assert!(matches!(
            session_runs(
                &[5, 4],
                &[0, 1],
                &[0],
                &[9],
                Closed::Left,
                Label::Left,
                false
            ),
            Err(AggregationError::InvalidGroups { rows: 2 })
        ));
    }
}
