//! Bindings of the Adaptive Trend Classification pipeline of `rustybt-indicators` (issue 10).

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1};
use pyo3::prelude::*;

use rustybt_indicators::{
    atc_dema as atc_dema_kernel, atc_ema as atc_ema_kernel, atc_hma as atc_hma_kernel,
    atc_lsma as atc_lsma_kernel, atc_wma as atc_wma_kernel, AtcParams, AtcSignals, EmaSeed,
    IndicatorError, LsmaAt, Robustness,
};

use crate::arrays::contiguous;
use crate::errors::{run_detached, Exception, NativeError};

/// `kernel` over a contiguous 1-D series with the GIL released, as a numpy array.
fn series<'py>(
    py: Python<'py>,
    src: &PyReadonlyArray1<'py, f64>,
    kernel: impl FnOnce(&[f64]) -> Result<Vec<f64>, IndicatorError> + Send,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let src = contiguous(src, "src")?;
    let out = run_detached(py, || kernel(src))?;
    Ok(out.into_pyarray(py))
}

/// The ATC EMA (SMA or first-value seed).
#[pyfunction]
#[pyo3(signature = (src, length, seed="sma"))]
pub fn atc_ema<'py>(
    py: Python<'py>,
    src: PyReadonlyArray1<'py, f64>,
    length: usize,
    seed: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let seed: EmaSeed = seed.parse().map_err(NativeError::from)?;
    series(py, &src, |x| atc_ema_kernel(x, length, seed))
}

/// The pandas_ta DEMA of the ATC pipeline.
#[pyfunction]
#[pyo3(signature = (src, length, seed="sma"))]
pub fn atc_dema<'py>(
    py: Python<'py>,
    src: PyReadonlyArray1<'py, f64>,
    length: usize,
    seed: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let seed: EmaSeed = seed.parse().map_err(NativeError::from)?;
    series(py, &src, |x| atc_dema_kernel(x, length, seed))
}

/// The linearly weighted average of the ATC pipeline.
#[pyfunction]
pub fn atc_wma<'py>(
    py: Python<'py>,
    src: PyReadonlyArray1<'py, f64>,
    length: usize,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    series(py, &src, |x| atc_wma_kernel(x, length))
}

/// The true Hull MA of the ATC pipeline.
#[pyfunction]
pub fn atc_hma<'py>(
    py: Python<'py>,
    src: PyReadonlyArray1<'py, f64>,
    length: usize,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    series(py, &src, |x| atc_hma_kernel(x, length))
}

/// The least-squares average of the ATC pipeline (penultimate or last bar).
#[pyfunction]
#[pyo3(signature = (src, length, at="penultimate"))]
pub fn atc_lsma<'py>(
    py: Python<'py>,
    src: PyReadonlyArray1<'py, f64>,
    length: usize,
    at: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let at: LsmaAt = at.parse().map_err(NativeError::from)?;
    series(py, &src, |x| atc_lsma_kernel(x, length, at))
}

/// The pipeline's parameters, from the positional values the Python layer passes.
#[allow(clippy::too_many_arguments)]
fn params(
    lengths: [usize; 6],
    weights: [f64; 6],
    robustness: &str,
    la: f64,
    de: f64,
    cutout: usize,
    thresholds: (f64, f64),
    strategy_mode: bool,
    options: (&str, &str),
) -> Result<AtcParams, NativeError> {
    let robustness: Robustness = robustness.parse().map_err(NativeError::from)?;
    let ema_seed: EmaSeed = options.0.parse().map_err(NativeError::from)?;
    let lsma_at: LsmaAt = options.1.parse().map_err(NativeError::from)?;
    Ok(AtcParams {
        lengths,
        weights,
        robustness,
        la,
        de,
        cutout,
        long_threshold: thresholds.0,
        short_threshold: thresholds.1,
        strategy_mode,
        ema_seed,
        lsma_at,
    })
}

/// The 13 series in the reference's order: EMA_Signal, EMA_S, ..., KAMA_S, Average_Signal.
fn thirteen(py: Python<'_>, out: AtcSignals) -> Vec<Bound<'_, PyArray1<f64>>> {
    let mut arrays = Vec::with_capacity(13);
    for (signal, equity) in out.signals.into_iter().zip(out.equities) {
        arrays.push(signal.into_pyarray(py));
        arrays.push(equity.into_pyarray(py));
    }
    arrays.push(out.average.into_pyarray(py));
    arrays
}

fn rows<'py, T: numpy::Element>(
    py: Python<'py>,
    values: Vec<T>,
    bars: usize,
) -> PyResult<Bound<'py, PyArray2<T>>> {
    let rows = values.len().checked_div(bars).unwrap_or(0);
    let matrix = Array2::from_shape_vec((rows, bars), values)
        .map_err(|e| Exception::Internal.err(py, format!("ATC component shape: {e}")))?;
    Ok(matrix.into_pyarray(py))
}

/// The 13 outputs of the ATC pipeline as a list of arrays, and, with `components`, the 9 x m
/// moving averages, component signals (int8) and component equities of each family.
#[pyfunction]
#[pyo3(signature = (prices, src, lengths, weights, robustness, la, de, cutout, long_threshold,
    short_threshold, strategy_mode, components=false, ema_seed="sma", lsma_at="penultimate"))]
