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
mod ledger;
mod metrics;
mod metrics_columns;
mod metrics_factor;
mod metrics_rolling;
mod metrics_series;
mod metrics_summary;
mod metrics_tails;
mod stream;
// issue 10
mod aggregation_builder;
mod atc;
mod metrics_decimal;
mod oscillators;
// issue 7: session bars
mod aggregation_session;
// issue 5: metrics under quantstats' conventions
mod metrics_quantstats;

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
    m.add_function(wrap_pyfunction!(decimal::decimal_binary, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_compare, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_unary, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_reduce, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_dot, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_to_float, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_from_float, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_parse, m)?)?;
    m.add_function(wrap_pyfunction!(decimal::decimal_format, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_portfolio_values, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_portfolio_values_rows, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_portfolio_values_f64, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_portfolio_value, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_commissions, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_tiered_commissions, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_commissions_f64, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_apply_fills, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_validate_orders, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_fixed_slippage, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::ledger_volume_share_slippage, m)?)?;
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
    m.add_function(wrap_pyfunction!(indicators::atc_kama, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::atc_kama_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::equity_curve, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::equity_curve_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::crossover, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::crossover_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::crossunder, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::crossunder_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::signal_persistence, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::signal_persistence_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::ma_signal, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::ma_signal_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::trange, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::trange_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::atr, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::atr_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::natr, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::natr_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::cci, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::cci_2d, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::obv, m)?)?;
    m.add_function(wrap_pyfunction!(indicators::obv_2d, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::bucket_starts, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_series::simple_returns, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_series::log_returns, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_series::cum_returns, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_series::drawdown, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_series::drawdown_periods, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_tails::value_at_risk, m)?)?;
    m.add_function(wrap_pyfunction!(
        metrics_tails::conditional_value_at_risk,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(metrics_tails::tail_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_tails::omega_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_factor::beta, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_factor::alpha_beta, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_factor::excess_sharpe, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_factor::capture, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_rolling::roll_sharpe_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_rolling::roll_max_drawdown, m)?)?;
    m.add_function(wrap_pyfunction!(
        metrics_rolling::roll_annual_volatility,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(metrics_rolling::roll_beta, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_tails::stability_of_timeseries, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_summary::metrics_summary, m)?)?;
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
    m.add_class::<stream::StreamSma>()?;
    m.add_class::<stream::StreamEma>()?;
    m.add_class::<stream::StreamWma>()?;
    m.add_class::<stream::StreamDema>()?;
    m.add_class::<stream::StreamTema>()?;
    m.add_class::<stream::StreamRsi>()?;
    m.add_class::<stream::StreamMacd>()?;
    m.add_class::<stream::StreamBbands>()?;
    m.add_class::<stream::StreamAtr>()?;
    m.add_class::<stream::StreamNatr>()?;
    m.add_class::<stream::StreamTrange>()?;
    m.add_class::<stream::StreamKama>()?;
    m.add_class::<stream::StreamMom>()?;
    m.add_class::<stream::StreamRoc>()?;
    m.add_class::<stream::StreamStddev>()?;
    m.add_class::<stream::StreamCci>()?;
    m.add_class::<stream::StreamObv>()?;
    m.add_class::<stream::StreamPipeline>()?;
    m.add_class::<stream::StreamSignalPersistence>()?;
    m.add_class::<stream::StreamCrossover>()?;
    m.add_class::<stream::StreamCrossunder>()?;
    m.add_class::<stream::StreamMaSignal>()?;
    m.add_class::<stream::StreamEquityCurve>()?;
    m.add_class::<stream::StreamAtcKama>()?;
    // issue 10: the ATC pipeline
    m.add_function(wrap_pyfunction!(atc::atc_ema, m)?)?;
    m.add_function(wrap_pyfunction!(atc::atc_dema, m)?)?;
    m.add_function(wrap_pyfunction!(atc::atc_wma, m)?)?;
    m.add_function(wrap_pyfunction!(atc::atc_hma, m)?)?;
    m.add_function(wrap_pyfunction!(atc::atc_lsma, m)?)?;
    m.add_function(wrap_pyfunction!(atc::atc_signals, m)?)?;
    m.add_function(wrap_pyfunction!(atc::atc_scan, m)?)?;
    m.add_class::<atc::AtcStream>()?;
    // issue 7: resampling
    m.add_function(wrap_pyfunction!(aggregation::resample_runs, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::aggregate_runs_f64, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::aggregate_runs_i64, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::aggregate_runs_decimal, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::count_runs, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::willr, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::willr_2d, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::stoch, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::stoch_2d, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::adx, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::adx_2d, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::lsma, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::lsma_2d, m)?)?;
    // issue 6: the money flow index
    m.add_function(wrap_pyfunction!(oscillators::mfi, m)?)?;
    m.add_function(wrap_pyfunction!(oscillators::mfi_2d, m)?)?;
    // issue 8: streaming classes of the remaining batch indicators
    m.add_class::<stream::StreamRateOfChange>()?;
    m.add_class::<stream::StreamMfi>()?;
    m.add_class::<stream::StreamWillr>()?;
    m.add_class::<stream::StreamAdx>()?;
    m.add_class::<stream::StreamLsma>()?;
    m.add_class::<stream::StreamTrima>()?;
    m.add_class::<stream::StreamMidpoint>()?;
    m.add_class::<stream::StreamHma>()?;
    m.add_class::<stream::StreamStoch>()?;
    m.add_function(wrap_pyfunction!(aggregation::tick_runs, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::threshold_runs_f64, m)?)?;
    m.add_function(wrap_pyfunction!(aggregation::threshold_runs_decimal, m)?)?;
    m.add_class::<aggregation_builder::BarBuilder>()?;
    m.add_class::<aggregation_builder::ActivityBarBuilder>()?;
    // issue 5: Decimal metrics
    m.add_function(wrap_pyfunction!(metrics_decimal::decimal_metric, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_decimal::decimal_metric_series, m)?)?;
    // issue 7: session bars
    m.add_function(wrap_pyfunction!(aggregation_session::session_runs, m)?)?;
    // issue 5: metrics under quantstats' conventions
    m.add_function(wrap_pyfunction!(metrics_quantstats::quantstats_metric, m)?)?;
    m.add_function(wrap_pyfunction!(
        metrics_quantstats::quantstats_alpha_beta,
        m
    )?)?;
    Ok(())
}
