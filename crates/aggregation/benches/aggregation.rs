//! Criterion benches for the aggregation kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_aggregation::session_runs;
use rustybt_aggregation::{
    aggregate_f64, aggregate_i128, bucket_runs, bucket_starts, threshold_runs, ActivityBarBuilder,
    ActivityRule, Agg, BarBuilder, BarWeights, BucketRule, Closed, Duration, Label, Origin,
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
        for (name, agg) in [
            ("first_f64", Agg::First),
            ("max_f64", Agg::Max),
            ("sum_f64", Agg::Sum),
        ] {
            group.bench_with_input(BenchmarkId::new(name, n), &prices, |b, v| {
                b.iter(|| aggregate_f64(black_box(v), &runs.bounds, agg))
            });
        }
        group.bench_with_input(BenchmarkId::new("sum_decimal", n), &mantissas, |b, v| {
            b.iter(|| aggregate_i128(black_box(v), None, &runs.bounds, Agg::Sum))
        });
    }
    group.finish();
}

/// Activity bars: where volume (float), dollar (exact decimal notional) and tick bars close,
/// about 40 trades a bar.
fn bench_threshold_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("threshold_runs");
    for n in SIZES {
        let ts = minute_timestamps(n, 7);
        let sizes: Vec<f64> = prices(n, 8).iter().map(|p| p.abs().round() + 1.0).collect();
        let notionals = price_mantissas(n, 9);
        let mean = notionals.iter().map(|m| m.abs()).sum::<i128>() / n as i128;
        let volume = BarWeights::Float {
            values: &sizes,
            threshold: 40.0 * sizes.iter().sum::<f64>() / n as f64,
        };
        let dollars = BarWeights::Exact {
            values: &notionals,
            threshold: 40 * mean.max(1),
        };
        group.throughput(Throughput::Elements(n as u64));
        for (name, weights) in [
            ("volume_f64", volume),
            ("dollar_decimal", dollars),
            ("tick", BarWeights::Count(40)),
        ] {
            group.bench_with_input(BenchmarkId::new(name, n), &ts, |b, ts| {
                b.iter(|| threshold_runs(black_box(ts), &[0, n], &weights))
            });
        }
    }
    group.finish();
}

/// The streaming builder: trades about a quarter second apart into one-minute bars, one push
/// at a time and in one batch.
fn bench_bar_builder(c: &mut Criterion) {
    let mut group = c.benchmark_group("bar_builder_1m");
    let rule = BucketRule {
        every: Duration::parse("1m", "every").expect("valid duration"),
        offset: 0,
        closed: Closed::Left,
        label: Label::Left,
        origin: Origin::Epoch,
    };
    for n in SIZES {
        let ts: Vec<i64> = minute_timestamps(n, 10).iter().map(|t| t / 240).collect();
        let prices = prices(n, 11);
        let sizes: Vec<f64> = prices.iter().map(|p| (p * 7.0) % 100.0).collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("push", n), &ts, |b, ts| {
            b.iter(|| {
                let mut builder = BarBuilder::new(rule).expect("valid rule");
                let mut bars = 0usize;
                for ((&t, &p), &s) in ts.iter().zip(&prices).zip(&sizes) {
                    bars += usize::from(builder.push(t, p, s).expect("sorted").is_some());
                }
                black_box(bars)
            })
        });
        group.bench_with_input(BenchmarkId::new("push_batch", n), &ts, |b, ts| {
            b.iter(|| {
                let mut builder = BarBuilder::new(rule).expect("valid rule");
                black_box(builder.push_batch(ts, &prices, &sizes))
            })
        });
    }
    group.finish();
}

/// The streaming activity builder: volume bars of about 40 trades, fed in one batch.
fn bench_activity_builder(c: &mut Criterion) {
    let mut group = c.benchmark_group("activity_bar_builder");
    for n in SIZES {
        let ts = minute_timestamps(n, 12);
        let prices = prices(n, 13);
        let sizes: Vec<f64> = prices.iter().map(|p| (p * 7.0) % 100.0).collect();
        let threshold = 40.0 * sizes.iter().sum::<f64>() / n as f64;
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("volume", n), &ts, |b, ts| {
            b.iter(|| {
                let rule = ActivityRule::Volume(threshold);
                let mut builder = ActivityBarBuilder::new(rule).expect("valid rule");
                black_box(builder.push_batch(ts, &prices, &sizes))
            })
        });
    }
    group.finish();
}

/// Session bars: CME-like sessions of 23 hours (17:00 to 16:00) every day, one-minute bars
/// around the clock, so about one row in 24 falls in the daily break and is dropped.
fn bench_session_runs(c: &mut Criterion) {
    const HOUR: i64 = 3_600_000_000_000;
    let mut group = c.benchmark_group("session_runs");
    for n in SIZES {
        let ts = minute_timestamps(n, 10);
        let (first, last) = (ts[0], ts[n - 1]);
        let days = (last - first) / (24 * HOUR) + 2;
        let opens: Vec<i64> = (0..days).map(|d| first - HOUR + d * 24 * HOUR).collect();
        let closes: Vec<i64> = opens.iter().map(|o| o + 23 * HOUR).collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("cme_like", n), &ts, |b, ts| {
            b.iter(|| {
                session_runs(
                    black_box(ts),
                    &[0, n],
                    &opens,
                    &closes,
                    Closed::Left,
                    Label::Left,
                    false,
                )
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_bucket_starts,
    bench_resample,
    bench_threshold_runs,
    bench_bar_builder,
    bench_activity_builder,
    bench_session_runs
);
criterion_main!(benches);
