//! Criterion benches for decimal columns: the exact sum with and without a null mask.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{price_mantissas, SIZES};
use rustybt_decimal::{sum, Validity};
use std::hint::black_box;

fn bench_sum(c: &mut Criterion) {
    let mut group = c.benchmark_group("decimal_sum");
    for n in SIZES {
        let values = price_mantissas(n, 7);
        // every 10th value null
        let mask: Vec<u8> = (0..n.div_ceil(8))
            .map(|byte| {
                (0..8).fold(0u8, |acc, bit| {
                    acc | (u8::from((byte * 8 + bit) % 10 != 0) << bit)
                })
            })
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("no_nulls", n), &values, |b, v| {
            b.iter(|| sum(black_box(v), None))
        });
        group.bench_with_input(BenchmarkId::new("with_nulls", n), &values, |b, v| {
            let validity = Validity::new(&mask, 0, n).expect("mask covers n values");
            b.iter(|| sum(black_box(v), Some(validity)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sum);
criterion_main!(benches);
