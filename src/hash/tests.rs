use super::*;
use movielens_core::analytics::month_start;

/// Unix seconds of the first instant of `YYYY-MM`, computed apart from the
/// code under test (days from the epoch, by hand).
fn month(y: u32, m: u32) -> u32 {
    let leap = |y: u32| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let mut days = (1970..y)
        .map(|y| if leap(y) { 366 } else { 365 })
        .sum::<u32>();
    let lengths = [
        31,
        if leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += lengths[..(m - 1) as usize].iter().sum::<u32>();
    days * 86_400
}

fn every_field() -> UrlState {
    UrlState {
        filter: Filter {
            genders: vec![Gender::F, Gender::M],
            ages: vec![1, 25, 56],
            occupations: vec![0, 4, 10, 20],
            genres: vec![0, 3, 9, 14, 17],
            time: Some((month(2000, 11), month(2001, 1))),
            years: Some((1990, 1999)),
            min_ratings: 50,
            movies: vec![1, 2571],
            as_of: Some(month(2000, 12)),
        },
        top_min: 100,
        tab: Tab::Quality,
    }
}

#[test]
fn the_hash_is_readable() {
    assert_eq!(
        every_field().to_hash(),
        "gender=F,M&age=1,25,56\
         &occupation=other-or-not-specified,college-grad-student,k-12-student,writer\
         &genre=Action,Children%27s,Film-Noir,Sci-Fi,Western\
         &rated=2000-11..2000-12&released=1990..1999&min=50&movie=1,2571&asof=2000-12-01T00:00Z&top=100&tab=quality"
    );
    assert_eq!(UrlState::default().to_hash(), "");
}

#[test]
fn every_field_round_trips() {
    let s = every_field();
    assert_eq!(UrlState::from_hash(&s.to_hash()), s);
    assert_eq!(UrlState::from_hash(&format!("#{}", s.to_hash())), s);
    for tab in Tab::ALL {
        for top in [1, DEFAULT_TOP_MIN, 10_000] {
            let s = UrlState {
                tab,
                top_min: top,
                ..every_field()
            };
            assert_eq!(UrlState::from_hash(&s.to_hash()), s);
        }
    }
    // Open ranges, one year, a range of seconds that are not months.
    for (time, years) in [
        (Some((month(2000, 5), u32::MAX)), Some((1995, 1995))),
        (Some((0, month(2000, 5))), Some((0, 1980))),
        (Some((957_000_000, 960_000_123)), Some((1990, u16::MAX))),
        (Some((0, u32::MAX)), Some((0, u16::MAX))),
        (Some((month(1970, 1), month(1970, 2))), None),
    ] {
        let filter = Filter {
            time,
            years,
            ..Filter::default()
        };
        let s = UrlState {
            filter,
            ..UrlState::default()
        };
        assert_eq!(UrlState::from_hash(&s.to_hash()), s, "{}", s.to_hash());
    }
    assert_eq!(UrlState::from_hash(""), UrlState::default());
}

#[test]
fn ranges_read_as_a_person_writes_them() {
    let f = UrlState::from_hash("#rated=2000-11..2000-12&released=1995").filter;
    assert_eq!(f.time, Some((month(2000, 11), month(2001, 1))));
    assert_eq!(f.years, Some((1995, 1995)));
    let f = UrlState::from_hash("rated=2000-11..&released=..1979").filter;
    assert_eq!(f.time, Some((month(2000, 11), u32::MAX)));
    assert_eq!(f.years, Some((0, 1979)));
    assert_eq!(month_start(0), month(1970, 1));
}

#[test]
fn old_links_are_understood() {
    let s = UrlState::from_hash(
        "#g=F&a=18,25&o=4,12&genre=4,7&t=957000000-960000000&y=1990-1999&min=50&top=100",
    );
    let f = &s.filter;
    assert_eq!(f.genders, vec![Gender::F]);
    assert_eq!(f.ages, vec![18, 25]);
    assert_eq!(f.occupations, vec![4, 12]);
    assert_eq!(f.genres, vec![4, 7]);
    assert_eq!(f.time, Some((957_000_000, 960_000_000)));
    assert_eq!(f.years, Some((1990, 1999)));
    assert_eq!((f.min_ratings, s.top_min, s.tab), (50, 100, Tab::Dashboard));
    // Written in the new form, and the same once read back.
    let hash = s.to_hash();
    assert!(hash.starts_with("gender=F&age=18,25&occupation=college-grad-student,programmer&genre=Comedy,Drama&rated=957000000..960000000&released=1990..1999"), "{hash}");
    assert_eq!(UrlState::from_hash(&hash), s);
    // The old form's open end.
    assert_eq!(
        UrlState::from_hash("y=1990-65535").filter.years,
        Some((1990, u16::MAX))
    );
}

#[test]
fn names_are_matched_whatever_their_encoding() {
    for hash in [
        "genre=Children%27s,Film-Noir,Sci-Fi",
        "genre=Children's,film-noir,SCI-FI",
        "genre=Children%2527s,Film-Noir,Sci-Fi&genre=Children%27s%2CFilm-Noir%2csci-fi",
    ] {
        assert_eq!(
            UrlState::from_hash(hash).filter.genres,
            vec![3, 9, 14],
            "{hash}"
        );
    }
    for hash in [
        "occupation=college-grad-student",
        "occupation=college%2Fgrad%20student",
        "occupation=College/Grad Student",
        "o=4",
    ] {
        assert_eq!(
            UrlState::from_hash(hash).filter.occupations,
            vec![4],
            "{hash}"
        );
    }
}

#[test]
fn a_mangled_link_gives_a_smaller_filter_never_an_error() {
    let s = UrlState::from_hash(
        "#gender=X,F,F&age=30,18,abc&occupation=99,3,astronaut&genre=19,2,Space%20Opera,%ZZ,%E2%82\
         &rated=2001-01..2000-01&released=x..1999&min=-1&top=0&tab=nowhere&what=ever&&=&%&movie=x,5,5",
    );
    let f = &s.filter;
    assert_eq!(f.genders, vec![Gender::F]);
    assert_eq!(f.ages, vec![18]);
    assert_eq!(f.occupations, vec![3]);
    assert_eq!(f.genres, vec![2]);
    assert_eq!((f.time, f.years, f.min_ratings), (None, None, 0));
    assert_eq!((s.top_min, s.tab), (DEFAULT_TOP_MIN, Tab::Dashboard));
    assert_eq!(f.movies, vec![5]);
    for bad in [
        "rated=..",
        "rated=2000-13..",
        "rated=1969-12..",
        "t=9-1",
        "y=x-1999",
        "released=..",
    ] {
        let f = UrlState::from_hash(bad).filter;
        assert_eq!((f.time, f.years), (None, None), "{bad}");
    }
}

#[test]
fn percent_coding_round_trips_every_byte() {
    let all: String = (1u8..=127).map(char::from).chain("é’".chars()).collect();
    assert_eq!(decode(&encode(&all)), all);
    assert_eq!(decode("100%"), "100%");
    assert_eq!(decode("%e2%82,Drama"), "%e2%82,Drama");
    assert_eq!(decode("%4"), "%4");
}

#[test]
fn as_of_round_trips_in_minutes_and_old_links_have_none() {
    let t = month(2000, 12) + 3600 * 5 + 60 * 7;
    let s = UrlState {
        filter: Filter {
            genders: vec![Gender::F],
            as_of: Some(t),
            ..Filter::default()
        },
        ..UrlState::default()
    };
    assert_eq!(s.to_hash(), "gender=F&asof=2000-12-01T05:07Z");
    assert_eq!(UrlState::from_hash(&s.to_hash()), s);
    // Seconds, when the instant has some; a date alone; Unix seconds.
    let odd = UrlState::from_hash("asof=2000-12-01T05:07:09Z")
        .filter
        .as_of;
    assert_eq!(odd, Some(t + 9));
    assert_eq!(
        UrlState::from_hash(&format!("asof={}", t + 9)).to_hash(),
        "asof=2000-12-01T05:07:09Z"
    );
    assert_eq!(
        UrlState::from_hash("asof=2000-12-01").filter.as_of,
        Some(month(2000, 12))
    );
    for bad in [
        "asof=",
        "asof=soon",
        "asof=2000-12-32",
        "asof=2000-12-01T24:00Z",
    ] {
        assert_eq!(UrlState::from_hash(bad).filter.as_of, None, "{bad}");
    }
    assert_eq!(UrlState::from_hash("#g=F&a=18").filter.as_of, None);
}
