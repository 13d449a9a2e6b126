//! Golden vectors from Polars, written by `tools/make_golden.py` and also checked by
//! `tests/test_golden.py`: `bucket_starts` must equal `dt.truncate(every)` exactly.

use rustybt_aggregation::{bucket_starts, Duration};

/// `(every, timestamp, expected)` rows of `data/buckets_polars.csv`.
fn rows() -> Vec<(&'static str, i64, i64)> {
    let text = include_str!("data/buckets_polars.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("every,timestamp,expected"));
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 3, "bad row {line:?}");
            (
                fields[0],
                fields[1].parse().expect("timestamp"),
                fields[2].parse().expect("expected"),
            )
        })
        .collect()
}

#[test]
fn bucket_starts_match_polars_truncate() {
    let rows = rows();
    let mut everys: Vec<&str> = rows.iter().map(|r| r.0).collect();
    everys.dedup();
    assert!(
        everys.len() >= 5,
        "expected several bucket lengths, got {everys:?}"
    );
    for every in everys {
        let case: Vec<_> = rows.iter().filter(|r| r.0 == every).collect();
        let timestamps: Vec<i64> = case.iter().map(|r| r.1).collect();
        assert!(timestamps.iter().any(|&t| t < 0), "no pre-1970 timestamps");
        let duration = Duration::parse(every, "every").expect("every");
        let got = bucket_starts(&timestamps, duration, None).expect("bucket_starts");
        assert_eq!(got.len(), timestamps.len());
        for (r, &g) in case.iter().zip(&got) {
            assert_eq!(
                g, r.2,
                "bucket_starts(every={every:?}) of timestamp {}: expected {}, got {g}",
                r.1, r.2
            );
        }
    }
}
