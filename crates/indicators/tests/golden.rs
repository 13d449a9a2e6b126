//! Golden vectors from TA-Lib, written by `tools/make_golden.py` and also checked by
//! `tests/test_golden.py`: `sma` must equal `talib.SMA` bit for bit.

use rustybt_indicators::sma;

/// `(period, index, input, expected)` rows of `data/sma_talib.csv`.
fn rows() -> Vec<(usize, usize, f64, f64)> {
    let text = include_str!("data/sma_talib.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("period,index,input,expected"));
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 4, "bad row {line:?}");
            (
                fields[0].parse().expect("period"),
                fields[1].parse().expect("index"),
                fields[2].parse().expect("input"),
                fields[3].parse().expect("expected"),
            )
        })
        .collect()
}

fn same_bits(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[test]
fn sma_matches_talib() {
    let rows = rows();
    let mut periods: Vec<usize> = rows.iter().map(|r| r.0).collect();
    periods.dedup();
    assert!(
        periods.len() >= 5,
        "expected several periods, got {periods:?}"
    );
    for period in periods {
        let case: Vec<_> = rows.iter().filter(|r| r.0 == period).collect();
        assert!(
            case.iter().enumerate().all(|(i, r)| r.1 == i),
            "rows out of order"
        );
        let input: Vec<f64> = case.iter().map(|r| r.2).collect();
        let got = sma(&input, period, rustybt_indicators::NanPolicy::Propagate).expect("sma");
        assert_eq!(got.len(), input.len());
        for (r, &g) in case.iter().zip(&got) {
            assert!(
                same_bits(g, r.3),
                "sma(period={period}) at index {}: expected {:?}, got {g:?}",
                r.1,
                r.3
            );
        }
    }
}
