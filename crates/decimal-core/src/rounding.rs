//! Python's eight rounding modes and correctly rounded integer division.

use std::cmp::Ordering;
use std::fmt;

use arrow_buffer::i256;

use crate::{pow10, DecimalError};

/// How a result that falls between two representable values is rounded: the eight modes of
/// Python's `decimal` module (the General Decimal Arithmetic specification), same names.
///
/// # Examples
/// ```
/// use rustybt_decimal::RoundingMode;
/// let mode: RoundingMode = "ROUND_HALF_UP".parse().unwrap();
/// assert_eq!(mode, RoundingMode::HalfUp);
/// assert_eq!("half_even".parse::<RoundingMode>(), Ok(RoundingMode::HalfEven));
/// assert_eq!(RoundingMode::Up05.to_string(), "ROUND_05UP");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RoundingMode {
    /// Nearest; ties to the even neighbour (banker's rounding). Python's default.
    #[default]
    HalfEven,
    /// Nearest; ties away from zero (the schoolbook rule).
    HalfUp,
    /// Nearest; ties toward zero.
    HalfDown,
    /// Away from zero.
    Up,
    /// Toward zero (truncation).
    Down,
    /// Toward positive infinity.
    Ceiling,
    /// Toward negative infinity.
    Floor,
    /// Away from zero if the digit toward zero would be 0 or 5, else toward zero.
    Up05,
}

impl RoundingMode {
    /// Every mode, in the order of the `decimal` module's documentation.
    pub const ALL: [RoundingMode; 8] = [
        RoundingMode::Ceiling,
        RoundingMode::Down,
        RoundingMode::Floor,
        RoundingMode::HalfDown,
        RoundingMode::HalfEven,
        RoundingMode::HalfUp,
        RoundingMode::Up,
        RoundingMode::Up05,
    ];

    /// The `decimal` module's constant for this mode, e.g. `"ROUND_HALF_EVEN"`.
    pub fn python_name(self) -> &'static str {
        match self {
            RoundingMode::HalfEven => "ROUND_HALF_EVEN",
            RoundingMode::HalfUp => "ROUND_HALF_UP",
            RoundingMode::HalfDown => "ROUND_HALF_DOWN",
            RoundingMode::Up => "ROUND_UP",
            RoundingMode::Down => "ROUND_DOWN",
            RoundingMode::Ceiling => "ROUND_CEILING",
            RoundingMode::Floor => "ROUND_FLOOR",
            RoundingMode::Up05 => "ROUND_05UP",
        }
    }

    /// Whether a quotient truncated toward zero moves one unit away from zero.
    ///
    /// `negative` is the sign of the exact quotient, `last_digit` the last digit of the
    /// truncated magnitude, `inexact` whether a remainder is left and `half` how the remainder
    /// compares with half a unit.
    #[inline(always)]
    fn rounds_away(self, negative: bool, last_digit: u8, inexact: bool, half: Ordering) -> bool {
        inexact
            && match self {
                RoundingMode::Down => false,
                RoundingMode::Up => true,
                RoundingMode::Ceiling => !negative,
                RoundingMode::Floor => negative,
                RoundingMode::HalfUp => half != Ordering::Less,
                RoundingMode::HalfDown => half == Ordering::Greater,
                RoundingMode::HalfEven => {
                    half == Ordering::Greater || (half == Ordering::Equal && last_digit % 2 == 1)
                }
                RoundingMode::Up05 => last_digit == 0 || last_digit == 5,
            }
    }

    /// [`rounds_away`](Self::rounds_away) for an unsigned 128-bit quotient `q`, reading only the
    /// digits the mode needs (its parity for half-even, `q % 5` for 05up): no 128-bit division
    /// by ten per value.
    #[inline(always)]
    pub(crate) fn rounds_away_u128(
        self,
        negative: bool,
        q: u128,
        inexact: bool,
        half: Ordering,
    ) -> bool {
        let (above, at) = (half == Ordering::Greater, half == Ordering::Equal);
        // Bitwise, not short-circuit: no branch on the digits (see `round_quotient`).
        inexact
            & match self {
                RoundingMode::Down => false,
                RoundingMode::Up => true,
                RoundingMode::Ceiling => !negative,
                RoundingMode::Floor => negative,
                RoundingMode::HalfUp => above | at,
                RoundingMode::HalfDown => above,
                // The last decimal digit is odd exactly when q is (10 is even).
                RoundingMode::HalfEven => above | (at & (q & 1 == 1)),
                // A last digit of 0 or 5 means q is a multiple of 5.
                RoundingMode::Up05 => q % 5 == 0,
            }
    }
}

