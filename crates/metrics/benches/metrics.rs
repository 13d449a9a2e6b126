//! Criterion benches for the metrics kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{returns, SIZES};
use rustybt_metrics::{
    annual_return, annual_volatility, calmar_ratio, cum_returns_final, downside_risk, max_drawdown,
    sharpe_ratio, sortino_ratio, MetricsError,
};
use std::hint::black_box;

type Metric = fn(&[f64]) -> Result<f64, MetricsError>;

/// Each scalar metric with empyrical's defaults for daily returns.
const METRICS: [(&str, Metric); 8] = [
    ("sharpe_ratio", |r| sharpe_ratio(r, 0.0, 252.0)),
    ("cum_returns_final", |r| cum_returns_final(r, 0.0)),
    ("annual_return", |r| annual_return(r, 252.0)),
    ("annual_volatility", |r| annual_volatility(r, 2.0, 252.0)),
    ("max_drawdown", max_drawdown),
    ("downside_risk", |r| downside_risk(r, 0.0, 252.0)),
    ("sortino_ratio", |r| sortino_ratio(r, 0.0, 252.0)),
    ("calmar_ratio", |r| calmar_ratio(r, 252.0)),
];

fn bench_metrics(c: &mut Criterion) {
    for (name, metric) in METRICS {
        let mut group = c.benchmark_group(name);
        for n in SIZES {
            let r = returns(n, 11);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &r, |b, r| {
                b.iter(|| metric(black_box(r)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_metrics);
criterion_main!(benches);
