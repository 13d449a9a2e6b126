//! Criterion benches for the metrics kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{prices, returns, SIZES};
use rustybt_metrics::{
    annual_return, annual_volatility, calmar_ratio, cum_returns_final, downside_risk, max_drawdown,
    per_column, sharpe_ratio, sortino_ratio, summary, MetricsError, SummaryOptions,
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

/// The series functions, the distribution and factor scalars, and the rolling metrics.
type SeriesMetric = fn(&[f64], &[f64]) -> Result<Vec<f64>, MetricsError>;

const SERIES: [(&str, SeriesMetric); 14] = [
    ("simple_returns", |p, _| rustybt_metrics::simple_returns(p)),
    ("log_returns", |p, _| rustybt_metrics::log_returns(p)),
    ("cum_returns", |r, _| rustybt_metrics::cum_returns(r, 0.0)),
    ("drawdown", |r, _| rustybt_metrics::drawdown(r)),
    ("drawdown_periods", |r, _| {
        rustybt_metrics::drawdown_periods(r, 5).map(|p| p.iter().map(|d| d.depth).collect())
    }),
    ("value_at_risk", |r, _| {
        rustybt_metrics::value_at_risk(r, 0.05).map(|v| vec![v])
    }),
    ("conditional_value_at_risk", |r, _| {
        rustybt_metrics::conditional_value_at_risk(r, 0.05).map(|v| vec![v])
    }),
    ("tail_ratio", |r, _| {
        rustybt_metrics::tail_ratio(r).map(|v| vec![v])
    }),
    ("stability_of_timeseries", |r, _| {
        rustybt_metrics::stability_of_timeseries(r).map(|v| vec![v])
    }),
    ("omega_ratio", |r, _| {
        rustybt_metrics::omega_ratio(r, 0.0, 0.0, 252.0).map(|v| vec![v])
    }),
    ("alpha_beta", |r, f| {
        rustybt_metrics::alpha_beta(r, f, 0.0, 252.0).map(|(a, b)| vec![a, b])
    }),
    ("up_capture", |r, f| {
        rustybt_metrics::up_capture(r, f, 252.0).map(|v| vec![v])
    }),
    ("roll_sharpe_ratio/252", |r, _| {
        rustybt_metrics::roll_sharpe_ratio(r, 252.min(r.len()), 0.0, 252.0)
    }),
    ("roll_max_drawdown/252", |r, _| {
        rustybt_metrics::roll_max_drawdown(r, 252.min(r.len()))
    }),
];

fn bench_series(c: &mut Criterion) {
    for (name, metric) in SERIES {
        let mut group = c.benchmark_group(name);
        // The rolling metrics cost window x length: 1e6 values would take seconds per call.
        let sizes = SIZES
            .iter()
            .filter(|&&n| !name.starts_with("roll") || n <= 100_000);
        for &n in sizes {
            let (values, factor) = if name.ends_with("_returns") && !name.starts_with("cum") {
                (prices(n, 11), Vec::new())
            } else {
                (returns(n, 11), returns(n, 12))
            };
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &values, |b, v| {
                b.iter(|| metric(black_box(v), black_box(&factor)))
            });
        }
        group.finish();
    }
}

/// One metric per column of a (2,520 days x 500 portfolios) matrix: the serial loop over the
/// columns against `per_column` (one transposing copy, columns in parallel).
fn bench_columns(c: &mut Criterion) {
    let (rows, cols) = (2_520, 500);
    let matrix = returns(rows * cols, 13);
    let mut group = c.benchmark_group("sharpe_ratio_2d");
    group.throughput(Throughput::Elements((rows * cols) as u64));
    group.bench_function("per_column/2520x500", |b| {
        b.iter(|| {
            per_column(black_box(&matrix), rows, cols, |r| {
                sharpe_ratio(r, 0.0, 252.0)
            })
        })
    });
    group.bench_function("serial_strided/2520x500", |b| {
        b.iter(|| {
            (0..cols)
                .map(|j| {
                    let column: Vec<f64> = (0..rows).map(|i| matrix[i * cols + j]).collect();
                    sharpe_ratio(black_box(&column), 0.0, 252.0)
                })
                .collect::<Result<Vec<f64>, MetricsError>>()
        })
    });
    group.finish();
}

