//! A cleaner seeded with the users and movies of a loaded dataset, for the
//! ratings of a file appended to it.

use super::index::IdIndex;
use super::Cleaner;
use crate::model::{Movies, Users};

impl Cleaner {
    /// A cleaner that has accepted these users and movies (rows in this
    /// order, from these lines), ready for ratings: their user and movie
    /// rows are those of the tables given.
    pub fn seeded(users: &Users, movies: &Movies) -> Cleaner {
        let mut c = Cleaner::new();
        c.user_index = index(&users.id);
        c.movie_index = index(&movies.id);
        c.users = users.clone();
        c.movies = movies.clone();
        c
    }
}

fn index(ids: &[u32]) -> IdIndex {
    let mut index = IdIndex::default();
    for (row, &id) in ids.iter().enumerate() {
        index.insert(id, row as u32);
    }
    index
}
