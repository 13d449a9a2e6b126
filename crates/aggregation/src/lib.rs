//! Time bucketing and OHLCV resampling for backtests.
//!
//! Timestamps are int64 nanoseconds since the Unix epoch, UTC, sorted ascending. Bucket lengths
//! are written as Polars writes them ("1m", "5m", "1h", "1d", "1w"; see [`Duration`]), and
//! buckets align on the epoch as Polars' `dt.truncate` aligns them.
//!
//! # Examples
//! ```
//! use rustybt_aggregation::{bucket_starts, Duration};
//! const HOUR: i64 = 3_600_000_000_000;
//! let every = Duration::parse("1h", "every")?;
//! let starts = bucket_starts(&[HOUR + 5, 2 * HOUR - 1, 2 * HOUR], every, None)?;
//! assert_eq!(starts, vec![HOUR, HOUR, 2 * HOUR]);
//! # Ok::<(), rustybt_aggregation::AggregationError>(())
//! ```

mod activity_builder;
mod bucket;
mod builder;
mod duration;
mod error;
mod resample;
mod session;
mod threshold;

pub use activity_builder::{ActivityBarBuilder, ActivityRule};
pub use bucket::{bucket_starts, bucket_starts_into};
pub use builder::{BarBuilder, TickBar};
pub use duration::Duration;
pub use error::AggregationError;
pub use resample::{
    aggregate_f64, aggregate_i128, bucket_runs, count_valid, Agg, BucketRule, Closed, Label,
    Origin, Runs,
};
pub use session::{session_runs, SessionRuns};
pub use threshold::{threshold_runs, BarWeights};
