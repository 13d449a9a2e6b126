//! Bindings of `rustybt-indicators`.

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use rustybt_indicators::EquityParams;
use rustybt_indicators::{
    bbands as bbands_kernel, bbands_columns, stddev as stddev_kernel, stddev_columns,
};
use rustybt_indicators::{
    dema as dema_kernel, dema_columns, hma as hma_kernel, hma_columns, kama as kama_kernel,
    kama_columns, macd as macd_kernel, macd_columns, mom as mom_kernel, mom_columns,
    rate_of_change as rate_of_change_kernel, rate_of_change_columns, roc as roc_kernel,
    roc_columns, tema as tema_kernel, tema_columns, trima as trima_kernel, trima_columns,
};
use rustybt_indicators::{
    ema as ema_kernel, ema_columns, rsi as rsi_kernel, rsi_columns, sma as sma_kernel, sma_columns,
    wma as wma_kernel, wma_columns, EmaSeed, IndicatorError, NanPolicy,
};
use rustybt_indicators::{midpoint as midpoint_kernel, midpoint_columns};

use crate::arrays::contiguous;
use crate::errors::{run_detached, Exception, NativeError};

pub(crate) fn nan_policy(name: &str) -> Result<NanPolicy, NativeError> {
    name.parse().map_err(NativeError::from)
}

/// `kernel` over a contiguous 1-D series with the GIL released, as a numpy array.
pub(crate) fn series<'py>(
    py: Python<'py>,
    values: &PyReadonlyArray1<'py, f64>,
    kernel: impl FnOnce(&[f64]) -> Result<Vec<f64>, IndicatorError> + Send,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let values = contiguous(values, "values")?;
    let out = run_detached(py, || kernel(values))?;
    Ok(out.into_pyarray(py))
}

/// `kernel(values, rows, cols)` over a C-contiguous (time x assets) matrix with the GIL released.
pub(crate) fn matrix<'py>(
    py: Python<'py>,
    values: &PyReadonlyArray2<'py, f64>,
    kernel: impl FnOnce(&[f64], usize, usize) -> Result<Vec<f64>, IndicatorError> + Send,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let (rows, cols) = values.as_array().dim();
    let values = contiguous(values, "values")?;
    let out = run_detached(py, || kernel(values, rows, cols))?;
    let out = Array2::from_shape_vec((rows, cols), out)
        .map_err(|e| Exception::Internal.err(py, format!("indicator output shape: {e}")))?;
    Ok(out.into_pyarray(py))
}

/// Simple moving average of a contiguous 1-D float64 series (TA-Lib's SMA).
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn sma<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| sma_kernel(v, period, policy))
}

/// Simple moving average of each column of a C-contiguous (time x assets) float64 matrix.
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn sma_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| sma_columns(v, r, c, period, policy))
}

/// Exponential moving average of a 1-D series (TA-Lib's EMA, or pandas' ewm(adjust=False)).
#[pyfunction]
#[pyo3(signature = (values, period, seed="sma", nan_policy="propagate"))]
pub fn ema<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    seed: &str,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let seed: EmaSeed = seed.parse().map_err(NativeError::from)?;
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| ema_kernel(v, period, seed, policy))
}

/// Exponential moving average of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period, seed="sma", nan_policy="propagate"))]
pub fn ema_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    seed: &str,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let seed: EmaSeed = seed.parse().map_err(NativeError::from)?;
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| {
        ema_columns(v, r, c, period, seed, policy)
    })
}

/// Weighted moving average of a 1-D series (TA-Lib's WMA).
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn wma<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| wma_kernel(v, period, policy))
}

/// Weighted moving average of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn wma_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| wma_columns(v, r, c, period, policy))
}

/// Relative strength index of a 1-D series (TA-Lib's RSI).
#[pyfunction]
#[pyo3(signature = (values, period=14, nan_policy="propagate"))]
pub fn rsi<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| rsi_kernel(v, period, policy))
}

/// Relative strength index of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=14, nan_policy="propagate"))]
pub fn rsi_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| rsi_columns(v, r, c, period, policy))
}

// --- Adaptive Trend Classification kernels ---------------------------------------------------

