//! "Keep the better of two values" without a branch, for rolling extrema and TA-Lib's
//! comparison chains (`TRANGE`, `MIDPOINT`, `WILLR`).
//!
//! `if candidate > incumbent { incumbent = candidate }` is what TA-Lib writes, and its C build
//! compiles it to `maxsd`. On prices that jump around (the benchmark suite's are uniform), the
//! compiler sometimes makes a branch of it instead, which mispredicts about every other value
//! (~15 cycles each). `maxsd`/`minsd` give exactly the comparison's result, NaN and signed
//! zeros included: `maxsd a, b` is `a > b ? a : b`, so a NaN on either side or a tie keeps `b`.

/// `if candidate > incumbent { candidate } else { incumbent }`, branch-free.
#[inline(always)]
pub(crate) fn greater_of(candidate: f64, incumbent: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_cvtsd_f64, _mm_max_sd, _mm_set_sd};
        // SAFETY: SSE2 is part of the x86-64 baseline, so these intrinsics are always available.
        #[allow(unsafe_code)] // `maxsd` exactly; a plain `select` may be turned into a branch
        return unsafe { _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(candidate), _mm_set_sd(incumbent))) };
    }
    #[allow(unreachable_code)]
    if candidate > incumbent {
        candidate
    } else {
        incumbent
    }
}

/// `if candidate < incumbent { candidate } else { incumbent }`, branch-free.
#[inline(always)]
pub(crate) fn lesser_of(candidate: f64, incumbent: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_cvtsd_f64, _mm_min_sd, _mm_set_sd};
        // SAFETY: SSE2 is part of the x86-64 baseline, so these intrinsics are always available.
        #[allow(unsafe_code)] // `minsd` exactly; a plain `select` may be turned into a branch
        return unsafe { _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(candidate), _mm_set_sd(incumbent))) };
    }
    #[allow(unreachable_code)]
    if candidate < incumbent {
        candidate
    } else {
        incumbent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bits_as_the_comparison_nan_and_signed_zeros_included() {
        let values = [
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            1.0,
            -1.0,
            1e-300,
            f64::MAX,
            f64::MIN_POSITIVE,
            3.5,
        ];
        for &a in &values {
            for &b in &values {
                let greater = if a > b { a } else { b };
                let lesser = if a < b { a } else { b };
                assert_eq!(greater_of(a, b).to_bits(), greater.to_bits(), "{a} > {b}");
                assert_eq!(lesser_of(a, b).to_bits(), lesser.to_bits(), "{a} < {b}");
            }
        }
    }
}
