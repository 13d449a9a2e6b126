//! Criterion benches for the indicator kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{prices, SIZES};
use rustybt_indicators::{
    ema, ema_columns, rsi, rsi_columns, sma, sma_columns, wma, wma_columns, EmaSeed,
    IndicatorError, NanPolicy,
};
use std::hint::black_box;

type Series = fn(&[f64], usize) -> Result<Vec<f64>, IndicatorError>;
type Columns = fn(&[f64], usize, usize, usize) -> Result<Vec<f64>, IndicatorError>;

const P: NanPolicy = NanPolicy::Propagate;

/// One group per indicator: a 1-D series, then the same number of values as 100 assets side by
/// side.
fn bench_indicator(c: &mut Criterion, name: &str, period: usize, series: Series, columns: Columns) {
    let mut group = c.benchmark_group(name);
    for n in SIZES {
        let p = prices(n, 3);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new(format!("1d_period_{period}"), n),
            &p,
            |b, p| b.iter(|| series(black_box(p), period)),
        );
        group.bench_with_input(
            BenchmarkId::new(format!("2d_100_assets_period_{period}"), n),
            &p,
            |b, p| b.iter(|| columns(black_box(p), n / 100, 100, period)),
        );
    }
    group.finish();
}

fn bench_all(c: &mut Criterion) {
    bench_indicator(
        c,
        "sma",
        30,
        |v, p| sma(v, p, P),
        |v, r, k, p| sma_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "ema",
        20,
        |v, p| ema(v, p, EmaSeed::Sma, P),
        |v, r, k, p| ema_columns(v, r, k, p, EmaSeed::Sma, P),
    );
    bench_indicator(
        c,
        "ema_seed_first",
        20,
        |v, p| ema(v, p, EmaSeed::First, P),
        |v, r, k, p| ema_columns(v, r, k, p, EmaSeed::First, P),
    );
    bench_indicator(
        c,
        "wma",
        20,
        |v, p| wma(v, p, P),
        |v, r, k, p| wma_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "rsi",
        14,
        |v, p| rsi(v, p, P),
        |v, r, k, p| rsi_columns(v, r, k, p, P),
    );
}

/// The single-input indicators of issue 6 (MACD's three lines counted as one output).
fn bench_single_input(c: &mut Criterion) {
    use rustybt_indicators::{
        bbands, bbands_columns, dema, dema_columns, hma, hma_columns, kama, kama_columns, macd,
        macd_columns, midpoint, midpoint_columns, mom, mom_columns, rate_of_change,
        rate_of_change_columns, roc, roc_columns, stddev, stddev_columns, tema, tema_columns,
        trima, trima_columns,
    };
    bench_indicator(
        c,
        "macd",
        12,
        |v, p| macd(v, p, 26, 9, P).map(|lines| lines.hist),
        |v, r, k, p| macd_columns(v, r, k, p, 26, 9, P).map(|lines| lines.hist),
    );
    bench_indicator(
        c,
        "dema",
        20,
        |v, p| dema(v, p, P),
        |v, r, k, p| dema_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "tema",
        20,
        |v, p| tema(v, p, P),
        |v, r, k, p| tema_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "bbands",
        20,
        |v, p| bbands(v, p, 2.0, 2.0, P).map(|bands| bands.upper),
        |v, r, k, p| bbands_columns(v, r, k, p, 2.0, 2.0, P).map(|bands| bands.upper),
    );
    bench_indicator(
        c,
        "stddev",
        20,
        |v, p| stddev(v, p, 1.0, P),
        |v, r, k, p| stddev_columns(v, r, k, p, 1.0, P),
    );
    bench_indicator(
        c,
        "midpoint",
        14,
        |v, p| midpoint(v, p, P),
        |v, r, k, p| midpoint_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "kama",
        30,
        |v, p| kama(v, p, P),
        |v, r, k, p| kama_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "trima",
        30,
        |v, p| trima(v, p, P),
        |v, r, k, p| trima_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "mom",
        10,
        |v, p| mom(v, p, P),
        |v, r, k, p| mom_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "roc",
        10,
        |v, p| roc(v, p, P),
        |v, r, k, p| roc_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "rate_of_change",
        1,
        |v, p| rate_of_change(v, p, P),
        |v, r, k, p| rate_of_change_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "hma",
        20,
        |v, p| hma(v, p, P),
        |v, r, k, p| hma_columns(v, r, k, p, P),
    );
}

criterion_group!(benches, bench_all, bench_single_input);
criterion_main!(benches);
