//! The rejected rows kept for people to read: the counts in the lineage are
//! exact for any number of rejects, but the rows kept (for the page, the
//! rejects CSV and the expectations' examples) are the first
//! [`MAX_KEPT_PER_REASON`] of each file and reason, in line order, so a
//! flood of bad lines cannot exhaust memory.

use super::{Reject, RejectReason};
use crate::vocab::FileKind;

/// Rejected rows kept per file and reason, at most (the first ones in line
/// order). With the raw text clipped to [`super::MAX_RAW_BYTES`], the list
/// stays within a few megabytes whatever the input.
pub const MAX_KEPT_PER_REASON: usize = 1_000;

fn slot(kind: FileKind) -> usize {
    match kind {
        FileKind::Users => 0,
        FileKind::Movies => 1,
        FileKind::Ratings => 2,
    }
}

/// The first rows of each file and reason, found in line order (every
/// reason but `duplicate_rating`, whose rows are only known when a later
/// line displaces them: see [`DuplicateLog`]).
#[derive(Debug, Default, Clone)]
pub(crate) struct RejectLog {
    kept: Vec<Reject>,
    per: [[u32; RejectReason::COUNT]; 3],
}

impl RejectLog {
    /// Whether a reject of this file and reason would be kept; when not,
    /// the caller only counts it (and need not build its texts).
    #[inline]
    pub(crate) fn wants(&self, kind: FileKind, reason: RejectReason) -> bool {
        (self.per[slot(kind)][reason.index()] as usize) < MAX_KEPT_PER_REASON
    }

    /// Keeps a reject if [`Self::wants`] it.
    pub(crate) fn push(&mut self, reject: Reject) {
        let n = &mut self.per[slot(reject.file)][reject.reason.index()];
        if (*n as usize) < MAX_KEPT_PER_REASON {
            *n += 1;
            self.kept.push(reject);
        }
    }

    pub(crate) fn into_rows(self) -> Vec<Reject> {
        self.kept
    }
}

/// A provisional rating that a later line displaced, kept until the end of
/// the load, when its sentence can name the rating that is finally kept.
#[derive(Debug, Clone)]
pub(crate) struct Displaced {
    pub line: u64,
    /// Dense user and movie rows.
    pub user: u32,
    pub movie: u32,
    pub ts: u32,
    pub raw: String,
}

/// The first [`MAX_KEPT_PER_REASON`] displaced ratings by line, whatever
/// order they are found in: the list is cut back to the first ones whenever
/// it doubles, and a row after the last one kept is not even built.
#[derive(Debug, Default, Clone)]
pub(crate) struct DuplicateLog {
    rows: Vec<Displaced>,
    /// Once the list has been cut: rows after this line cannot be among the
    /// first.
    beyond: Option<u64>,
}

impl DuplicateLog {
    #[inline]
    pub(crate) fn wants(&self, line: u64) -> bool {
        self.beyond.is_none_or(|last| line < last)
    }

    pub(crate) fn push(&mut self, row: Displaced) {
        if !self.wants(row.line) {
            return;
        }
        self.rows.push(row);
        if self.rows.len() >= 2 * MAX_KEPT_PER_REASON {
            self.keep_first();
            self.beyond = self.rows.last().map(|r| r.line);
        }
    }

    /// Sorts by line and keeps the first [`MAX_KEPT_PER_REASON`]. Sorts
    /// `(line, index)` pairs, a sort the bundle has already, rather than
    /// the rows.
    fn keep_first(&mut self) {
        let mut order: Vec<(u64, u32)> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.line, i as u32))
            .collect();
        order.sort_unstable();
        order.truncate(MAX_KEPT_PER_REASON);
        let mut rows: Vec<Option<Displaced>> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(Some)
            .collect();
        self.rows = order
            .into_iter()
            .filter_map(|(_, i)| rows[i as usize].take())
            .collect();
    }

    /// The first rows by line.
    pub(crate) fn into_rows(mut self) -> Vec<Displaced> {
        self.keep_first();
        self.rows
    }
}
