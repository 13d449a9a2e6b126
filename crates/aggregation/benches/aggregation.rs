//! Criterion benches for the aggregation kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_aggregation::{
    aggregate_f64, aggregate_i128, bucket_runs, bucket_starts, Agg, BucketRule, Closed, Duration,
    Label, Origin,
};
use rustybt_bench_data::{minute_timestamps, price_mantissas, prices, SIZES};
use std::hint::black_box;

fn bench_bucket_starts(c: &mut Criterion) {
    let mut group = c.benchmark_group("bucket_starts");
    let every = Duration::parse("5m", "every").expect("valid duration");
    for n in SIZES {
        let ts = minute_timestamps(n, 5);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("5m", n), &ts, |b, ts| {
            b.iter(|| bucket_starts(black_box(ts), every, None))
        });
    }
    group.finish();
}

/// One-minute bars into 5-minute bars: the bar boundaries, then a float and a decimal column.
fn bench_resample(c: &mut Criterion) {
    let mut group = c.benchmark_group("resample_5m");
    let rule = BucketRule {
        every: Duration::parse("5m", "every").expect("valid duration"),
        offset: 0,
        closed: Closed::Left,
        label: Label::Left,
        origin: Origin::Epoch,
    };
    for n in SIZES {
        let ts = minute_timestamps(n, 5);
        let prices = prices(n, 6);
        let mantissas = price_mantissas(n, 6);
        let runs = bucket_runs(&ts, &[0, n], &rule, false).expect("sorted");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("bucket_runs", n), &ts, |b, ts| {
            b.iter(|| bucket_runs(black_box(ts), &[0, n], &rule, false))
        });
        group.bench_with_input(BenchmarkId::new("max_f64", n), &prices, |b, v| {
            b.iter(|| aggregate_f64(black_box(v), &runs.bounds, Agg::Max))
        });
        group.bench_with_input(BenchmarkId::new("sum_decimal", n), &mantissas, |b, v| {
            b.iter(|| aggregate_i128(black_box(v), None, &runs.bounds, Agg::Sum))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_bucket_starts, bench_resample);
criterion_main!(benches);