impl fmt::Display for RoundingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.python_name())
    }
}

impl std::str::FromStr for RoundingMode {
    type Err = DecimalError;

    /// Accepts the `decimal` module's constants (`"ROUND_HALF_EVEN"`) and the short
    /// lower-case names (`"half_even"`, `"05up"`).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let short = name
            .strip_prefix("ROUND_")
            .unwrap_or(name)
            .to_ascii_uppercase();
        let mode = match short.as_str() {
            "HALF_EVEN" => RoundingMode::HalfEven,
            "HALF_UP" => RoundingMode::HalfUp,
            "HALF_DOWN" => RoundingMode::HalfDown,
            "UP" => RoundingMode::Up,
            "DOWN" => RoundingMode::Down,
            "CEILING" => RoundingMode::Ceiling,
            "FLOOR" => RoundingMode::Floor,
            "05UP" => RoundingMode::Up05,
            _ => {
                return Err(DecimalError::InvalidRounding {
                    name: name.chars().take(64).collect(),
                })
            }
        };
        Ok(mode)
    }
}

/// `n / d` correctly rounded, for `d > 0`.
///
/// # Examples
/// ```
/// use rustybt_decimal::{div_round, RoundingMode};
/// assert_eq!(div_round(25, 10, RoundingMode::HalfEven), 2);
/// assert_eq!(div_round(-25, 10, RoundingMode::HalfUp), -3);
/// assert_eq!(div_round(-21, 10, RoundingMode::Floor), -3);
/// ```
#[inline]
pub fn div_round(n: i128, d: i128, mode: RoundingMode) -> i128 {
    debug_assert!(d > 0);
    if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
        return i128::from(div_round_i64(n64, d64, mode));
    }
    let (q, r) = (n / d, n % d);
    let (r, d) = (r.unsigned_abs(), d.unsigned_abs());
    // 2r may not fit, so compare r with d - r instead (r < d).
    let half = r.cmp(&(d - r));
    let last_digit = (q.unsigned_abs() % 10) as u8;
    if mode.rounds_away(n < 0, last_digit, r != 0, half) {
        if n < 0 {
            q - 1
        } else {
            q + 1
        }
    } else {
        q
    }
}

/// A 64-bit quotient `q` truncated toward zero, moved one unit away from zero when `mode`
/// says so (`negative`: the sign of the exact quotient; `inexact`: a remainder is left; `half`:
/// the remainder against half a unit).
///
/// Branch-free apart from the mode (which is the same for every row, so well predicted):
/// whether a row rounds away depends on its digits, and a branch on it would be mispredicted
/// about half the time on real prices.
#[inline(always)]
pub(crate) fn round_quotient(
    q: i64,
    negative: bool,
    inexact: bool,
    half: Ordering,
    mode: RoundingMode,
) -> i64 {
    let (above, at) = (half == Ordering::Greater, half == Ordering::Equal);
    let away = inexact
        & match mode {
            RoundingMode::Down => false,
            RoundingMode::Up => true,
            RoundingMode::Ceiling => !negative,
            RoundingMode::Floor => negative,
            RoundingMode::HalfUp => above | at,
            RoundingMode::HalfDown => above,
            // The last digit is odd exactly when q is (10 is even; parity ignores the sign).
            RoundingMode::HalfEven => above | (at & (q & 1 == 1)),
            // A last digit of 0 or 5: a multiple of 5.
            RoundingMode::Up05 => q % 5 == 0,
        };
    // q + away for a positive quotient, q - away for a negative one.
    let s = -i64::from(negative);
    q + ((i64::from(away) ^ s) - s)
}

/// The 64-bit lane of [`div_round`]: most prices and quantities fit, and a 64-bit division is
/// several times cheaper than a 128-bit one.
#[inline]
pub(crate) fn div_round_i64(n: i64, d: i64, mode: RoundingMode) -> i64 {
    let (q, r) = (n / d, n % d);
    let (r, d) = (r.unsigned_abs(), d.unsigned_abs());
    let half = r.cmp(&(d - r));
    round_quotient(q, n < 0, r != 0, half, mode)
}