#[allow(clippy::too_many_arguments)]
#[allow(clippy::type_complexity)]
pub fn atc_signals<'py>(
    py: Python<'py>,
    prices: PyReadonlyArray1<'py, f64>,
    src: Option<PyReadonlyArray1<'py, f64>>,
    lengths: [usize; 6],
    weights: [f64; 6],
    robustness: &str,
    la: f64,
    de: f64,
    cutout: usize,
    long_threshold: f64,
    short_threshold: f64,
    strategy_mode: bool,
    components: bool,
    ema_seed: &str,
    lsma_at: &str,
) -> PyResult<(
    Vec<Bound<'py, PyArray1<f64>>>,
    Option<Vec<Bound<'py, PyAny>>>,
)> {
    let params = params(
        lengths,
        weights,
        robustness,
        la,
        de,
        cutout,
        (long_threshold, short_threshold),
        strategy_mode,
        (ema_seed, lsma_at),
    )?;
    let prices = contiguous(&prices, "prices")?;
    let src = match src.as_ref() {
        Some(array) => Some(contiguous(array, "src")?),
        None => None,
    };
    if !components {
        let out = run_detached(py, || {
            rustybt_indicators::compute_atc_signals(prices, src, &params)
        })?;
        return Ok((thirteen(py, out), None));
    }
    let (out, parts) = run_detached(py, || {
        rustybt_indicators::compute_atc_signals_with_components(prices, src, &params)
    })?;
    let bars = out.average.len();
    let mut extra = Vec::with_capacity(18);
    for t in 0..6 {
        extra.push(rows(py, parts.moving_averages[t].clone(), bars)?.into_any());
        extra.push(rows(py, parts.signals[t].clone(), bars)?.into_any());
        extra.push(rows(py, parts.equities[t].clone(), bars)?.into_any());
    }
    Ok((thirteen(py, out), Some(extra)))
}

/// The ATC pipeline over many series in parallel: the last `Average_Signal` of each, or (with
/// `full`) the 13 outputs of each.
#[pyfunction]
#[pyo3(signature = (series, lengths, weights, robustness, la, de, cutout, long_threshold,
    short_threshold, strategy_mode, full=false, ema_seed="sma", lsma_at="penultimate"))]
#[allow(clippy::too_many_arguments)]
pub fn atc_scan<'py>(
    py: Python<'py>,
    series: Vec<PyReadonlyArray1<'py, f64>>,
    lengths: [usize; 6],
    weights: [f64; 6],
    robustness: &str,
    la: f64,
    de: f64,
    cutout: usize,
    long_threshold: f64,
    short_threshold: f64,
    strategy_mode: bool,
    full: bool,
    ema_seed: &str,
    lsma_at: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let params = params(
        lengths,
        weights,
        robustness,
        la,
        de,
        cutout,
        (long_threshold, short_threshold),
        strategy_mode,
        (ema_seed, lsma_at),
    )?;
    let slices = series
        .iter()
        .map(|s| contiguous(s, "prices"))
        .collect::<PyResult<Vec<&[f64]>>>()?;
    // The Python layer checks every symbol first (naming it), so an error here is a bug guard.
    if full {
        let outs = run_detached(py, || {
            rustybt_indicators::atc_scan(&slices, &params).map_err(|(_, error)| error)
        })?;
        let all: Vec<Vec<Bound<'py, PyArray1<f64>>>> =
            outs.into_iter().map(|out| thirteen(py, out)).collect();
        return Ok(all.into_pyobject(py)?.into_any());
    }
    let last = run_detached(py, || {
        rustybt_indicators::atc_scan_map(&slices, &params, |out| {
            out.average.last().copied().unwrap_or(f64::NAN)
        })
        .map_err(|(_, error)| error)
    })?;
    Ok(last.into_pyarray(py).into_any())
}

/// The ATC pipeline fed one bar at a time (cutout 0): each update returns the bar's 13 outputs
/// in the reference's order, equal to the batch pipeline on the prefix.
#[pyclass(name = "AtcStream", module = "rustybt_native._native")]
#[derive(Debug)]
pub struct AtcStream {
    inner: rustybt_indicators::AtcStream,
}

#[pymethods]
impl AtcStream {
    #[new]
    #[pyo3(signature = (lengths, weights, robustness, la, de, long_threshold, short_threshold,
        strategy_mode, ema_seed="sma", lsma_at="penultimate"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        lengths: [usize; 6],
        weights: [f64; 6],
        robustness: &str,
        la: f64,
        de: f64,
        long_threshold: f64,
        short_threshold: f64,
        strategy_mode: bool,
        ema_seed: &str,
        lsma_at: &str,
    ) -> PyResult<Self> {
        let params = params(
            lengths,
            weights,
            robustness,
            la,
            de,
            0,
            (long_threshold, short_threshold),
            strategy_mode,
            (ema_seed, lsma_at),
        )?;
        let inner = rustybt_indicators::AtcStream::new(&params).map_err(NativeError::from)?;
        Ok(Self { inner })
    }

    /// Takes the next close (and source value) and returns the bar's 13 outputs.
    #[pyo3(signature = (price, src=None))]
    fn update(&mut self, py: Python<'_>, price: f64, src: Option<f64>) -> PyResult<Vec<f64>> {
        let inner = &mut self.inner;
        let bar = run_detached(py, || inner.update(price, src))?;
        let mut out = Vec::with_capacity(13);
        for t in 0..6 {
            out.push(bar.signals[t]);
            out.push(bar.equities[t]);
        }
        out.push(bar.average);
        Ok(out)
    }

    /// Bars taken so far.
    #[getter]
    fn bars(&self) -> usize {
        self.inner.bars()
    }
}
