//! Golden vectors from Python's `decimal` module, written by `tools/make_golden.py` and also
//! checked by `tests/test_golden.py`: `sum_values` must give exactly the text of Python's
//! `str(sum(values, Decimal(0)))`.

use std::collections::BTreeMap;

use rustybt_decimal::{sum_values, DecimalValue};

/// `(case_id, text)` rows of a two-column CSV file (no quoting) after checking its header.
fn rows(text: &'static str, header: &str) -> Vec<(usize, &'static str)> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header));
    lines
        .map(|line| {
            let (case_id, value) = line.split_once(',').expect("two columns");
            (case_id.parse().expect("case_id"), value)
        })
        .collect()
}

#[test]
fn sum_values_matches_python_decimal() {
    let mut cases: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (case_id, value) in rows(include_str!("data/sums_python.csv"), "case_id,value") {
        cases.entry(case_id).or_default().push(value);
    }
    let expected = rows(include_str!("data/sums_expected.csv"), "case_id,expected");
    assert!(
        expected.len() >= 10,
        "expected many cases, got {}",
        expected.len()
    );
    for (case_id, expected) in expected {
        // A case without value rows is the empty list.
        let texts = cases.get(&case_id).cloned().unwrap_or_default();
        let values: Vec<Option<DecimalValue>> = texts
            .iter()
            .map(|t| Some(t.parse().expect("a decimal string")))
            .collect();
        let got = sum_values(&values)
            .unwrap_or_else(|e| panic!("case {case_id}: sum_values({texts:?}) failed: {e}"))
            .to_string();
        assert_eq!(got, expected, "case {case_id}: sum of {texts:?}");
    }
}