/// `n / d` correctly rounded in 256-bit arithmetic, for `d > 0`.
pub(crate) fn div_round_wide(n: i256, d: i256, mode: RoundingMode) -> i256 {
    debug_assert!(d > i256::ZERO);
    // Neither operand can be i256::MIN here (callers build them from products of i128s).
    let q = n.wrapping_div(d);
    let r = n.wrapping_rem(d).wrapping_abs();
    let half = r.cmp(&d.wrapping_sub(r));
    let ten = i256::from_i128(10);
    let last_digit = q.wrapping_abs().wrapping_rem(ten).as_i128() as u8;
    let negative = n < i256::ZERO;
    if mode.rounds_away(negative, last_digit, r != i256::ZERO, half) {
        if negative {
            q.wrapping_sub(i256::ONE)
        } else {
            q.wrapping_add(i256::ONE)
        }
    } else {
        q
    }
}

/// The rounded result of a non-zero value smaller in magnitude than a quarter unit: 0, or
/// one unit away from zero in the directed modes.
pub(crate) fn round_tiny(negative: bool, mode: RoundingMode) -> i128 {
    if mode.rounds_away(negative, 0, true, Ordering::Less) {
        if negative {
            -1
        } else {
            1
        }
    } else {
        0
    }
}

/// `m / 10^k` correctly rounded, for any `k >= 0` (beyond 38 digits the magnitude is below
/// half a unit, so only the directed modes give a non-zero result).
///
/// # Examples
/// ```
/// use rustybt_decimal::{div_pow10_round, RoundingMode};
/// assert_eq!(div_pow10_round(12_345, 2, RoundingMode::HalfEven), 123);
/// assert_eq!(div_pow10_round(-1, 50, RoundingMode::Floor), -1);
/// ```
#[inline]
pub fn div_pow10_round(m: i128, k: u32, mode: RoundingMode) -> i128 {
    if k == 0 || m == 0 {
        return m;
    }
    if let Ok(n) = i64::try_from(m) {
        if let Some(q) = div_pow10_round_i64(n, k, mode) {
            return i128::from(q);
        }
    }
    match pow10(k) {
        Some(d) => div_round(m, d, mode),
        None => round_tiny(m < 0, mode),
    }
}

/// The 64-bit lane of [`div_pow10_round`] for `k <= 18`, with each power of ten a literal so
/// that the compiler turns the division into a multiplication (a hardware 64-bit division
/// costs 20-90 cycles; rescaling prices and commissions divides once per value).
#[inline]
fn div_pow10_round_i64(n: i64, k: u32, mode: RoundingMode) -> Option<i64> {
    macro_rules! by {
        ($d:literal) => {{
            let (q, r) = (n / $d, n % $d);
            let r = r.unsigned_abs();
            let half = r.cmp(&($d as u64 - r));
            (q, r, half)
        }};
    }
    let (q, r, half) = match k {
        1 => by!(10),
        2 => by!(100),
        3 => by!(1_000),
        4 => by!(10_000),
        5 => by!(100_000),
        6 => by!(1_000_000),
        7 => by!(10_000_000),
        8 => by!(100_000_000),
        9 => by!(1_000_000_000),
        10 => by!(10_000_000_000),
        11 => by!(100_000_000_000),
        12 => by!(1_000_000_000_000),
        13 => by!(10_000_000_000_000),
        14 => by!(100_000_000_000_000),
        15 => by!(1_000_000_000_000_000),
        16 => by!(10_000_000_000_000_000),
        17 => by!(100_000_000_000_000_000),
        18 => by!(1_000_000_000_000_000_000),
        _ => return None,
    };
    Some(round_quotient(q, n < 0, r != 0, half, mode))
}

