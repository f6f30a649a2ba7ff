//! The x axis of the two charts a person can brush (ratings per month,
//! mean by release year): where its units lie in backend pixels, and the
//! arithmetic that turns a drag or a key press into a filter range.

use serde::{Deserialize, Serialize};

use crate::analytics::{month_start, Filter};
use crate::time::civil;

/// What one column of a brushable axis stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// A calendar month (UTC), counted as months since 1970-01; brushing
    /// sets [`Filter::time`].
    Month,
    /// A release year; brushing sets [`Filter::years`].
    Year,
}

/// A brushable x axis: the units `first..=last` side by side, each an
/// equal slot between `x0_px` and `x1_px` (backend pixels, as the chart's
/// own coordinate mapping placed them); the plot spans `y0_px..y1_px`.
///
/// ```
/// use movielens_core::analytics::Filter;
/// use movielens_core::charts::{Axis, Unit};
/// let axis = Axis { unit: Unit::Year, first: 1990, last: 1999, x0_px: 100, x1_px: 600, y0_px: 10, y1_px: 200 };
/// assert_eq!(axis.unit_at(125), 1990);
/// assert_eq!(axis.range(180, 420), (1991, 1996));
/// let mut f = Filter::default();
/// axis.select(&mut f, Some((1991, 1996)));
/// assert_eq!(f.years, Some((1991, 1996)));
/// assert_eq!(axis.selected(&f), Some((1991, 1996)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Axis {
    /// Months or years.
    pub unit: Unit,
    /// The first unit (months since 1970-01, or a year).
    pub first: u32,
    /// The last unit, inclusive (`>= first`).
    pub last: u32,
    /// The left edge of the first unit's slot.
    pub x0_px: i32,
    /// The right edge of the last unit's slot.
    pub x1_px: i32,
    /// The plot's top edge.
    pub y0_px: i32,
    /// The plot's bottom edge.
    pub y1_px: i32,
}

/// A key press on a brushable chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrushKey {
    /// Shift+Right: the range grows by one unit at its end.
    Grow,
    /// Shift+Left: the range shrinks by one unit at its end (one unit
    /// stays).
    Shrink,
    /// Left: the whole range moves one unit earlier.
    Earlier,
    /// Right: the whole range moves one unit later.
    Later,
}

/// The month index (months since 1970-01) of a Unix time.
pub fn month_of(ts: u32) -> u32 {
    let c = civil(ts);
    let months = (i64::from(c.year) - 1970) * 12 + i64::from(c.month) - 1;
    u32::try_from(months).unwrap_or(0)
}

impl Axis {
    /// How many units the axis shows.
    pub fn units(&self) -> u32 {
        self.last.saturating_sub(self.first) + 1
    }

    /// The unit under an x position, clamped to the axis.
    pub fn unit_at(&self, x: i32) -> u32 {
        let width = i64::from(self.x1_px) - i64::from(self.x0_px);
        if width <= 0 {
            return self.first;
        }
        let offset = (i64::from(x) - i64::from(self.x0_px)).clamp(0, width - 1);
        let i = offset * i64::from(self.units()) / width;
        self.first + u32::try_from(i).unwrap_or(0).min(self.units() - 1)
    }

    /// A unit's slot, left and right edge (units off the axis are
    /// clamped to it).
    pub fn slot(&self, unit: u32) -> (i32, i32) {
        let i = i64::from(unit.clamp(self.first, self.last) - self.first);
        let (x0, width) = (
            i64::from(self.x0_px),
            i64::from(self.x1_px) - i64::from(self.x0_px),
        );
        let n = i64::from(self.units());
        let at = |k: i64| i32::try_from(x0 + width * k / n).unwrap_or(self.x0_px);
        (at(i), at(i + 1))
    }

    /// The units a drag from `xa` to `xb` covers, inclusive, in order.
    pub fn range(&self, xa: i32, xb: i32) -> (u32, u32) {
        let (a, b) = (self.unit_at(xa), self.unit_at(xb));
        (a.min(b), a.max(b))
    }

    /// The filter's range on this axis, clamped to it: `None` when the
    /// filter does not restrict this axis' dimension or selects nothing
    /// on it.
    pub fn selected(&self, filter: &Filter) -> Option<(u32, u32)> {
        let (lo, hi) = match self.unit {
            Unit::Month => {
                let (from, to) = filter.time?;
                if to <= from {
                    return None;
                }
                (month_of(from), month_of(to - 1))
            }
            Unit::Year => {
                let (a, b) = filter.years?;
                (u32::from(a), u32::from(b))
            }
        };
        let (lo, hi) = (lo.max(self.first), hi.min(self.last));
        (lo <= hi).then_some((lo, hi))
    }

    /// Sets (or with `None` clears) the filter's range of this axis'
    /// dimension to the units `lo..=hi`: whole months for
    /// [`Filter::time`], years for [`Filter::years`].
    pub fn select(&self, filter: &mut Filter, range: Option<(u32, u32)>) {
        match self.unit {
            Unit::Month => {
                filter.time = range.map(|(lo, hi)| (month_start(lo), month_start(hi + 1)));
            }
            Unit::Year => {
                let year = |y: u32| u16::try_from(y).unwrap_or(u16::MAX);
                filter.years = range.map(|(lo, hi)| (year(lo), year(hi)));
            }
        }
    }

