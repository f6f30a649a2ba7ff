//! [`DashboardState`] after an append ([`Dataset::append`](crate::table::Dataset::append)):
//! the months of the dataset may grow at either end.

use super::{DashboardState, Tally};

impl DashboardState {
    /// Follows the dataset's months: `front` months added before the
    /// first (negative: removed from the front, which held no rating),
    /// then `months` in all. For a state without an as-of instant.
    pub fn remonth(&mut self, front: i64, months: usize) {
        if front > 0 {
            let lead = vec![Tally::default(); front as usize];
            self.months.splice(0..0, lead);
        } else if front < 0 {
            let n = (front.unsigned_abs() as usize).min(self.months.len());
            self.months.drain(..n);
        }
        self.months
            .resize(months + usize::from(self.month_lead), Tally::default());
    }
}