/// `w / 10^k` correctly rounded, in 256-bit arithmetic (`k` up to 76).
pub(crate) fn div_pow10_round_wide(w: i256, k: u32, mode: RoundingMode) -> i256 {
    if k == 0 || w == i256::ZERO {
        return w;
    }
    match i256::from_i128(10).checked_pow(k) {
        Some(d) => div_round_wide(w, d, mode),
        None => i256::from_i128(round_tiny(w < i256::ZERO, mode)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain reference: round n/d by looking at the exact rational.
    fn reference(n: i128, d: i128, mode: RoundingMode) -> i128 {
        let floor = n.div_euclid(d);
        let rem = n.rem_euclid(d); // 0 <= rem < d, value = floor + rem/d
        if rem == 0 {
            return floor;
        }
        let ceil = floor + 1;
        let toward_zero = if n < 0 { ceil } else { floor };
        let away = if n < 0 { floor } else { ceil };
        let nearest = match (2 * rem).cmp(&d) {
            Ordering::Less => Some(floor),
            Ordering::Greater => Some(ceil),
            Ordering::Equal => None,
        };
        match mode {
            RoundingMode::Down => toward_zero,
            RoundingMode::Up => away,
            RoundingMode::Ceiling => ceil,
            RoundingMode::Floor => floor,
            RoundingMode::HalfUp => nearest.unwrap_or(away),
            RoundingMode::HalfDown => nearest.unwrap_or(toward_zero),
            RoundingMode::HalfEven => nearest.unwrap_or(if floor % 2 == 0 { floor } else { ceil }),
            RoundingMode::Up05 => {
                if toward_zero.abs() % 5 == 0 {
                    away
                } else {
                    toward_zero
                }
            }
        }
    }

    #[test]
    fn every_mode_matches_the_reference() {
        for mode in RoundingMode::ALL {
            for n in -250i128..=250 {
                for d in [1i128, 2, 3, 4, 7, 10, 20, 100] {
                    assert_eq!(
                        div_round(n, d, mode),
                        reference(n, d, mode),
                        "{n}/{d} {mode}"
                    );
                    let wide = div_round_wide(i256::from_i128(n), i256::from_i128(d), mode);
                    assert_eq!(
                        wide.to_i128(),
                        Some(reference(n, d, mode)),
                        "{n}/{d} {mode}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_64_bit_lane_equals_the_general_division() {
        for mode in RoundingMode::ALL {
            for k in 1..=19u32 {
                for n in [
                    -1_999_999_999_999_999_995i128,
                    -15,
                    -5,
                    5,
                    25,
                    995,
                    123_456_789_012_345_678,
                ] {
                    let general = div_round(n, pow10(k).unwrap(), mode);
                    assert_eq!(div_pow10_round(n, k, mode), general, "{n} / 10^{k} {mode}");
                }
            }
        }
    }

    #[test]
    fn python_examples() {
        use RoundingMode::*;
        // Decimal('x.5').quantize(Decimal('1'), rounding=mode) for 2.5, -2.5, 1.5 and 0.5
        let cases = [
            (HalfEven, [2, -2, 2, 0]),
            (HalfUp, [3, -3, 2, 1]),
            (HalfDown, [2, -2, 1, 0]),
            (Up, [3, -3, 2, 1]),
            (Down, [2, -2, 1, 0]),
            (Ceiling, [3, -2, 2, 1]),
            (Floor, [2, -3, 1, 0]),
            (Up05, [2, -2, 1, 1]),
        ];
        for (mode, expected) in cases {
            let got = [25, -25, 15, 5].map(|m| div_pow10_round(m, 1, mode));
            assert_eq!(got, expected, "{mode}");
        }
    }

    #[test]
    fn large_magnitudes_and_tiny_results() {
        let big = crate::MAX_MANTISSA;
        assert_eq!(div_pow10_round(big, 1, RoundingMode::Down), big / 10);
        assert_eq!(div_pow10_round(big, 38, RoundingMode::HalfEven), 1);
        assert_eq!(div_pow10_round(big, 39, RoundingMode::HalfEven), 0);
        assert_eq!(div_pow10_round(big, 39, RoundingMode::HalfUp), 0);
        assert_eq!(div_pow10_round(-big, 60, RoundingMode::Up), -1);
        assert_eq!(div_pow10_round(3, 60, RoundingMode::Up05), 1);
        let product = i256::from_i128(big).wrapping_mul(i256::from_i128(big));
        let back = div_pow10_round_wide(product, 38, RoundingMode::HalfEven);
        assert_eq!(back.to_i128(), Some(big - 1)); // (10^38-1)^2 / 10^38 = 10^38 - 2 + 1e-38
    }

    #[test]
    fn names() {
        for mode in RoundingMode::ALL {
            assert_eq!(mode.python_name().parse::<RoundingMode>(), Ok(mode));
        }
        assert!("ROUND_SIDEWAYS".parse::<RoundingMode>().is_err());
        assert_eq!("05up".parse::<RoundingMode>(), Ok(RoundingMode::Up05));
    }
}
