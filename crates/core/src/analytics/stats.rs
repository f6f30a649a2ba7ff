//! Integer accumulators of star ratings: they merge and retract exactly,
//! so a state built in parts equals the state built at once.

use serde::{Deserialize, Serialize};

/// Count and sum of stars: the accumulator where no spread is needed (half
/// the memory traffic of [`Stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Ratings counted.
    pub count: u64,
    /// Their stars, summed.
    pub sum: u64,
}

impl Tally {
    /// Adds one rating. (Always inlined: it runs once per rating, and the
    /// size-optimised wasm build would otherwise call it.)
    #[inline(always)]
    pub fn add(&mut self, stars: u8) {
        self.count += 1;
        self.sum += u64::from(stars);
    }

    /// Removes one rating that was added.
    #[inline(always)]
    pub fn remove(&mut self, stars: u8) {
        self.count -= 1;
        self.sum -= u64::from(stars);
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

    /// The mean, or `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }
}

/// Count, sum and sum of squares of star ratings: a [`Tally`] that also
/// knows the spread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Ratings counted.
    pub count: u64,
    /// Their stars, summed.
    pub sum: u64,
    /// Their stars squared, summed.
    pub sum_sq: u64,
}

impl Stats {
    /// Adds one rating.
    #[inline(always)]
    pub fn update(&mut self, stars: u8) {
        let s = u64::from(stars);
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

    /// The sample standard deviation (n - 1), or `None` below two ratings.
    pub fn std(&self) -> Option<f64> {
        (self.count > 1).then(|| {
            let n = self.count as f64;
            // Integer numerator: exact, and never negative for a sum of
            // squares that belongs to the sum (Cauchy-Schwarz); saturating
            // in case a caller built one by hand that does not.
            let num = (self.count as u128 * self.sum_sq as u128)
                .saturating_sub((self.sum as u128).pow(2));
            (num as f64 / (n * (n - 1.0))).sqrt()
        })
    }

    /// Stats of a star histogram (`hist[s - 1]` ratings of `s` stars).
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