/// The ATC KAMA of a 1-D series.
#[pyfunction]
#[pyo3(signature = (prices, length=28, fast=0.666, slow=0.064))]
pub fn atc_kama<'py>(
    py: Python<'py>,
    prices: PyReadonlyArray1<'py, f64>,
    length: usize,
    fast: f64,
    slow: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    series(py, &prices, |p| {
        rustybt_indicators::atc_kama(p, length, fast, slow)
    })
}

/// The ATC KAMA of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (prices, length=28, fast=0.666, slow=0.064))]
pub fn atc_kama_2d<'py>(
    py: Python<'py>,
    prices: PyReadonlyArray2<'py, f64>,
    length: usize,
    fast: f64,
    slow: f64,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    matrix(py, &prices, |p, r, c| {
        rustybt_indicators::atc_kama_columns(p, r, c, length, fast, slow)
    })
}

fn equity_params(starting_equity: f64, decay: f64, cutout: usize, floor: f64) -> EquityParams {
    EquityParams {
        starting_equity,
        decay,
        cutout,
        floor,
    }
}

/// The ATC equity curve of one signal against a returns series.
#[pyfunction]
#[pyo3(signature = (returns, prev_signal, starting_equity=1.0, decay=0.0, cutout=0, floor=0.25))]
pub fn equity_curve<'py>(
    py: Python<'py>,
    returns: PyReadonlyArray1<'py, f64>,
    prev_signal: PyReadonlyArray1<'py, f64>,
    starting_equity: f64,
    decay: f64,
    cutout: usize,
    floor: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let returns = contiguous(&returns, "returns")?;
    let signal = contiguous(&prev_signal, "prev_signal")?;
    let params = equity_params(starting_equity, decay, cutout, floor);
    let out = run_detached(py, || {
        rustybt_indicators::equity_curve(returns, signal, &params)
    })?;
    Ok(out.into_pyarray(py))
}

/// The ATC equity curves of many signals (signals x bars) against one returns series.
#[pyfunction]
#[pyo3(signature = (returns, prev_signal, starting_equity=1.0, decay=0.0, cutout=0, floor=0.25))]
pub fn equity_curve_2d<'py>(
    py: Python<'py>,
    returns: PyReadonlyArray1<'py, f64>,
    prev_signal: PyReadonlyArray2<'py, f64>,
    starting_equity: f64,
    decay: f64,
    cutout: usize,
    floor: f64,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let (signals, bars) = prev_signal.as_array().dim();
    let returns = contiguous(&returns, "returns")?;
    let signal = contiguous(&prev_signal, "prev_signal")?;
    let params = equity_params(starting_equity, decay, cutout, floor);
    let out = run_detached(py, || {
        rustybt_indicators::equity_curves(returns, signal, signals, &params)
    })?;
    let out = Array2::from_shape_vec((signals, bars), out)
        .map_err(|e| Exception::Internal.err(py, format!("equity curve output shape: {e}")))?;
    Ok(out.into_pyarray(py))
}

// --- Signals (int8) ------------------------------------------------------------------------------

type PairKernel<T> = fn(&[T], &[T], usize, usize) -> Result<Vec<i8>, IndicatorError>;

/// `kernel(a, b, len, 1)` over two contiguous 1-D arrays with the GIL released.
fn pair_series<'py, T: numpy::Element + Sync>(
    py: Python<'py>,
    a: (&PyReadonlyArray1<'py, T>, &str),
    b: (&PyReadonlyArray1<'py, T>, &str),
    kernel: PairKernel<T>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let left = contiguous(a.0, a.1)?;
    let right = contiguous(b.0, b.1)?;
    let out = run_detached(py, || kernel(left, right, left.len(), 1))?;
    Ok(out.into_pyarray(py))
}

/// `kernel(a, b, rows, cols)` over two C-contiguous (time x assets) matrices of `a`'s shape.
fn pair_matrix<'py, T: numpy::Element + Sync>(
    py: Python<'py>,
    a: (&PyReadonlyArray2<'py, T>, &str),
    b: (&PyReadonlyArray2<'py, T>, &str),
    kernel: PairKernel<T>,
) -> PyResult<Bound<'py, PyArray2<i8>>> {
    let (rows, cols) = a.0.as_array().dim();
    let left = contiguous(a.0, a.1)?;
    let right = contiguous(b.0, b.1)?;
    let out = run_detached(py, || kernel(left, right, rows, cols))?;
    let out = Array2::from_shape_vec((rows, cols), out)
        .map_err(|e| Exception::Internal.err(py, format!("signal output shape: {e}")))?;
    Ok(out.into_pyarray(py))
}

/// 1 where `a` crosses above `b` (TradingView's crossover), 1-D.
#[pyfunction]
pub fn crossover<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    pair_series(py, (&a, "a"), (&b, "b"), |a, b, _, _| {
        rustybt_indicators::crossover(a, b)
    })
}

