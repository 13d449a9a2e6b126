//! The streaming `BarBuilder` of `rustybt-aggregation` as a Python class.
//!
//! A push is a few comparisons and additions, far less than releasing the GIL costs, so `push`
//! keeps the GIL; `push_batch` releases it. Bars cross as plain tuples that the Python layer
//! names.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use rustybt_aggregation::{
    ActivityBarBuilder as ActivityBuilder, ActivityRule, AggregationError, BarBuilder as Builder,
    BucketRule, Closed, Duration, Label, Origin, TickBar,
};

use crate::arrays::contiguous;
use crate::errors::{run_detached, NativeError};

/// (timestamp, open, high, low, close, volume, trades, vwap)
type BarTuple = (i64, f64, f64, f64, f64, f64, i64, f64);

fn as_tuple(bar: TickBar) -> BarTuple {
    (
        bar.timestamp,
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.volume,
        bar.trades,
        bar.vwap(),
    )
}

/// Time bars of live trades, pushed in time order.
#[pyclass(module = "rustybt_native._native")]
#[derive(Debug)]
pub struct BarBuilder {
    inner: Builder,
}

#[pymethods]
impl BarBuilder {
    #[new]
    #[pyo3(signature = (every, offset, closed, label, origin, origin_ns))]
    fn new(
        every: &str,
        offset: Option<&str>,
        closed: &str,
        label: &str,
        origin: &str,
        origin_ns: Option<i64>,
    ) -> PyResult<Self> {
        let rule = BucketRule {
            every: Duration::parse_positive(every, "every").map_err(NativeError::from)?,
            offset: offset
                .map(|text| Duration::parse(text, "offset").map(|d| d.nanos))
                .transpose()
                .map_err(NativeError::from)?
                .unwrap_or(0),
            closed: Closed::parse(closed, "closed").map_err(NativeError::from)?,
            label: Label::parse(label, "label").map_err(NativeError::from)?,
            origin: Origin::parse(origin, origin_ns).map_err(NativeError::from)?,
        };
        let inner = Builder::new(rule).map_err(NativeError::from)?;
        Ok(Self { inner })
    }

    /// Adds one trade; returns the bars it closes (none or one).
    fn push(&mut self, timestamp: i64, price: f64, size: f64) -> PyResult<Vec<BarTuple>> {
        let closed = self
            .inner
            .push(timestamp, price, size)
            .map_err(NativeError::from)?;
        Ok(closed.into_iter().map(as_tuple).collect())
    }

    /// Adds trades in order; returns the bars they close. On error nothing is added.
    fn push_batch<'py>(
        &mut self,
        py: Python<'py>,
        timestamps: PyReadonlyArray1<'py, i64>,
        prices: PyReadonlyArray1<'py, f64>,
        sizes: PyReadonlyArray1<'py, f64>,
    ) -> PyResult<Vec<BarTuple>> {
        let timestamps = contiguous(&timestamps, "timestamps")?;
        let prices = contiguous(&prices, "prices")?;
        let sizes = contiguous(&sizes, "sizes")?;
        let inner = &mut self.inner;
        let bars = run_detached(py, || inner.push_batch(timestamps, prices, sizes))?;
        Ok(bars.into_iter().map(as_tuple).collect())
    }

    /// The bar still open (none or one).
    fn flush(&mut self) -> Vec<BarTuple> {
        self.inner.flush().into_iter().map(as_tuple).collect()
    }

    /// Number of trades pushed so far.
    #[getter]
    fn ticks(&self) -> usize {
        self.inner.ticks()
    }
}

/// (timestamp, open, high, low, close, volume, trades, vwap, close_timestamp)
type ActivityTuple = (i64, f64, f64, f64, f64, f64, i64, f64, i64);

fn as_activity_tuple((bar, last): (TickBar, i64)) -> ActivityTuple {
    let (t, o, h, l, c, v, n, w) = as_tuple(bar);
    (t, o, h, l, c, v, n, w, last)
}

/// Volume, dollar or tick bars of live trades, pushed in time order.
#[pyclass(module = "rustybt_native._native")]
#[derive(Debug)]
pub struct ActivityBarBuilder {
    inner: ActivityBuilder,
}

#[pymethods]
impl ActivityBarBuilder {
    /// `kind` is "volume", "dollar" or "tick" (then `threshold` is the whole number of trades).
    #[new]
    fn new(kind: &str, threshold: f64) -> PyResult<Self> {
        let rule = match kind {
            "volume" => ActivityRule::Volume(threshold),
            "dollar" => ActivityRule::Dollar(threshold),
            // A count below 1 (or not whole) is refused by the builder as threshold 0.
            "tick" if threshold >= 1.0 && threshold.fract() == 0.0 => {
                ActivityRule::Ticks(threshold as u64)
            }
            "tick" => ActivityRule::Ticks(0),
            _ => {
                return Err(NativeError::from(AggregationError::InvalidThreshold {
                    text: format!("{kind}: expected 'volume', 'dollar' or 'tick'"),
                })
                .into())
            }
        };
        let inner = ActivityBuilder::new(rule).map_err(NativeError::from)?;
        Ok(Self { inner })
    }

    /// Adds one trade; returns the bars it closes (none or one).
    fn push(&mut self, timestamp: i64, price: f64, size: f64) -> PyResult<Vec<ActivityTuple>> {
        let closed = self
            .inner
            .push(timestamp, price, size)
            .map_err(NativeError::from)?;
        Ok(closed.into_iter().map(as_activity_tuple).collect())
    }

    /// Adds trades in order; returns the bars they close. On error nothing is added.
    fn push_batch<'py>(
        &mut self,
        py: Python<'py>,
        timestamps: PyReadonlyArray1<'py, i64>,
        prices: PyReadonlyArray1<'py, f64>,
        sizes: PyReadonlyArray1<'py, f64>,
    ) -> PyResult<Vec<ActivityTuple>> {
        let timestamps = contiguous(&timestamps, "timestamps")?;
        let prices = contiguous(&prices, "prices")?;
        let sizes = contiguous(&sizes, "sizes")?;
        let inner = &mut self.inner;
        let bars = run_detached(py, || inner.push_batch(timestamps, prices, sizes))?;
        Ok(bars.into_iter().map(as_activity_tuple).collect())
    }

    /// The bar still open (none or one).
    fn flush(&mut self) -> Vec<ActivityTuple> {
        self.inner
            .flush()
            .into_iter()
            .map(as_activity_tuple)
            .collect()
    }

    /// Number of trades pushed so far.
    #[getter]
    fn ticks(&self) -> usize {
        self.inner.ticks()
    }
}
