//! Criterion benches for the indicator kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{prices, SIZES};
use rustybt_indicators::{sma, sma_columns, NanPolicy};
use std::hint::black_box;

fn bench_sma(c: &mut Criterion) {
    let mut group = c.benchmark_group("sma");
    for n in SIZES {
        let p = prices(n, 3);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("1d_period_30", n), &p, |b, p| {
            b.iter(|| sma(black_box(p), 30, NanPolicy::Propagate))
        });
        // The same number of values as 100 assets side by side.
        group.bench_with_input(
            BenchmarkId::new("2d_100_assets_period_30", n),
            &p,
            |b, p| b.iter(|| sma_columns(black_box(p), n / 100, 100, 30, NanPolicy::Propagate)),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_sma);
criterion_main!(benches);