/// 1 where `a` crosses above `b`, per column of (time x assets) matrices.
#[pyfunction]
pub fn crossover_2d<'py>(
    py: Python<'py>,
    a: PyReadonlyArray2<'py, f64>,
    b: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyArray2<i8>>> {
    pair_matrix(
        py,
        (&a, "a"),
        (&b, "b"),
        rustybt_indicators::crossover_columns,
    )
}

/// 1 where `a` crosses below `b` (TradingView's crossunder), 1-D.
#[pyfunction]
pub fn crossunder<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    pair_series(py, (&a, "a"), (&b, "b"), |a, b, _, _| {
        rustybt_indicators::crossunder(a, b)
    })
}

/// 1 where `a` crosses below `b`, per column of (time x assets) matrices.
#[pyfunction]
pub fn crossunder_2d<'py>(
    py: Python<'py>,
    a: PyReadonlyArray2<'py, f64>,
    b: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyArray2<i8>>> {
    pair_matrix(
        py,
        (&a, "a"),
        (&b, "b"),
        rustybt_indicators::crossunder_columns,
    )
}

/// The persistent signal of up/down events, 1-D.
#[pyfunction]
pub fn signal_persistence<'py>(
    py: Python<'py>,
    up: PyReadonlyArray1<'py, bool>,
    down: PyReadonlyArray1<'py, bool>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    pair_series(py, (&up, "up"), (&down, "down"), |u, d, _, _| {
        rustybt_indicators::signal_persistence(u, d)
    })
}

/// The persistent signal of up/down events, per column of (time x assets) matrices.
#[pyfunction]
pub fn signal_persistence_2d<'py>(
    py: Python<'py>,
    up: PyReadonlyArray2<'py, bool>,
    down: PyReadonlyArray2<'py, bool>,
) -> PyResult<Bound<'py, PyArray2<i8>>> {
    pair_matrix(
        py,
        (&up, "up"),
        (&down, "down"),
        rustybt_indicators::signal_persistence_columns,
    )
}

/// The persistent position from price crossing its moving average, 1-D.
#[pyfunction]
pub fn ma_signal<'py>(
    py: Python<'py>,
    price: PyReadonlyArray1<'py, f64>,
    ma: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    pair_series(py, (&price, "price"), (&ma, "ma"), |p, m, _, _| {
        rustybt_indicators::ma_signal(p, m)
    })
}

/// The persistent position from price crossing its moving average, per column.
#[pyfunction]
pub fn ma_signal_2d<'py>(
    py: Python<'py>,
    price: PyReadonlyArray2<'py, f64>,
    ma: PyReadonlyArray2<'py, f64>,
) -> PyResult<Bound<'py, PyArray2<i8>>> {
    pair_matrix(
        py,
        (&price, "price"),
        (&ma, "ma"),
        rustybt_indicators::ma_signal_columns,
    )
}

// --- Indicators of several inputs per bar (high, low, close, volume) ----------------------------

pub(crate) type BarKernel<'a> =
    Box<dyn FnOnce(&[&[f64]], usize, usize) -> Result<Vec<f64>, IndicatorError> + Send + 'a>;

