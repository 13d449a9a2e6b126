//! Bindings of `rustybt-indicators`.

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use rustybt_indicators::EquityParams;
use rustybt_indicators::{
    ema as ema_kernel, ema_columns, rsi as rsi_kernel, rsi_columns, sma as sma_kernel, sma_columns,
    wma as wma_kernel, wma_columns, EmaSeed, IndicatorError, NanPolicy,
};

use crate::arrays::contiguous;
use crate::errors::{run_detached, Exception, NativeError};

fn nan_policy(name: &str) -> Result<NanPolicy, NativeError> {
    name.parse().map_err(NativeError::from)
}

/// `kernel` over a contiguous 1-D series with the GIL released, as a numpy array.
fn series<'py>(
    py: Python<'py>,
    values: &PyReadonlyArray1<'py, f64>,
    kernel: impl FnOnce(&[f64]) -> Result<Vec<f64>, IndicatorError> + Send,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let values = contiguous(values, "values")?;
    let out = run_detached(py, || kernel(values))?;
    Ok(out.into_pyarray(py))
}

/// `kernel(values, rows, cols)` over a C-contiguous (time x assets) matrix with the GIL released.
fn matrix<'py>(
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

type BarKernel<'a> =
    Box<dyn FnOnce(&[&[f64]], usize, usize) -> Result<Vec<f64>, IndicatorError> + Send + 'a>;

/// `kernel(inputs, len, 1)` over contiguous 1-D arrays of one length, with the GIL released.
fn bar_series<'py>(
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
fn bar_matrix<'py>(
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
