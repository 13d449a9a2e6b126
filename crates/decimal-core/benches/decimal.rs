//! Criterion benches for decimal columns, one group per kernel family: the exact sum (with and
//! without a null mask), elementwise arithmetic, rounding, comparisons, reductions and float
//! conversions, and the ledger (commissions, portfolio values). Prices are mantissas at scale 2
//! (`price_mantissas`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{price_mantissas, SIZES};
use rustybt_decimal::{
    add, apply_fills, commissions, commissions_f64, compare, div, dot, from_float, mean, mul,
    portfolio_values, portfolio_values_rows, quantize, sum, tiered_commissions, to_float,
    ColumnRef, CommissionModel, CommissionModelF64, Comparison, Context, OnZero, Operand,
    RoundingMode, TieredSchedule, Validity,
};
use rustybt_decimal::{compare_bitmap, DecimalValue};
use rustybt_decimal::{validate_orders, volume_share_slippage, OrderLimits};
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

fn bench_elementwise(c: &mut Criterion) {
    let ctx = Context::default();
    let half_up = Context::new(38, RoundingMode::HalfUp).expect("valid context");
    let mut group = c.benchmark_group("decimal_elementwise");
    for n in SIZES {
        let a = price_mantissas(n, 7);
        let b = price_mantissas(n, 11);
        let (x, y) = ((Operand::Column(&a), 2), (Operand::Column(&b), 2));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("add", n), |bench| {
            bench.iter(|| add(black_box(x), black_box(y), None, &ctx))
        });
        group.bench_function(BenchmarkId::new("mul_exact", n), |bench| {
            bench.iter(|| mul(black_box(x), black_box(y), None, None, &ctx))
        });
        group.bench_function(BenchmarkId::new("mul_to_scale_2", n), |bench| {
            bench.iter(|| mul(black_box(x), black_box(y), Some(2), None, &half_up))
        });
        group.bench_function(BenchmarkId::new("div_to_scale_6", n), |bench| {
            bench.iter(|| div(black_box(x), black_box(y), 6, None, &ctx, OnZero::Raise))
        });
        group.bench_function(BenchmarkId::new("quantize_to_1", n), |bench| {
            bench.iter(|| quantize(black_box(&a), 2, 1, None, &half_up))
        });
        group.bench_function(BenchmarkId::new("lt", n), |bench| {
            bench.iter(|| compare(black_box(x), black_box(y), Comparison::Lt))
        });
        group.bench_function(BenchmarkId::new("lt_bitmap", n), |bench| {
            bench.iter(|| compare_bitmap(black_box(x), black_box(y), Comparison::Lt))
        });
    }
    group.finish();
}

fn bench_reductions_and_floats(c: &mut Criterion) {
    let ctx = Context::default();
    let mut group = c.benchmark_group("decimal_reductions");
    for n in SIZES {
        let a = price_mantissas(n, 7);
        let b = price_mantissas(n, 11);
        let floats = to_float(&a, 2);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("dot", n), |bench| {
            bench.iter(|| dot((black_box(&a), 2), (black_box(&b), 2), None))
        });
        group.bench_function(BenchmarkId::new("mean", n), |bench| {
            bench.iter(|| mean(black_box(&a), 2, 8, None, &ctx))
        });
        group.bench_function(BenchmarkId::new("to_float", n), |bench| {
            bench.iter(|| to_float(black_box(&a), 2))
        });
        group.bench_function(BenchmarkId::new("from_float", n), |bench| {
            bench.iter(|| from_float(black_box(&floats), 2, &ctx))
        });
        let mut text = Vec::new();
        let mut ends = Vec::new();
        for &mantissa in &a {
            DecimalValue { mantissa, scale: 2 }.write_text(&mut text);
            ends.push(text.len());
        }
        group.bench_function(BenchmarkId::new("format", n), |bench| {
            bench.iter(|| {
                let mut out = Vec::with_capacity(text.len() + 32);
                for &mantissa in black_box(&a) {
                    DecimalValue { mantissa, scale: 2 }.write_text(&mut out);
                }
                out
            })
        });
        group.bench_function(BenchmarkId::new("parse_plain", n), |bench| {
            bench.iter(|| {
                let mut start = 0;
                let mut total = 0i128;
                for &end in black_box(&ends) {
                    total += DecimalValue::parse_plain(&text[start..end]).map_or(0, |v| v.mantissa);
                    start = end;
                }
                total
            })
        });
    }
    group.finish();
}

