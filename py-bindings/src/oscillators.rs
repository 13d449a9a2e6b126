//! Bindings of the oscillators of `rustybt-indicators` (WILLR, STOCH, ADX) and `lsma`.

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use rustybt_indicators::{lsma as lsma_kernel, lsma_columns, MaType, StochParams};

use crate::arrays::contiguous;
use crate::errors::{run_detached, Exception, NativeError};
use crate::indicators::{bar_matrix, bar_series, matrix, nan_policy, series};

/// Williams' %R (TA-Lib's WILLR).
#[pyfunction]
#[pyo3(signature = (high, low, close, period=14, nan_policy="propagate"))]
pub fn willr<'py>(
    py: Python<'py>,
    high: PyReadonlyArray1<'py, f64>,
    low: PyReadonlyArray1<'py, f64>,
    close: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [(&high, "high"), (&low, "low"), (&close, "close")];
    bar_series(
        py,
        &inputs,
        Box::new(move |s, r, k| rustybt_indicators::willr(s[0], s[1], s[2], r, k, period, policy)),
    )
}

/// Williams' %R per column of (time x assets) matrices.
#[pyfunction]
#[pyo3(signature = (high, low, close, period=14, nan_policy="propagate"))]
pub fn willr_2d<'py>(
    py: Python<'py>,
    high: PyReadonlyArray2<'py, f64>,
    low: PyReadonlyArray2<'py, f64>,
    close: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [(&high, "high"), (&low, "low"), (&close, "close")];
    bar_matrix(
        py,
        &inputs,
        Box::new(move |s, r, k| rustybt_indicators::willr(s[0], s[1], s[2], r, k, period, policy)),
    )
}

/// Average directional index (TA-Lib's ADX).
#[pyfunction]
#[pyo3(signature = (high, low, close, period=14, nan_policy="propagate"))]
pub fn adx<'py>(
    py: Python<'py>,
    high: PyReadonlyArray1<'py, f64>,
    low: PyReadonlyArray1<'py, f64>,
    close: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [(&high, "high"), (&low, "low"), (&close, "close")];
    bar_series(
        py,
        &inputs,
        Box::new(move |s, r, k| rustybt_indicators::adx(s[0], s[1], s[2], r, k, period, policy)),
    )
}

/// Average directional index per column of (time x assets) matrices.
#[pyfunction]
#[pyo3(signature = (high, low, close, period=14, nan_policy="propagate"))]
pub fn adx_2d<'py>(
    py: Python<'py>,
    high: PyReadonlyArray2<'py, f64>,
    low: PyReadonlyArray2<'py, f64>,
    close: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [(&high, "high"), (&low, "low"), (&close, "close")];
    bar_matrix(
        py,
        &inputs,
        Box::new(move |s, r, k| rustybt_indicators::adx(s[0], s[1], s[2], r, k, period, policy)),
    )
}

/// STOCH's two output lines (slowk, slowd).
type TwoLines<'py, A> = (Bound<'py, A>, Bound<'py, A>);

fn stoch_params(
    fastk_period: usize,
    slowk_period: usize,
    slowk_matype: i64,
    slowd_period: usize,
    slowd_matype: i64,
) -> Result<StochParams, NativeError> {
    Ok(StochParams {
        fastk_period,
        slowk_period,
        slowk_matype: MaType::from_code(slowk_matype, "slowk_matype")?,
        slowd_period,
        slowd_matype: MaType::from_code(slowd_matype, "slowd_matype")?,
    })
}

/// Stochastic oscillator (TA-Lib's STOCH): (slowk, slowd).
#[pyfunction]
#[pyo3(signature = (high, low, close, fastk_period=5, slowk_period=3, slowk_matype=0, slowd_period=3, slowd_matype=0, nan_policy="propagate"))]
#[allow(clippy::too_many_arguments)]
pub fn stoch<'py>(
    py: Python<'py>,
    high: PyReadonlyArray1<'py, f64>,
    low: PyReadonlyArray1<'py, f64>,
    close: PyReadonlyArray1<'py, f64>,
    fastk_period: usize,
    slowk_period: usize,
    slowk_matype: i64,
    slowd_period: usize,
    slowd_matype: i64,
    nan_policy: &str,
) -> PyResult<TwoLines<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let params = stoch_params(
        fastk_period,
        slowk_period,
        slowk_matype,
        slowd_period,
        slowd_matype,
    )?;
    let (h, l, c) = (
        contiguous(&high, "high")?,
        contiguous(&low, "low")?,
        contiguous(&close, "close")?,
    );
    let [k, d] = run_detached(py, || {
        rustybt_indicators::stoch(h, l, c, h.len(), 1, params, policy)
    })?;
    Ok((k.into_pyarray(py), d.into_pyarray(py)))
}