/// `kernel(inputs, len, 1)` over contiguous 1-D arrays of one length, with the GIL released.
pub(crate) fn bar_series<'py>(
    py: Python<'py>,
    inputs: &[(&PyReadonlyArray1<'py, f64>, &str)],
    kernel: BarKernel<'_>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let slices = inputs
        .iter()
        .map(|(array, name)| contiguous(*array, name))
        .collect::<PyResult<Vec<&[f64]>>>()?;
    let rows = slices.first().map_or(0, |s| s.len());
    let out = run_detached(py, || kernel(&slices, rows, 1))?;
    Ok(out.into_pyarray(py))
}

/// `kernel(inputs, rows, cols)` over C-contiguous (time x assets) matrices of the first one's
/// shape, with the GIL released.
pub(crate) fn bar_matrix<'py>(
    py: Python<'py>,
    inputs: &[(&PyReadonlyArray2<'py, f64>, &str)],
    kernel: BarKernel<'_>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let (rows, cols) = inputs.first().map_or((0, 0), |(a, _)| a.as_array().dim());
    let slices = inputs
        .iter()
        .map(|(array, name)| contiguous(*array, name))
        .collect::<PyResult<Vec<&[f64]>>>()?;
    let out = run_detached(py, || kernel(&slices, rows, cols))?;
    let out = Array2::from_shape_vec((rows, cols), out)
        .map_err(|e| Exception::Internal.err(py, format!("indicator output shape: {e}")))?;
    Ok(out.into_pyarray(py))
}

macro_rules! hlc_functions {
    ($name:ident, $name_2d:ident, $doc:literal, |$h:ident, $l:ident, $c:ident, $r:ident, $k:ident, $policy:ident $(, $period:ident = $default:tt)?| $body:expr) => {
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(signature = (high, low, close, $($period=$default,)? nan_policy="propagate"))]
        pub fn $name<'py>(
            py: Python<'py>,
            high: PyReadonlyArray1<'py, f64>,
            low: PyReadonlyArray1<'py, f64>,
            close: PyReadonlyArray1<'py, f64>,
            $($period: usize,)?
            nan_policy: &str,
        ) -> PyResult<Bound<'py, PyArray1<f64>>> {
            let $policy = self::nan_policy(nan_policy)?;
            let inputs = [(&high, "high"), (&low, "low"), (&close, "close")];
            bar_series(py, &inputs, Box::new(move |s: &[&[f64]], $r, $k| {
                let ($h, $l, $c) = (s[0], s[1], s[2]);
                $body
            }))
        }

        #[doc = $doc]
        #[doc = " Per column of (time x assets) matrices."]
        #[pyfunction]
        #[pyo3(signature = (high, low, close, $($period=$default,)? nan_policy="propagate"))]
        pub fn $name_2d<'py>(
            py: Python<'py>,
            high: PyReadonlyArray2<'py, f64>,
            low: PyReadonlyArray2<'py, f64>,
            close: PyReadonlyArray2<'py, f64>,
            $($period: usize,)?
            nan_policy: &str,
        ) -> PyResult<Bound<'py, PyArray2<f64>>> {
            let $policy = self::nan_policy(nan_policy)?;
            let inputs = [(&high, "high"), (&low, "low"), (&close, "close")];
            bar_matrix(py, &inputs, Box::new(move |s: &[&[f64]], $r, $k| {
                let ($h, $l, $c) = (s[0], s[1], s[2]);
                $body
            }))
        }
    };
}

hlc_functions!(
    trange,
    trange_2d,
    "True range (TA-Lib's TRANGE).",
    |h, l, c, r, k, policy| rustybt_indicators::trange(h, l, c, r, k, policy)
);
hlc_functions!(
    atr,
    atr_2d,
    "Average true range (TA-Lib's ATR).",
    |h, l, c, r, k, policy, period = 14| rustybt_indicators::atr(h, l, c, r, k, period, policy)
);
hlc_functions!(
    natr,
    natr_2d,
    "Normalised average true range (TA-Lib's NATR).",
    |h, l, c, r, k, policy, period = 14| rustybt_indicators::natr(h, l, c, r, k, period, policy)
);

hlc_functions!(
    cci,
    cci_2d,
    "Commodity channel index (TA-Lib's CCI).",
    |h, l, c, r, k, policy, period = 14| rustybt_indicators::cci(h, l, c, r, k, period, policy)
);

/// On-balance volume (TA-Lib's OBV).
#[pyfunction]
#[pyo3(signature = (close, volume, nan_policy="propagate"))]
pub fn obv<'py>(
    py: Python<'py>,
    close: PyReadonlyArray1<'py, f64>,
    volume: PyReadonlyArray1<'py, f64>,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [(&close, "close"), (&volume, "volume")];
    bar_series(
        py,
        &inputs,
        Box::new(move |s: &[&[f64]], r, k| rustybt_indicators::obv(s[0], s[1], r, k, policy)),
    )
}

