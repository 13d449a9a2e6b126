//! What an indicator does with NaN inside its input.

use crate::IndicatorError;

/// How NaN inside a series is treated. NaNs before the first number are skipped under both
/// policies (the warm-up starts at the first number, as TA-Lib's Python wrapper does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NanPolicy {
    /// TA-Lib's behaviour, for parity: a NaN after the first number enters the running
    /// arithmetic, so every later output is NaN.
    #[default]
    Propagate,
    /// A NaN gives NaN at its own position and is otherwise ignored: windows hold the last
    /// `period` valid values, so the result at a valid position equals TA-Lib's on the series
    /// with its NaNs removed.
    Skip,
}

impl std::str::FromStr for NanPolicy {
    type Err = IndicatorError;

    /// Reads "propagate" or "skip".
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "propagate" => Ok(NanPolicy::Propagate),
            "skip" => Ok(NanPolicy::Skip),
            _ => Err(IndicatorError::UnknownNanPolicy {
                name: name.to_owned(),
            }),
        }
    }
}
