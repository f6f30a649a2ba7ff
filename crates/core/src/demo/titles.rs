//! Invented movie titles: word lists and the patterns that combine them,
//! with ML-1M's quirks (trailing articles, sequel numbers, alternative
//! foreign titles, a few Latin-1 accents).

use super::Rng;

const ADJECTIVES: [&str; 40] = [
    "Silent",
    "Broken",
    "Golden",
    "Lost",
    "Hidden",
    "Last",
    "Dark",
    "Crimson",
    "Wild",
    "Frozen",
    "Electric",
    "Quiet",
    "Burning",
    "Lonely",
    "Secret",
    "Savage",
    "Little",
    "Endless",
    "Final",
    "Bitter",
    "Restless",
    "Midnight",
    "Brave",
    "Perfect",
    "Dangerous",
    "Sweet",
    "Twisted",
    "Hollow",
    "Distant",
    "Wicked",
    "Crazy",
    "Blue",
    "Strange",
    "Lucky",
    "Fallen",
    "Gentle",
    "Iron",
    "Velvet",
    "Paper",
    "Northern",
];
const NOUNS: [&str; 48] = [
    "River",
    "Heart",
    "City",
    "Summer",
    "Road",
    "Night",
    "Garden",
    "Empire",
    "Kingdom",
    "Island",
    "Highway",
    "Shadow",
    "Promise",
    "Storm",
    "Dream",
    "Stranger",
    "Mirror",
    "Harbor",
    "Letter",
    "Game",
    "Machine",
    "Planet",
    "Station",
    "Winter",
    "Hunter",
    "Witness",
    "Fortune",
    "Circus",
    "Legend",
    "Voyage",
    "Affair",
    "Secret",
    "Castle",
    "Bride",
    "Ghost",
    "Detective",
    "Saint",
    "Professor",
    "Dragon",
    "Thief",
    "Angel",
    "Diary",
    "Orchard",
    "Frontier",
    "Echo",
    "Canyon",
    "Lighthouse",
    "Carnival",
];
const NAMES: [&str; 16] = [
    "Harry", "Annie", "Max", "Sally", "Oscar", "Lola", "Jack", "Grace", "Victor", "Mona", "Billy",
    "Rosa", "Frank", "Iris", "Leo", "Nora",
];
/// Accented words written as Latin-1 bytes (real ML-1M movies.dat has such
/// bytes), and alternate foreign titles.
const LATIN1_WORDS: [&str; 8] = [
    "Café",
    "Noël",
    "Señor",
    "Cité",
    "Misérables",
    "Été",
    "Mañana",
    "Frühling",
];
const ALT_TITLES: [&str; 8] = [
    "Le Fleuve",
    "Das Herz",
    "La Ciudad",
    "Il Sogno",
    "La Nuit",
    "Der Sturm",
    "El Camino",
    "Les Ombres",
];

/// Latin-1 bytes for a line whose characters are all below U+0100.
pub(super) fn encode(line: &str, latin1: bool) -> Vec<u8> {
    if latin1 {
        line.chars().map(|c| c as u32 as u8).collect()
    } else {
        line.as_bytes().to_vec()
    }
}

pub(super) fn make_title(rng: &mut Rng, _year: u16) -> (String, bool) {
    let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len() as u64) as usize];
    let mut latin1 = false;
    let mut base = match rng.below(6) {
        0 => format!("{} {}", pick(rng, &ADJECTIVES), pick(rng, &NOUNS)),
        1 => format!("{} of the {}", pick(rng, &NOUNS), pick(rng, &NOUNS)),
        2 => format!("{}'s {}", pick(rng, &NAMES), pick(rng, &NOUNS)),
        3 => format!("{} and {}", pick(rng, &NAMES), pick(rng, &NAMES)),
        4 => format!(
            "{} {} {}",
            pick(rng, &ADJECTIVES),
            pick(rng, &ADJECTIVES),
            pick(rng, &NOUNS)
        ),
        _ => pick(rng, &NOUNS).to_owned(),
    };
    if rng.unit() < 0.012 {
        base = format!("{} {}", pick(rng, &LATIN1_WORDS), base);
        latin1 = true;
    }
    if rng.unit() < 0.05 {
        base = format!("{base} {}", 2 + rng.below(3));
    }
    let article = match rng.unit() {
        u if u < 0.16 => Some("The"),
        u if u < 0.19 => Some(if base.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "An"
        } else {
            "A"
        }),
        _ => None,
    };
    if let Some(article) = article {
        base = format!("{base}, {article}");
    }
    if rng.unit() < 0.03 {
        base = format!("{base} ({})", pick(rng, &ALT_TITLES));
    }
    (base, latin1)
}