/// On-balance volume per column of (time x assets) matrices.
#[pyfunction]
#[pyo3(signature = (close, volume, nan_policy="propagate"))]
pub fn obv_2d<'py>(
    py: Python<'py>,
    close: PyReadonlyArray2<'py, f64>,
    volume: PyReadonlyArray2<'py, f64>,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [(&close, "close"), (&volume, "volume")];
    bar_matrix(
        py,
        &inputs,
        Box::new(move |s: &[&[f64]], r, k| rustybt_indicators::obv(s[0], s[1], r, k, policy)),
    )
}

// --- multi-output and single-input indicators appended for issue 6 ------------------------------

type Lines1<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
);
type Lines2<'py> = (
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray2<f64>>,
);

/// `kernel` (three output lines) over a contiguous 1-D series with the GIL released.
fn series3<'py>(
    py: Python<'py>,
    values: &PyReadonlyArray1<'py, f64>,
    kernel: impl FnOnce(&[f64]) -> Result<[Vec<f64>; 3], IndicatorError> + Send,
) -> PyResult<Lines1<'py>> {
    let values = contiguous(values, "values")?;
    let [a, b, c] = run_detached(py, || kernel(values))?;
    Ok((a.into_pyarray(py), b.into_pyarray(py), c.into_pyarray(py)))
}

/// `kernel(values, rows, cols)` (three output lines) over a C-contiguous (time x assets) matrix
/// with the GIL released.
fn matrix3<'py>(
    py: Python<'py>,
    values: &PyReadonlyArray2<'py, f64>,
    kernel: impl FnOnce(&[f64], usize, usize) -> Result<[Vec<f64>; 3], IndicatorError> + Send,
) -> PyResult<Lines2<'py>> {
    let (rows, cols) = values.as_array().dim();
    let values = contiguous(values, "values")?;
    let lines = run_detached(py, || kernel(values, rows, cols))?;
    let [a, b, c] = lines.map(|line| Array2::from_shape_vec((rows, cols), line));
    let shape = |e| Exception::Internal.err(py, format!("indicator output shape: {e}"));
    Ok((
        a.map_err(shape)?.into_pyarray(py),
        b.map_err(shape)?.into_pyarray(py),
        c.map_err(shape)?.into_pyarray(py),
    ))
}

/// MACD of a 1-D series (TA-Lib's MACD): (macd, signal, hist).
#[pyfunction]
#[pyo3(signature = (values, fast=12, slow=26, signal=9, nan_policy="propagate"))]
pub fn macd<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    fast: usize,
    slow: usize,
    signal: usize,
    nan_policy: &str,
) -> PyResult<Lines1<'py>> {
    let policy = self::nan_policy(nan_policy)?;
    series3(py, &values, |v| {
        macd_kernel(v, fast, slow, signal, policy).map(|l| [l.macd, l.signal, l.hist])
    })
}

/// MACD of each column of a (time x assets) matrix: (macd, signal, hist).
#[pyfunction]
#[pyo3(signature = (values, fast=12, slow=26, signal=9, nan_policy="propagate"))]
pub fn macd_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    fast: usize,
    slow: usize,
    signal: usize,
    nan_policy: &str,
) -> PyResult<Lines2<'py>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix3(py, &values, |v, r, c| {
        macd_columns(v, r, c, fast, slow, signal, policy).map(|l| [l.macd, l.signal, l.hist])
    })
}

/// Momentum (TA-Lib's MOM) of a 1-D series.
#[pyfunction]
#[pyo3(signature = (values, period=10, nan_policy="propagate"))]
pub fn mom<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| mom_kernel(v, period, policy))
}

/// Momentum (TA-Lib's MOM) of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=10, nan_policy="propagate"))]
pub fn mom_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| mom_columns(v, r, c, period, policy))
}

/// Rate of change in percent (TA-Lib's ROC) of a 1-D series.
#[pyfunction]
#[pyo3(signature = (values, period=10, nan_policy="propagate"))]
pub fn roc<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| roc_kernel(v, period, policy))
}

