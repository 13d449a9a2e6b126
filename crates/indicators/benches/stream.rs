//! Criterion bench of streaming updates: the Rust-only cost of one `update` (no Python
//! boundary), for the streaming classes of the Python package.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rustybt_bench_data::prices;
use rustybt_indicators::{Atr, Ema, EmaSeed, Macd, NanPolicy, Rsi, Sma, Snapshot};
use std::hint::black_box;

const P: NanPolicy = NanPolicy::Propagate;
/// Updates per iteration: enough that the per-update time dwarfs the loop's setup.
const UPDATES: usize = 100_000;

/// `update` called once per value on one long-lived state machine (as a live feed does).
fn bench_updates<S: Clone>(
    c: &mut Criterion,
    name: &str,
    state: S,
    update: fn(&mut S, f64) -> f64,
) {
    let values = prices(UPDATES, 11);
    let mut group = c.benchmark_group("stream");
    group.throughput(Throughput::Elements(UPDATES as u64));
    group.bench_with_input(BenchmarkId::new(name, UPDATES), &values, |b, values| {
        let mut state = state.clone();
        b.iter(|| {
            let mut last = 0.0;
            for &v in values {
                last = update(&mut state, black_box(v));
            }
            last
        });
    });
    group.finish();
}

fn bench_stream(c: &mut Criterion) {
    if let Ok(sma) = Sma::new(20, P) {
        bench_updates(c, "sma_20", sma, Sma::update);
    }
    if let Ok(ema) = Ema::new(20, EmaSeed::Sma, P) {
        bench_updates(c, "ema_20", ema, Ema::update);
    }
    if let Ok(rsi) = Rsi::new(14, P) {
        bench_updates(c, "rsi_14", rsi, Rsi::update);
    }
    if let Ok(macd) = Macd::new(12, 26, 9, P) {
        bench_updates(c, "macd_12_26_9", macd, |s, v| s.update(v)[0]);
    }
    if let Ok(atr) = Atr::new(14, P) {
        bench_updates(c, "atr_14", atr, |s, v| s.update(v + 1.0, v - 1.0, v));
    }
    // Saving and restoring a state (what pickling costs, minus Python).
    if let Ok(mut sma) = Sma::new(20, P) {
        for v in prices(100, 3) {
            sma.update(v);
        }
        c.bench_function("stream/snapshot_sma_20", |b| {
            b.iter(|| {
                let saved = black_box(&sma).state();
                let mut restored = sma.clone();
                restored.restore(&saved).map(|()| restored.update(1.0))
            });
        });
    }
}

/// Streaming classes added for issue 8: the fractional change, the least-squares, triangular and
/// Hull moving averages, the midpoint, the money flow index, Williams' %R, the average
/// directional index and the stochastic oscillator.
fn bench_stream_more(c: &mut Criterion) {
    use rustybt_indicators::{
        Adx, Hma, Lsma, MaType, Mfi, Midpoint, RateOfChange, Stoch, Trima, Willr,
    };
    if let Ok(change) = RateOfChange::new(1, P) {
        bench_updates(c, "rate_of_change_1", change, RateOfChange::update);
    }
    if let Ok(mfi) = Mfi::new(14, P) {
        bench_updates(c, "mfi_14", mfi, |s, v| {
            s.update(v * 1.01, v * 0.99, v, 1_000.0)
        });
    }
    if let Ok(lsma) = Lsma::new(14, P) {
        bench_updates(c, "lsma_14", lsma, Lsma::update);
    }
    if let Ok(trima) = Trima::new(30, P) {
        bench_updates(c, "trima_30", trima, Trima::update);
    }
    if let Ok(midpoint) = Midpoint::new(14, P) {
        bench_updates(c, "midpoint_14", midpoint, Midpoint::update);
    }
    if let Ok(hma) = Hma::new(20, P) {
        bench_updates(c, "hma_20", hma, Hma::update);
    }
    if let Ok(willr) = Willr::new(14, P) {
        bench_updates(c, "willr_14", willr, |s, v| s.update(v * 1.01, v * 0.99, v));
    }
    if let Ok(adx) = Adx::new(14, P) {
        bench_updates(c, "adx_14", adx, |s, v| s.update(v * 1.01, v * 0.99, v));
    }
    if let Ok(stoch) = Stoch::new(5, 3, MaType::Sma, 3, MaType::Sma, P) {
        bench_updates(c, "stoch_5_3_3", stoch, |s, v| {
            s.update(v * 1.01, v * 0.99, v)[0]
        });
    }
}

/// The crossing classes: a price against its SMA(20), as `MaSignal` streams it.
fn bench_stream_crossings(c: &mut Criterion) {
    use rustybt_indicators::{Crossings, SignalPersistence};
    let Ok(sma) = Sma::new(20, P) else {
        return;
    };
    let state = (sma, Crossings::new(), SignalPersistence::new());
    bench_updates(
        c,
        "ma_signal_sma_20",
        state,
        |(sma, crossings, signal), v| {
            let (over, under) = crossings.update(v, sma.update(v));
            f64::from(signal.update(over, under))
        },
    );
}

criterion_group!(
    benches,
    bench_stream,
    bench_stream_more,
    bench_stream_crossings
);
criterion_main!(benches);
