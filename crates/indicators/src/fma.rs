//! Fused multiply-add in hardware where the CPU has it.
//!
//! TA-Lib 0.8 rounds its EMA-family updates once (`f64::mul_add`). Compiled for the baseline
//! x86-64 target, `mul_add` is a call into a software routine (a few nanoseconds per value);
//! code run through [`with_fma`] is compiled a second time with the FMA instructions enabled and
//! picked at run time. Both give the same bits: a fused multiply-add is exactly rounded either
//! way, and Rust never contracts a separate multiply and add into one.

/// Runs `body`, compiled with FMA instructions when the CPU has them (x86-64), else as is.
///
/// The closure and what it calls are inlined into an FMA-enabled copy; keep the hot loop inside
/// `body` (a loop calling `with_fma` per value pays the dispatch per value).
#[inline(always)]
pub fn with_fma<R>(body: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: `fma_enabled` requires the FMA instruction set, detected just above.
            #[allow(unsafe_code)]
            return unsafe { fma_enabled(body) };
        }
    }
    body()
}

/// `body()` compiled with the FMA target feature.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
fn fma_enabled<R>(body: impl FnOnce() -> R) -> R {
    body()
}

#[cfg(test)]
mod tests {
    use super::with_fma;

    /// An EMA-like recurrence and a few products whose fused and unfused results differ.
    fn recurrence(values: &[f64]) -> Vec<f64> {
        let mut ema = values[0];
        values
            .iter()
            .map(|&v| {
                ema = (v - ema).mul_add(2.0 / 31.0, ema);
                ema + v * 0.1 + (v * 1e-3).mul_add(v, -ema)
            })
            .collect()
    }

    #[test]
    fn the_fma_path_gives_the_same_bits_as_the_plain_one() {
        let values: Vec<f64> = (0..10_000)
            .map(|i| 100.0 + (f64::from(i) * 0.37).sin() * 7.3 + f64::from(i) * 1e-3)
            .collect();
        let plain = recurrence(&values);
        let dispatched = with_fma(|| recurrence(&values));
        assert!(plain
            .iter()
            .zip(&dispatched)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        // The fused results differ from a separate multiply and add somewhere: the test
        // would notice a path that silently unfused.
        let unfused: Vec<f64> = {
            let mut ema = values[0];
            values
                .iter()
                .map(|&v| {
                    ema += (v - ema) * (2.0 / 31.0);
                    ema + v * 0.1 + ((v * 1e-3) * v - ema)
                })
                .collect()
        };
        assert!(plain
            .iter()
            .zip(&unfused)
            .any(|(a, b)| a.to_bits() != b.to_bits()));
    }
}
