//! Criterion benches for the metrics kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{returns, SIZES};
use rustybt_metrics::sharpe_ratio;
use std::hint::black_box;

fn bench_sharpe(c: &mut Criterion) {
    let mut group = c.benchmark_group("sharpe_ratio");
    for n in SIZES {
        let r = returns(n, 11);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &r, |b, r| {
            b.iter(|| sharpe_ratio(black_box(r), 0.0, 252.0))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sharpe);
criterion_main!(benches);
