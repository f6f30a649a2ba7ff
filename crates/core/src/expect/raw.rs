//! An [`Expectation`] read back: a flat record of the rule's name and
//! every field any rule has, then checked into the enum. Serde's derive for
//! an internally tagged enum buffers the whole object first; in the page's
//! wasm that was the largest single deserialiser (about 17 KB), this is a
//! plain struct's.

use serde::Deserialize;

use super::Expectation;

/// The fields of every rule, each optional; `rule` names the variant as
/// the derived `Serialize` writes it (`snake_case`).
#[derive(Deserialize)]
pub(super) struct Raw {
    rule: String,
    min: Option<u64>,
    max: Option<u32>,
    max_percent: Option<u32>,
    from: Option<u32>,
    to: Option<u32>,
}

impl TryFrom<Raw> for Expectation {
    type Error = String;

    fn try_from(r: Raw) -> Result<Self, String> {
        let need = |v: Option<u32>, field: &str| {
            v.ok_or_else(|| format!("rule {} needs `{field}`", r.rule))
        };
        let small_min = || {
            let min = r
                .min
                .ok_or_else(|| format!("rule {} needs `min`", r.rule))?;
            u32::try_from(min).map_err(|_| format!("rule {}: `min` {min} is too large", r.rule))
        };
        Ok(match r.rule.as_str() {
            "user_id_between" => Expectation::UserIdBetween {
                min: small_min()?,
                max: need(r.max, "max")?,
            },
            "movie_id_between" => Expectation::MovieIdBetween {
                min: small_min()?,
                max: need(r.max, "max")?,
            },
            "ratings_whole_stars" => Expectation::RatingsWholeStars,
            "ratings_half_stars" => Expectation::RatingsHalfStars,
            "min_ratings_per_user" => Expectation::MinRatingsPerUser {
                min: r
                    .min
                    .ok_or_else(|| format!("rule {} needs `min`", r.rule))?,
            },
            "genres_known" => Expectation::GenresKnown,
            "gender_m_f" => Expectation::GenderMF,
            "age_codes" => Expectation::AgeCodes,
            "occupation_codes" => Expectation::OccupationCodes,
            "known_users" => Expectation::KnownUsers {
                max_percent: need(r.max_percent, "max_percent")?,
            },
            "known_movies" => Expectation::KnownMovies {
                max_percent: need(r.max_percent, "max_percent")?,
            },
            "rated_between" => Expectation::RatedBetween {
                from: need(r.from, "from")?,
                to: need(r.to, "to")?,
            },
            other => return Err(format!("unknown rule `{other}`")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule goes through JSON and back unchanged (a new rule that is
    /// serialised but not read back fails here).
    #[test]
    fn every_rule_round_trips() {
        let mut all = Expectation::seed();
        all.push(Expectation::MinRatingsPerUser {
            min: u64::from(u32::MAX) + 1,
        });
        for e in all {
            let json = serde_json::to_string(&e).expect("serialises");
            let back: Expectation = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, e, "{json}");
        }
    }

    #[test]
    fn a_missing_field_or_unknown_rule_is_refused() {
        let bad = [
            r#"{"rule":"user_id_between","min":1}"#,
            r#"{"rule":"known_users"}"#,
            r#"{"rule":"no_such_rule"}"#,
            r#"{"min":1,"max":2}"#,
            r#"{"rule":"movie_id_between","min":4294967296,"max":2}"#,
        ];
        for json in bad {
            assert!(serde_json::from_str::<Expectation>(json).is_err(), "{json}");
        }
    }
}
