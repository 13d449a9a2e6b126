//! Criterion benches for the indicator kernels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::{prices, returns, SIZES};
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

/// The single-input indicators of issue 6 (MACD's three lines counted as one output).
fn bench_single_input(c: &mut Criterion) {
    use rustybt_indicators::{
        bbands, bbands_columns, dema, dema_columns, hma, hma_columns, kama, kama_columns, macd,
        macd_columns, midpoint, midpoint_columns, mom, mom_columns, rate_of_change,
        rate_of_change_columns, roc, roc_columns, stddev, stddev_columns, tema, tema_columns,
        trima, trima_columns,
    };
    bench_indicator(
        c,
        "macd",
        12,
        |v, p| macd(v, p, 26, 9, P).map(|lines| lines.hist),
        |v, r, k, p| macd_columns(v, r, k, p, 26, 9, P).map(|lines| lines.hist),
    );
    bench_indicator(
        c,
        "dema",
        20,
        |v, p| dema(v, p, P),
        |v, r, k, p| dema_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "tema",
        20,
        |v, p| tema(v, p, P),
        |v, r, k, p| tema_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "bbands",
        20,
        |v, p| bbands(v, p, 2.0, 2.0, P).map(|bands| bands.upper),
        |v, r, k, p| bbands_columns(v, r, k, p, 2.0, 2.0, P).map(|bands| bands.upper),
    );
    bench_indicator(
        c,
        "stddev",
        20,
        |v, p| stddev(v, p, 1.0, P),
        |v, r, k, p| stddev_columns(v, r, k, p, 1.0, P),
    );
    bench_indicator(
        c,
        "midpoint",
        14,
        |v, p| midpoint(v, p, P),
        |v, r, k, p| midpoint_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "kama",
        30,
        |v, p| kama(v, p, P),
        |v, r, k, p| kama_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "trima",
        30,
        |v, p| trima(v, p, P),
        |v, r, k, p| trima_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "mom",
        10,
        |v, p| mom(v, p, P),
        |v, r, k, p| mom_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "roc",
        10,
        |v, p| roc(v, p, P),
        |v, r, k, p| roc_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "rate_of_change",
        1,
        |v, p| rate_of_change(v, p, P),
        |v, r, k, p| rate_of_change_columns(v, r, k, p, P),
    );
    bench_indicator(
        c,
        "hma",
        20,
        |v, p| hma(v, p, P),
        |v, r, k, p| hma_columns(v, r, k, p, P),
    );
}

/// The ATC kernels: KAMA(28) on one series; the equity curve of one signal and of 54 signals
/// against one returns series (ATC runs 54 component curves per price series).
fn bench_atc(c: &mut Criterion) {
    use rustybt_indicators::{atc_kama, equity_curve, equity_curves, EquityParams};
    let mut group = c.benchmark_group("atc");
    let params = EquityParams {
        decay: 0.0003,
        ..EquityParams::default()
    };
    for n in SIZES {
        let p = prices(n, 3);
        let r = returns(n, 4);
        let signal: Vec<f64> = p.windows(2).map(|w| (w[1] - w[0]).signum()).collect();
        let signal = [&[0.0][..], &signal].concat();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("kama_length_28", n), &p, |b, p| {
            b.iter(|| atc_kama(black_box(p), 28, 0.666, 0.064))
        });
        group.bench_with_input(BenchmarkId::new("equity_curve", n), &r, |b, r| {
            b.iter(|| equity_curve(black_box(r), &signal, &params))
        });
        if n <= 100_000 {
            let many: Vec<f64> = (0..54).flat_map(|_| signal.iter().copied()).collect();
            group.throughput(Throughput::Elements(54 * n as u64));
            group.bench_with_input(
                BenchmarkId::new("equity_curve_54_signals", n),
                &r,
                |b, r| b.iter(|| equity_curves(black_box(r), &many, 54, &params)),
            );
        }
    }
    group.finish();
}

/// Crossovers and the moving-average signal of prices against their SMA(20).
fn bench_signals(c: &mut Criterion) {
    use rustybt_indicators::{crossover, ma_signal};
    let mut group = c.benchmark_group("signals");
    for n in SIZES {
        let p = prices(n, 3);
        let ma = sma(&p, 20, P).unwrap_or_default();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("crossover", n), &p, |b, p| {
            b.iter(|| crossover(black_box(p), &ma))
        });
        group.bench_with_input(BenchmarkId::new("ma_signal", n), &p, |b, p| {
            b.iter(|| ma_signal(black_box(p), &ma))
        });
    }
    group.finish();
}

/// trange, atr(14), natr(14), cci(14) and obv on one series of bars (high and low 1% around the close).
fn bench_bars(c: &mut Criterion) {
    use rustybt_indicators::{atr, cci, natr, obv, trange};
    let mut group = c.benchmark_group("bars");
    for n in SIZES {
        let close = prices(n, 3);
        let high: Vec<f64> = close.iter().map(|v| v * 1.01).collect();
        let low: Vec<f64> = close.iter().map(|v| v * 0.99).collect();
        let volume = prices(n, 5);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("trange", n), |b| {
            b.iter(|| trange(black_box(&high), &low, &close, n, 1, P))
        });
        group.bench_function(BenchmarkId::new("atr_period_14", n), |b| {
            b.iter(|| atr(black_box(&high), &low, &close, n, 1, 14, P))
        });
        group.bench_function(BenchmarkId::new("natr_period_14", n), |b| {
            b.iter(|| natr(black_box(&high), &low, &close, n, 1, 14, P))
        });
        group.bench_function(BenchmarkId::new("cci_period_14", n), |b| {
            b.iter(|| cci(black_box(&high), &low, &close, n, 1, 14, P))
        });
        group.bench_function(BenchmarkId::new("obv", n), |b| {
            b.iter(|| obv(black_box(&close), &volume, n, 1, P))
        });
    }
    group.finish();
}

