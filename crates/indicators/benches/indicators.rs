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

criterion_group!(benches, bench_all);
criterion_main!(benches);