/// Rate of change in percent (TA-Lib's ROC) of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=10, nan_policy="propagate"))]
pub fn roc_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| roc_columns(v, r, c, period, policy))
}

/// Simple fractional change (pandas' pct_change) of a 1-D series.
#[pyfunction]
#[pyo3(signature = (values, period=1, nan_policy="propagate"))]
pub fn rate_of_change<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| rate_of_change_kernel(v, period, policy))
}

/// Simple fractional change (pandas' pct_change) of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=1, nan_policy="propagate"))]
pub fn rate_of_change_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| {
        rate_of_change_columns(v, r, c, period, policy)
    })
}

/// Double exponential moving average (TA-Lib's DEMA) of a 1-D series.
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn dema<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| dema_kernel(v, period, policy))
}

/// Double exponential moving average (TA-Lib's DEMA) of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn dema_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| dema_columns(v, r, c, period, policy))
}

/// Triple exponential moving average (TA-Lib's TEMA) of a 1-D series.
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn tema<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| tema_kernel(v, period, policy))
}

/// Triple exponential moving average (TA-Lib's TEMA) of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn tema_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| tema_columns(v, r, c, period, policy))
}

/// Hull moving average of a 1-D series (WMAs as TA-Lib's).
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn hma<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| hma_kernel(v, period, policy))
}

/// Hull moving average of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn hma_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| hma_columns(v, r, c, period, policy))
}

/// Triangular moving average of a 1-D series (TA-Lib's TRIMA).
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn trima<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| trima_kernel(v, period, policy))
}

/// Triangular moving average of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn trima_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| {
        trima_columns(v, r, c, period, policy)
    })
}

/// Bollinger bands of a 1-D series (TA-Lib's BBANDS, SMA middle): (upper, middle, lower).
#[pyfunction]
#[pyo3(signature = (values, period=5, nbdev_up=2.0, nbdev_dn=2.0, nan_policy="propagate"))]
pub fn bbands<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nbdev_up: f64,
    nbdev_dn: f64,
    nan_policy: &str,
) -> PyResult<Lines1<'py>> {
    let policy = self::nan_policy(nan_policy)?;
    series3(py, &values, |v| {
        bbands_kernel(v, period, nbdev_up, nbdev_dn, policy).map(|b| [b.upper, b.middle, b.lower])
    })
}

/// Bollinger bands of each column of a (time x assets) matrix: (upper, middle, lower).
#[pyfunction]
#[pyo3(signature = (values, period=5, nbdev_up=2.0, nbdev_dn=2.0, nan_policy="propagate"))]
pub fn bbands_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nbdev_up: f64,
    nbdev_dn: f64,
    nan_policy: &str,
) -> PyResult<Lines2<'py>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix3(py, &values, |v, r, c| {
        bbands_columns(v, r, c, period, nbdev_up, nbdev_dn, policy)
            .map(|b| [b.upper, b.middle, b.lower])
    })
}

/// Standard deviation of a 1-D series (TA-Lib's STDDEV).
#[pyfunction]
#[pyo3(signature = (values, period=5, nbdev=1.0, nan_policy="propagate"))]
pub fn stddev<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nbdev: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| stddev_kernel(v, period, nbdev, policy))
}

/// Standard deviation of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=5, nbdev=1.0, nan_policy="propagate"))]
pub fn stddev_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nbdev: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| {
        stddev_columns(v, r, c, period, nbdev, policy)
    })
}

/// Kaufman adaptive moving average of a 1-D series (TA-Lib's KAMA).
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn kama<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| kama_kernel(v, period, policy))
}

/// Kaufman adaptive moving average of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=30, nan_policy="propagate"))]
pub fn kama_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| kama_columns(v, r, c, period, policy))
}

/// Midpoint of the highest and lowest value over a window, 1-D (TA-Lib's MIDPOINT).
#[pyfunction]
#[pyo3(signature = (values, period=14, nan_policy="propagate"))]
pub fn midpoint<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| midpoint_kernel(v, period, policy))
}

/// Midpoint of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=14, nan_policy="propagate"))]
pub fn midpoint_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| {
        midpoint_columns(v, r, c, period, policy)
    })
}
