//! Integer accumulators of star ratings: they merge and retract exactly,
//! so a state built in parts equals the state built at once.

use serde::{Deserialize, Serialize};

/// Count and sum of stars: the accumulator where no spread is needed (half
/// the memory traffic of [`Stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Ratings counted.
    pub count: u64,
    /// Their half stars, summed (twice the stars: exact for every release).
    pub sum: u64,
}

impl Tally {
    /// Adds one rating. (Always inlined: it runs once per rating, and the
    /// size-optimised wasm build would otherwise call it.)
    #[inline(always)]
    pub fn add(&mut self, halves: u8) {
        self.count += 1;
        self.sum += u64::from(halves);
    }

    /// Removes one rating that was added.
    #[inline(always)]
    pub fn remove(&mut self, halves: u8) {
        self.count -= 1;
        self.sum -= u64::from(halves);
    }

    /// Adds another tally's ratings.
    #[inline]
    pub fn merge(&mut self, other: &Tally) {
        self.count += other.count;
        self.sum += other.sum;
    }

    /// Removes another tally's ratings (all of them were added).
    #[inline]
    pub fn retract(&mut self, other: &Tally) {
        self.count -= other.count;
        self.sum -= other.sum;
    }

    /// The mean in stars, or `None` without ratings. (Halving is exact:
    /// the mean of whole stars is the same number it was before ratings
    /// were kept in half stars.)
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64 / 2.0)
    }

    /// The sum in stars.
    pub fn stars(&self) -> f64 {
        self.sum as f64 / 2.0
    }
}

/// Count, sum and sum of squares of star ratings: a [`Tally`] that also
/// knows the spread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Ratings counted.
    pub count: u64,
    /// Their half stars, summed (twice the stars: exact for every release).
    pub sum: u64,
    /// Their half stars squared, summed.
    pub sum_sq: u64,
}

impl Stats {
    /// Adds one rating.
    #[inline(always)]
    pub fn update(&mut self, halves: u8) {
        let s = u64::from(halves);
        self.count += 1;
        self.sum += s;
        self.sum_sq += s * s;
    }

    /// Adds another accumulator's ratings.
    #[inline]
    pub fn merge(&mut self, other: &Stats) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// Count and sum, without the spread.
    pub fn tally(&self) -> Tally {
        Tally {
            count: self.count,
            sum: self.sum,
        }
    }

    /// The mean, or `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        self.tally().mean()
    }

    /// The sum in stars.
    pub fn stars(&self) -> f64 {
        self.sum as f64 / 2.0
    }

    /// The sample standard deviation (n - 1) in stars, or `None` below two
    /// ratings.
    pub fn std(&self) -> Option<f64> {
        (self.count > 1).then(|| {
            let n = self.count as f64;
            // Integer numerator: exact, and never negative for a sum of
            // squares that belongs to the sum (Cauchy-Schwarz); saturating
            // in case a caller built one by hand that does not.
            let num = (self.count as u128 * self.sum_sq as u128)
                .saturating_sub((self.sum as u128).pow(2));
            (num as f64 / (n * (n - 1.0))).sqrt() / 2.0
        })
    }

    /// Stats of a histogram in half stars (`hist[h - 1]` ratings of `h`
    /// half stars).
    pub fn from_histogram(hist: &[u32]) -> Stats {
        let mut st = Stats::default();
        for (i, &c) in hist.iter().enumerate() {
            let s = i as u64 + 1;
            st.count += u64::from(c);
            st.sum += u64::from(c) * s;
            st.sum_sq += u64::from(c) * s * s;
        }
        st
    }
}
