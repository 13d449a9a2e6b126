//! `rustybt_native._native`: the extension module behind the `rustybt_native` Python package.
//!
//! Boring on purpose: each function borrows its numpy or Arrow input, runs a core-crate kernel
//! with the GIL released, and maps the kernel's error to a class of `rustybt_native.exceptions`.
//! No math lives here. The public API, argument checking and documentation are in `python/`.

use pyo3::prelude::*;

mod aggregation;
mod arrays;
mod decimal;
mod errors;
mod indicators;
mod metrics;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // A debug build is 10-50x slower; the Python package warns when it loads one.
    m.add(
        "build_profile",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    )?;
    m.add_function(wrap_pyfunction!(decimal::decimal_sum_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_sum_sequence, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::sharpe_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::cum_returns_final, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::annual_return, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::annual_volatility, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::max_drawdown, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::downside_risk, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::sortino_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::calmar_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::sma, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::sma_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::ema, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::ema_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::wma, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::wma_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::rsi, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::rsi_2d, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::bucket_starts, m)?)?;
    // issue 6: single-input indicators
    m.add_function(wrap_pyfunction!(indicators::macd, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::macd_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::bbands, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::bbands_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::stddev, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::stddev_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::mom, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::mom_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::roc, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::roc_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::rate_of_change, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::rate_of_change_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::dema, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::dema_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::tema, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::tema_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::hma, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::hma_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::kama, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::kama_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::midpoint, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::midpoint_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::trima, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::trima_2d, m)?)?;
    Ok(())
}
