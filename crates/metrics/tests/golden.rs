//! Golden vectors from empyrical, written by `tools/make_golden.py` and also checked by
//! `tests/test_golden.py`: `sharpe_ratio` must equal `empyrical.sharpe_ratio` bit for bit.

use std::collections::BTreeMap;

use rustybt_metrics::{annualization_factor, sharpe_ratio};

/// Splits a CSV file (no quoting) into rows after checking its header.
fn rows(text: &'static str, header: &str) -> Vec<Vec<&'static str>> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header));
    let width = header.split(',').count();
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), width, "bad row {line:?}");
            fields
        })
        .collect()
}

fn same_bits(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[test]
fn sharpe_ratio_matches_empyrical() {
    let mut series: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    for row in rows(
        include_str!("data/sharpe_returns.csv"),
        "series_id,index,value",
    ) {
        let values = series
            .entry(row[0].parse().expect("series_id"))
            .or_default();
        assert_eq!(row[1].parse::<usize>().expect("index"), values.len());
        values.push(row[2].parse().expect("value"));
    }
    let cases = rows(
        include_str!("data/sharpe_cases.csv"),
        "case_id,series_id,risk_free,period,expected",
    );
    assert!(
        cases.len() >= 16,
        "expected many cases, got {}",
        cases.len()
    );
    for row in cases {
        let series_id: usize = row[1].parse().expect("series_id");
        // A series without rows is the empty series.
        let returns = series.get(&series_id).map_or(&[][..], Vec::as_slice);
        let risk_free: f64 = row[2].parse().expect("risk_free");
        let annualization = annualization_factor(row[3], None).expect("period");
        let expected: f64 = row[4].parse().expect("expected");
        let got = sharpe_ratio(returns, risk_free, annualization).expect("sharpe_ratio");
        assert!(
            same_bits(got, expected),
            "case {}: sharpe_ratio(series {series_id} ({} values), risk_free={risk_free}, \
             period={}): expected {expected:?}, got {got:?}",
            row[0],
            returns.len(),
            row[3]
        );
    }
}
