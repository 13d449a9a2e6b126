//! Annualization factors, as empyrical defines them.

use crate::checks::positive;
use crate::MetricsError;

/// The sampling frequency of a return series, which fixes how many periods make a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// 252 trading days a year.
    Daily,
    /// 52 weeks a year.
    Weekly,
    /// 12 months a year.
    Monthly,
    /// 4 quarters a year.
    Quarterly,
    /// 1 period a year.
    Yearly,
}

impl Period {
    /// Periods per year: empyrical's `ANNUALIZATION_FACTORS`.
    pub fn periods_per_year(self) -> f64 {
        match self {
            Period::Daily => 252.0,
            Period::Weekly => 52.0,
            Period::Monthly => 12.0,
            Period::Quarterly => 4.0,
            Period::Yearly => 1.0,
        }
    }
}

impl std::str::FromStr for Period {
    type Err = MetricsError;

    /// Reads empyrical's names exactly: "daily", "weekly", "monthly", "quarterly", "yearly".
    fn from_str(period: &str) -> Result<Self, Self::Err> {
        Ok(match period {
            "daily" => Period::Daily,
            "weekly" => Period::Weekly,
            "monthly" => Period::Monthly,
            "quarterly" => Period::Quarterly,
            "yearly" => Period::Yearly,
            _ => {
                return Err(MetricsError::UnknownPeriod {
                    period: period.to_owned(),
                })
            }
        })
    }
}

/// The annualization factor: `annualization` when given, else `period`'s periods per year
/// (empyrical's `annualization_factor`).
///
/// # Errors
/// - [`MetricsError::UnknownPeriod`] for a period name empyrical does not know.
/// - [`MetricsError::InvalidParameter`] for an `annualization` that is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::annualization_factor;
/// assert_eq!(annualization_factor("weekly", None), Ok(52.0));
/// assert_eq!(annualization_factor("daily", Some(365.0)), Ok(365.0));
/// ```
pub fn annualization_factor(period: &str, annualization: Option<f64>) -> Result<f64, MetricsError> {
    match annualization {
        Some(value) => positive("annualization", value),
        None => Ok(period.parse::<Period>()?.periods_per_year()),
    }
}
