//! Seeded synthetic market data for the criterion benches, so every crate benches the same inputs.
//!
//! A splitmix64 generator keeps this dependency-free; the data only has to look like prices and
//! returns and be identical from run to run.
//!
//! ```
//! let prices = rustybt_bench_data::prices(1_000, 42);
//! assert_eq!(prices.len(), 1_000);
//! assert!(prices.iter().all(|p| *p > 0.0));
//! ```

/// Sizes every criterion bench uses, per the house style: 1e3, 1e5, 1e6 elements.
pub const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];

/// A splitmix64 pseudo-random generator (Steele, Lea and Flood, 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        // The top 53 bits fill the mantissa of a double exactly.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Daily-like returns: uniform in [-2%, +2%) plus a small drift.
pub fn returns(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|_| (rng.next_f64() - 0.5) * 0.04 + 0.0003)
        .collect()
}

/// A price path compounded from [`returns`], starting at 100.
pub fn prices(n: usize, seed: u64) -> Vec<f64> {
    let mut price = 100.0;
    returns(n, seed)
        .into_iter()
        .map(|r| {
            price *= 1.0 + r;
            price
        })
        .collect()
}

/// Prices in cents as decimal mantissas at scale 2 (e.g. 10012 is 100.12), uniform in
/// [1.00, 1000.00) like the Python suite's: a compounded path drifts to astronomic values over a
/// million steps, which no ledger holds.
pub fn price_mantissas(n: usize, seed: u64) -> Vec<i128> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|_| 100 + (rng.next_f64() * 99_900.0) as i128)
        .collect()
}

/// Sorted nanosecond timestamps one minute apart with random gaps, starting 2024-01-01T00:00Z.
pub fn minute_timestamps(n: usize, seed: u64) -> Vec<i64> {
    const START: i64 = 1_704_067_200_000_000_000;
    const MINUTE: i64 = 60_000_000_000;
    let mut rng = SplitMix64::new(seed);
    let mut t = START;
    (0..n)
        .map(|_| {
            t += MINUTE * (1 + (rng.next_u64() % 3) as i64);
            t
        })
        .collect()
}