/// Stochastic oscillator per column of (time x assets) matrices: (slowk, slowd).
#[pyfunction]
#[pyo3(signature = (high, low, close, fastk_period=5, slowk_period=3, slowk_matype=0, slowd_period=3, slowd_matype=0, nan_policy="propagate"))]
#[allow(clippy::too_many_arguments)]
pub fn stoch_2d<'py>(
    py: Python<'py>,
    high: PyReadonlyArray2<'py, f64>,
    low: PyReadonlyArray2<'py, f64>,
    close: PyReadonlyArray2<'py, f64>,
    fastk_period: usize,
    slowk_period: usize,
    slowk_matype: i64,
    slowd_period: usize,
    slowd_matype: i64,
    nan_policy: &str,
) -> PyResult<TwoLines<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let params = stoch_params(
        fastk_period,
        slowk_period,
        slowk_matype,
        slowd_period,
        slowd_matype,
    )?;
    let (rows, cols) = high.as_array().dim();
    let (h, l, c) = (
        contiguous(&high, "high")?,
        contiguous(&low, "low")?,
        contiguous(&close, "close")?,
    );
    let [k, d] = run_detached(py, || {
        rustybt_indicators::stoch(h, l, c, rows, cols, params, policy)
    })?;
    let shape = |e| Exception::Internal.err(py, format!("indicator output shape: {e}"));
    let k = Array2::from_shape_vec((rows, cols), k).map_err(shape)?;
    let d = Array2::from_shape_vec((rows, cols), d).map_err(shape)?;
    Ok((k.into_pyarray(py), d.into_pyarray(py)))
}

/// Least-squares moving average (TA-Lib's LINEARREG) of a 1-D series.
#[pyfunction]
#[pyo3(signature = (values, period=14, nan_policy="propagate"))]
pub fn lsma<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    series(py, &values, |v| lsma_kernel(v, period, policy))
}

/// Least-squares moving average of each column of a (time x assets) matrix.
#[pyfunction]
#[pyo3(signature = (values, period=14, nan_policy="propagate"))]
pub fn lsma_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    matrix(py, &values, |v, r, c| lsma_columns(v, r, c, period, policy))
}

/// Money flow index (TA-Lib's MFI).
#[pyfunction]
#[pyo3(signature = (high, low, close, volume, period=14, nan_policy="propagate"))]
pub fn mfi<'py>(
    py: Python<'py>,
    high: PyReadonlyArray1<'py, f64>,
    low: PyReadonlyArray1<'py, f64>,
    close: PyReadonlyArray1<'py, f64>,
    volume: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [
        (&high, "high"),
        (&low, "low"),
        (&close, "close"),
        (&volume, "volume"),
    ];
    bar_series(
        py,
        &inputs,
        Box::new(move |s, r, k| {
            rustybt_indicators::mfi(s[0], s[1], s[2], s[3], r, k, period, policy)
        }),
    )
}

/// Money flow index per column of (time x assets) matrices.
#[pyfunction]
#[pyo3(signature = (high, low, close, volume, period=14, nan_policy="propagate"))]
pub fn mfi_2d<'py>(
    py: Python<'py>,
    high: PyReadonlyArray2<'py, f64>,
    low: PyReadonlyArray2<'py, f64>,
    close: PyReadonlyArray2<'py, f64>,
    volume: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let inputs = [
        (&high, "high"),
        (&low, "low"),
        (&close, "close"),
        (&volume, "volume"),
    ];
    bar_matrix(
        py,
        &inputs,
        Box::new(move |s, r, k| {
            rustybt_indicators::mfi(s[0], s[1], s[2], s[3], r, k, period, policy)
        }),
    )
}
