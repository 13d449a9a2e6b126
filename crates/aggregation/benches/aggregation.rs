//! Criterion benches for the aggregation kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_aggregation::{bucket_starts, Duration};
use rustybt_bench_data::{minute_timestamps, SIZES};
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

criterion_group!(benches, bench_bucket_starts);
criterion_main!(benches);
