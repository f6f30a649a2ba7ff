//! The web shell of the MovieLens browser app. The page (`bin/app.rs`)
//! owns the DOM; every number it shows comes from `movielens-core`.