/// Issue 10: the ATC moving averages at the pipeline's base length, one ATC pipeline per series
/// length (default parameters), and a scan of 500 symbols.
fn bench_atc_pipeline(c: &mut Criterion) {
    use rustybt_indicators::{
        atc_hma, atc_lsma, atc_scan, atc_wma, compute_atc_signals, AtcParams, LsmaAt,
    };
    let mut group = c.benchmark_group("atc_pipeline");
    for n in SIZES {
        let p = prices(n, 3);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("atc_wma_28", n), &p, |b, p| {
            b.iter(|| atc_wma(black_box(p), 28))
        });
        group.bench_with_input(BenchmarkId::new("atc_hma_28", n), &p, |b, p| {
            b.iter(|| atc_hma(black_box(p), 28))
        });
        group.bench_with_input(BenchmarkId::new("atc_lsma_28", n), &p, |b, p| {
            b.iter(|| atc_lsma(black_box(p), 28, LsmaAt::Penultimate))
        });
    }
    let params = AtcParams::default();
    for n in [5_000, 50_000] {
        let p = prices(n, 21);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("compute_atc_signals", n), &p, |b, p| {
            b.iter(|| compute_atc_signals(black_box(p), None, &params))
        });
    }
    let p = prices(5_000, 21);
    group.throughput(Throughput::Elements(5_000));
    group.bench_function("atc_stream_5000_updates", |b| {
        b.iter(|| {
            let mut stream = rustybt_indicators::AtcStream::new(&params).ok()?;
            let mut last = None;
            for &close in &p {
                last = stream.update(black_box(close), None).ok();
            }
            last
        })
    });
    let symbols: Vec<Vec<f64>> = (0..500).map(|s| prices(5_000, 100 + s)).collect();
    let slices: Vec<&[f64]> = symbols.iter().map(Vec::as_slice).collect();
    group.throughput(Throughput::Elements(500 * 5_000));
    group.sample_size(10);
    group.bench_function("atc_scan_500x5000", |b| {
        b.iter(|| atc_scan(black_box(&slices), &params))
    });
    group.finish();
}

/// willr(14), stoch(5, 3, 3), adx(14) and lsma(14) on one series of bars, then on 100 assets
/// side by side (the 2-D path, parallel above its threshold).
fn bench_oscillators(c: &mut Criterion) {
    use rustybt_indicators::{adx, lsma, lsma_columns, stoch, willr, StochParams};
    let mut group = c.benchmark_group("oscillators");
    for n in SIZES {
        let close = prices(n, 3);
        let high: Vec<f64> = close.iter().map(|v| v * 1.01).collect();
        let low: Vec<f64> = close.iter().map(|v| v * 0.99).collect();
        group.throughput(Throughput::Elements(n as u64));
        for (rows, cols, shape) in [(n, 1, "1d"), (n / 100, 100, "2d_100_assets")] {
            group.bench_function(BenchmarkId::new(format!("willr_14_{shape}"), n), |b| {
                b.iter(|| willr(black_box(&high), &low, &close, rows, cols, 14, P))
            });
            group.bench_function(BenchmarkId::new(format!("stoch_5_3_3_{shape}"), n), |b| {
                let params = StochParams::default();
                b.iter(|| stoch(black_box(&high), &low, &close, rows, cols, params, P))
            });
            group.bench_function(BenchmarkId::new(format!("adx_14_{shape}"), n), |b| {
                b.iter(|| adx(black_box(&high), &low, &close, rows, cols, 14, P))
            });
        }
        group.bench_function(BenchmarkId::new("lsma_14_1d", n), |b| {
            b.iter(|| lsma(black_box(&close), 14, P))
        });
        group.bench_function(BenchmarkId::new("lsma_14_2d_100_assets", n), |b| {
            b.iter(|| lsma_columns(black_box(&close), n / 100, 100, 14, P))
        });
    }
    group.finish();
}

/// mfi(14) on one series of bars, then on 100 assets side by side (the 2-D path, parallel above
/// its threshold).
fn bench_mfi(c: &mut Criterion) {
    use rustybt_indicators::mfi;
    let mut group = c.benchmark_group("mfi");
    for n in SIZES {
        let close = prices(n, 3);
        let high: Vec<f64> = close.iter().map(|v| v * 1.01).collect();
        let low: Vec<f64> = close.iter().map(|v| v * 0.99).collect();
        let volume: Vec<f64> = prices(n, 4).iter().map(|v| v * 1_000.0).collect();
        group.throughput(Throughput::Elements(n as u64));
        for (rows, cols, shape) in [(n, 1, "1d"), (n / 100, 100, "2d_100_assets")] {
            group.bench_function(BenchmarkId::new(format!("mfi_14_{shape}"), n), |b| {
                b.iter(|| mfi(black_box(&high), &low, &close, &volume, rows, cols, 14, P))
            });
        }
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_all,
    bench_single_input,
    bench_atc,
    bench_signals,
    bench_bars,
    bench_atc_pipeline,
    bench_oscillators,
    bench_mfi
);
criterion_main!(benches);
