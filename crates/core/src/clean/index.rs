//! Raw id → dense row index.

use std::collections::HashMap;

/// Ids below this are looked up in a flat table; larger ones in a hash map.
const DIRECT_LIMIT: u32 = 1 << 22;
const NONE: u32 = u32::MAX;

/// Maps raw ids (any `u32`) to dense row indices; flat and fast for the
/// small ids MovieLens uses, still correct for any id.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    direct: Vec<u32>,
    sparse: HashMap<u32, u32>,
}

impl IdIndex {
    /// The row of `id`, if it has one.
    #[inline]
    pub fn get(&self, id: u32) -> Option<u32> {
        if id < DIRECT_LIMIT {
            match self.direct.get(id as usize) {
                Some(&row) if row != NONE => Some(row),
                _ => None,
            }
        } else {
            self.sparse.get(&id).copied()
        }
    }

    /// Records `id → row`; returns the existing row if `id` already had one.
    pub fn insert(&mut self, id: u32, row: u32) -> Option<u32> {
        if let Some(existing) = self.get(id) {
            return Some(existing);
        }
        if id < DIRECT_LIMIT {
            let at = id as usize;
            if at >= self.direct.len() {
                self.direct.resize((at + 1).next_power_of_two(), NONE);
            }
            self.direct[at] = row;
        } else {
            self.sparse.insert(id, row);
        }
        None
    }
}