/// Every scalar metric of ten years of daily returns with a factor, in one call.
fn bench_summary(c: &mut Criterion) {
    let r = returns(2_520, 17);
    let f = returns(2_520, 19);
    let options = SummaryOptions::default();
    c.bench_function("summary/2520", |b| {
        b.iter(|| summary(black_box(&r), Some(black_box(&f)), &options))
    });
}

/// Decimal returns: the same series as the float benches, as mantissas at scale 8.
fn bench_decimal(c: &mut Criterion) {
    use rustybt_metrics::decimal::{self as dm, ContextDecimal, DecimalContext, DecimalReturns};
    type DecimalKernel = fn(&DecimalReturns<'_>) -> Result<String, MetricsError>;
    const KERNELS: [(&str, DecimalKernel); 5] = [
        ("decimal_sharpe_ratio", |r| {
            let (zero, year) = (
                ContextDecimal::from_mantissa(0, 0),
                ContextDecimal::from_mantissa(252, 0),
            );
            dm::sharpe_ratio(r, &zero, &year, DecimalContext::default()).map(|v| v.to_string())
        }),
        ("decimal_annual_volatility", |r| {
            let year = ContextDecimal::from_mantissa(252, 0);
            dm::annual_volatility(r, &year, DecimalContext::default()).map(|v| v.to_string())
        }),
        ("decimal_cum_returns_final", |r| {
            dm::cum_returns_final(r, None, DecimalContext::default()).map(|v| v.to_string())
        }),
        ("decimal_max_drawdown", |r| {
            dm::max_drawdown(r, DecimalContext::default()).map(|v| v.to_string())
        }),
        ("decimal_annual_return", |r| {
            let year = ContextDecimal::from_mantissa(252, 0);
            dm::annual_return(r, &year, DecimalContext::default()).map(|v| v.to_string())
        }),
    ];
    for (name, kernel) in KERNELS {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for n in SIZES {
            let mantissas: Vec<i128> = returns(n, 11)
                .iter()
                .map(|r| (r * 1e8).round() as i128)
                .collect();
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &mantissas, |b, m| {
                b.iter(|| {
                    let r = DecimalReturns::new(black_box(m), 8, None)?;
                    kernel(&r)
                })
            });
        }
        group.finish();
    }
}

/// The metrics under quantstats' conventions (`rustybt_metrics::quantstats`), by name.
fn bench_quantstats(c: &mut Criterion) {
    use rustybt_metrics::quantstats::{alpha_beta, metric, QuantstatsParams};
    let params = QuantstatsParams {
        risk_free: 0.0,
        required_return: 0.0,
        cutoff: 0.05,
        periods: 252.0,
    };
    for name in [
        "sharpe_ratio",
        "sortino_ratio",
        "cagr",
        "max_drawdown",
        "value_at_risk",
        "tail_ratio",
    ] {
        let mut group = c.benchmark_group(format!("quantstats_{name}"));
        for n in SIZES {
            let r = returns(n, 11);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &r, |b, r| {
                b.iter(|| metric(name, black_box(r), &params))
            });
        }
        group.finish();
    }
    let mut group = c.benchmark_group("quantstats_alpha_beta");
    for n in SIZES {
        let (r, f) = (returns(n, 11), returns(n, 12));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &(r, f), |b, (r, f)| {
            b.iter(|| alpha_beta(black_box(r), black_box(f), 252.0))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_metrics,
    bench_series,
    bench_columns,
    bench_summary,
    bench_decimal,
    bench_quantstats
);
criterion_main!(benches);