    /// The range after a key press, from the current one (`None`: nothing
    /// selected yet, and the new range is the first unit, or the last for
    /// [`BrushKey::Earlier`]). Stays on the axis.
    pub fn key(&self, current: Option<(u32, u32)>, key: BrushKey) -> (u32, u32) {
        let Some((lo, hi)) = current else {
            let u = if key == BrushKey::Earlier {
                self.last
            } else {
                self.first
            };
            return (u, u);
        };
        match key {
            BrushKey::Grow => (lo, (hi + 1).min(self.last)),
            BrushKey::Shrink => (lo, hi.saturating_sub(1).max(lo)),
            BrushKey::Earlier if lo > self.first => (lo - 1, hi - 1),
            BrushKey::Later if hi < self.last => (lo + 1, hi + 1),
            BrushKey::Earlier | BrushKey::Later => (lo, hi),
        }
    }

    /// A unit as a person reads it: `2000-11` or `1995`.
    pub fn label(&self, unit: u32) -> String {
        match self.unit {
            Unit::Month => crate::time::month_key(unit),
            Unit::Year => unit.to_string(),
        }
    }

    /// A range as a person reads it: `2000-05 to 2000-08 (4 months)`.
    pub fn describe(&self, (lo, hi): (u32, u32)) -> String {
        let n = hi.saturating_sub(lo) + 1;
        let what = match (self.unit, n) {
            (Unit::Month, 1) => "month",
            (Unit::Month, _) => "months",
            (Unit::Year, 1) => "year",
            (Unit::Year, _) => "years",
        };
        if n == 1 {
            format!("{} (1 {what})", self.label(lo))
        } else {
            format!("{} to {} ({n} {what})", self.label(lo), self.label(hi))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months() -> Axis {
        // 2000-01 .. 2000-12 over 120 pixels: 10 pixels a month.
        Axis {
            unit: Unit::Month,
            first: 360,
            last: 371,
            x0_px: 40,
            x1_px: 160,
            y0_px: 0,
            y1_px: 100,
        }
    }

    #[test]
    fn pixels_map_to_units_and_back() {
        let a = months();
        assert_eq!(a.units(), 12);
        assert_eq!(a.unit_at(0), 360);
        assert_eq!(a.unit_at(40), 360);
        assert_eq!(a.unit_at(49), 360);
        assert_eq!(a.unit_at(50), 361);
        assert_eq!(a.unit_at(159), 371);
        assert_eq!(a.unit_at(10_000), 371);
        assert_eq!(a.slot(361), (50, 60));
        for u in a.first..=a.last {
            let (l, r) = a.slot(u);
            assert_eq!((a.unit_at(l), a.unit_at(r - 1)), (u, u));
        }
        assert_eq!(a.range(155, 45), (360, 371));
        let flat = Axis { x1_px: 40, ..a };
        assert_eq!(flat.unit_at(99), 360);
    }

    #[test]
    fn a_month_range_is_whole_months_of_the_time_filter() {
        let a = months();
        let mut f = Filter::default();
        a.select(&mut f, Some((364, 367)));
        // 2000-05-01 .. 2000-09-01 UTC.
        assert_eq!(f.time, Some((957_139_200, 967_766_400)));
        assert_eq!(a.selected(&f), Some((364, 367)));
        assert_eq!(month_of(957_139_200 - 1), 363);
        a.select(&mut f, None);
        assert_eq!((f.time, a.selected(&f)), (None, None));
        // A range past the axis is clamped to it; one beside it selects nothing.
        f.time = Some((0, u32::MAX));
        assert_eq!(a.selected(&f), Some((360, 371)));
        f.time = Some((0, 1000));
        assert_eq!(a.selected(&f), None);
        f.time = Some((5, 5));
        assert_eq!(a.selected(&f), None);
    }

    #[test]
    fn keys_grow_shrink_and_move_the_range() {
        let a = months();
        assert_eq!(a.key(None, BrushKey::Grow), (360, 360));
        assert_eq!(a.key(None, BrushKey::Earlier), (371, 371));
        assert_eq!(a.key(Some((362, 364)), BrushKey::Grow), (362, 365));
        assert_eq!(a.key(Some((362, 364)), BrushKey::Shrink), (362, 363));
        assert_eq!(a.key(Some((362, 362)), BrushKey::Shrink), (362, 362));
        assert_eq!(a.key(Some((362, 371)), BrushKey::Grow), (362, 371));
        assert_eq!(a.key(Some((362, 364)), BrushKey::Earlier), (361, 363));
        assert_eq!(a.key(Some((360, 364)), BrushKey::Earlier), (360, 364));
        assert_eq!(a.key(Some((369, 371)), BrushKey::Later), (369, 371));
        assert_eq!(a.describe((364, 367)), "2000-05 to 2000-08 (4 months)");
        let years = Axis {
            unit: Unit::Year,
            first: 1990,
            last: 1999,
            ..a
        };
        assert_eq!(years.describe((1995, 1995)), "1995 (1 year)");
    }
}
