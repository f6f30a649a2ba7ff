//! Stable sorts that share one instance of the standard library's sort.
//!
//! `slice::sort_by` is generic over its comparison, so every call site
//! compiles its own copy of the sort (about 4 KB of wasm each). These sort
//! the positions `0..n` with one comparison behind a `dyn`, then move the
//! elements into that order: the result is exactly `sort_by`'s (a stable
//! sort has one answer), for a little more time per comparison. For the
//! short lists the page sorts (top lists, profiles, rejects); the
//! million-row sorts of cleaning keep their own.

use std::cmp::Ordering;

/// The numbers sorted ascending, with the unstable sort of `u64` the wasm
/// has anyway (rating counts): a sort of `u32` would add an instance of its
/// own (about 4 KB). Costs a `u64` per number while it sorts.
///
/// ```
/// assert_eq!(movielens_core::sorting::sorted_u32([3, 1, 2, 1].into_iter()), [1, 1, 2, 3]);
/// ```
pub fn sorted_u32(values: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut wide: Vec<u64> = values.map(u64::from).collect();
    wide.sort_unstable();
    wide.into_iter().map(|v| v as u32).collect()
}

/// Sorts `v` stably by `cmp`: the same order as `v.sort_by(cmp)`.
///
/// ```
/// let mut v = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
/// movielens_core::sorting::sort_by(&mut v, |x, y| y.0.cmp(&x.0));
/// assert_eq!(v, [(2, 'a'), (2, 'c'), (1, 'b'), (0, 'd')]);
/// ```
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = positions(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` stably by `key`: the same order as `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` sorted stably by `cmp` (the one instance of the
/// standard library's stable sort).
#[inline(never)]
fn positions(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Puts `v[order[i]]` at `i`, following each cycle of the permutation.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small generator (no dependency): xorshift.
    fn values(seed: u64, n: usize, range: u64) -> Vec<(u64, usize)> {
        let mut x = seed | 1;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % range, i)
            })
            .collect()
    }

    #[test]
    fn the_same_order_as_the_standard_stable_sort() {
        for (seed, n, range) in [
            (1, 0, 3),
            (2, 1, 3),
            (3, 2, 1),
            (4, 50, 5),
            (5, 1000, 30),
            (6, 777, 1_000_000),
        ] {
            let v = values(seed, n, range);
            let mut std = v.clone();
            std.sort_by_key(|e| std::cmp::Reverse(e.0));
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            assert_eq!(ours, std, "seed {seed}");
            let mut std = v.clone();
            std.sort_by_key(|e| e.0 % 7);
            let mut ours = v;
            sort_by_key(&mut ours, |e| e.0 % 7);
            assert_eq!(ours, std, "seed {seed}");
        }
    }
}