fn bench_ledger(c: &mut Criterion) {
    let ctx = Context::new(38, RoundingMode::HalfUp).expect("valid context");
    let model = CommissionModel::PerShare {
        rate: "0.005".parse().expect("decimal"),
        minimum: "1".parse().expect("decimal"),
        max_fraction: None,
    };
    let float_model = CommissionModelF64::PerShare {
        rate: 0.005,
        minimum: 1.0,
        max_fraction: f64::INFINITY,
    };
    let mut group = c.benchmark_group("ledger");
    for n in SIZES {
        let shares: Vec<i128> = price_mantissas(n, 3)
            .iter()
            .map(|m| m % 2000 - 1000)
            .collect();
        let prices = price_mantissas(n, 5);
        let q = ColumnRef {
            values: &shares,
            scale: 0,
            validity: None,
        };
        let p = ColumnRef {
            values: &prices,
            scale: 2,
            validity: None,
        };
        let (qf, pf) = (to_float(&shares, 0), to_float(&prices, 2));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("per_share_commission", n), |bench| {
            bench.iter(|| commissions(black_box(&q), black_box(&p), None, &model, Some(2), &ctx))
        });
        group.bench_function(BenchmarkId::new("per_share_commission_f64", n), |bench| {
            bench.iter(|| commissions_f64(black_box(&qf), black_box(&pf), None, &float_model))
        });
        let tiered = TieredSchedule {
            tiers: [("0", "0.0035"), ("300000", "0.002"), ("3000000", "0.0015")]
                .iter()
                .map(|(t, r)| (t.parse().expect("a decimal"), r.parse().expect("a decimal")))
                .collect(),
            minimum: "0.35".parse().expect("a decimal"),
            max_fraction: None,
            volume_before: "0".parse().expect("a decimal"),
        };
        group.bench_function(BenchmarkId::new("tiered_commission", n), |bench| {
            bench.iter(|| {
                tiered_commissions(black_box(&q), black_box(&p), None, &tiered, Some(2), &ctx)
            })
        });
        let costs = ColumnRef {
            values: &prices,
            scale: 2,
            validity: None,
        };
        let qty = ColumnRef {
            values: &shares,
            scale: 0,
            validity: None,
        };
        group.bench_function(BenchmarkId::new("apply_fills", n), |bench| {
            bench.iter(|| apply_fills(&qty, &costs, black_box(&q), black_box(&p), None, 6, &ctx))
        });
        let limits = OrderLimits {
            tick_size: Some("0.01".parse().expect("decimal")),
            min_notional: Some("1".parse().expect("decimal")),
            max_position: Some("5000".parse().expect("decimal")),
            ..Default::default()
        };
        group.bench_function(BenchmarkId::new("validate_orders", n), |bench| {
            bench.iter(|| {
                validate_orders(
                    black_box(&q),
                    black_box(&p),
                    None,
                    Some(&qty),
                    None,
                    &limits,
                )
            })
        });
        let volume = ColumnRef {
            values: &prices,
            scale: 0,
            validity: None,
        };
        group.bench_function(BenchmarkId::new("volume_share_slippage", n), |bench| {
            bench.iter(|| {
                volume_share_slippage(
                    black_box(&q),
                    black_box(&p),
                    &volume,
                    None,
                    "0.025".parse().expect("decimal"),
                    "0.1".parse().expect("decimal"),
                    4,
                    &ctx,
                )
            })
        });
        // n cells as (n / 100) bars x 100 assets
        let assets = 100;
        let bars = n / assets;
        let q_cols: Vec<ColumnRef<'_>> = shares
            .chunks(bars)
            .take(assets)
            .map(|values| ColumnRef {
                values,
                scale: 0,
                validity: None,
            })
            .collect();
        let p_cols: Vec<ColumnRef<'_>> = prices
            .chunks(bars)
            .take(assets)
            .map(|values| ColumnRef {
                values,
                scale: 2,
                validity: None,
            })
            .collect();
        group.bench_function(
            BenchmarkId::new("portfolio_values_100_assets", n),
            |bench| {
                bench.iter(|| {
                    portfolio_values(black_box(&q_cols), black_box(&p_cols), None, Some(2), &ctx)
                })
            },
        );
        // The same cells as one row-major frame (bar after bar, 100 assets a bar).
        let (q_rows, p_rows) = (&shares[..bars * assets], &prices[..bars * assets]);
        group.bench_function(
            BenchmarkId::new("portfolio_values_rows_100_assets", n),
            |bench| {
                bench.iter(|| {
                    portfolio_values_rows(
                        black_box(&ColumnRef {
                            values: q_rows,
                            scale: 0,
                            validity: None,
                        }),
                        black_box(&ColumnRef {
                            values: p_rows,
                            scale: 2,
                            validity: None,
                        }),
                        (bars, assets),
                        None,
                        Some(2),
                        &ctx,
                    )
                })
            },
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_sum,
    bench_elementwise,
    bench_reductions_and_floats,
    bench_ledger
);
criterion_main!(benches);
