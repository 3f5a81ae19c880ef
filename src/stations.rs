//! China Railway's passenger stations, built into the binary from `src/data/stations.tsv`.
//!
//! Resolves what a person types (Chinese name, full pinyin, pinyin initials, or a city) to
//! what the API's `from`/`to` take. Input that could mean several stations is refused with
//! the candidates rather than guessed, and unknown input is answered with the nearest names.

use std::sync::OnceLock;

const STATIONS_TSV: &str = include_str!("data/stations.tsv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Station {
    pub name: &'static str,
    pub telecode: &'static str,
    pub pinyin: &'static str,
    pub abbr: &'static str,
    pub city: &'static str,
}

/// What a query resolved to: one station, or a city that the API expands to its stations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Station(&'static Station),
    City {
        name: &'static str,
        stations: Vec<&'static Station>,
    },
}

impl Place {
    /// The Chinese name sent to the API.
    pub fn api_name(&self) -> &'static str {
        match self {
            Place::Station(station) => station.name,
            Place::City { name, .. } => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(Place),
    Ambiguous(Vec<&'static Station>),
    Unknown { nearest: Vec<&'static str> },
}

pub fn all() -> &'static [Station] {
    static STATIONS: OnceLock<Vec<Station>> = OnceLock::new();
    STATIONS.get_or_init(|| {
        STATIONS_TSV
            .lines()
            .skip(1)
            .filter_map(parse_line)
            .collect()
    })
}

fn parse_line(line: &'static str) -> Option<Station> {
    let mut fields = line.split('\t');
    Some(Station {
        name: fields.next()?,
        telecode: fields.next()?,
        pinyin: fields.next()?,
        abbr: fields.next()?,
        city: fields.next()?,
    })
}

pub fn by_name(name: &str) -> Option<&'static Station> {
    all().iter().find(|station| station.name == name)
}

/// Every station of a city, in list order.
pub fn in_city(city: &str) -> Vec<&'static Station> {
    all()
        .iter()
        .filter(|station| station.city == city)
        .collect()
}

/// Resolves a query, trying the most specific reading first: a station's Chinese name, its
/// telegraph code, its full pinyin, a city, then pinyin initials.
///
/// A station name wins over a city of the same name (`苏州` is the station 苏州, as on 12306);
/// use `Place::City` through a name that is only a city to search all of its stations.
pub fn lookup(query: &str) -> Lookup {
    let query = query.trim();
    let lower = query.to_lowercase();

    if let Some(station) = by_name(query) {
        return Lookup::Found(Place::Station(station));
    }
    if query.len() == 3 && query.chars().all(|c| c.is_ascii_uppercase()) {
        if let Some(station) = all().iter().find(|s| s.telecode == query) {
            return Lookup::Found(Place::Station(station));
        }
    }
    if let Some(found) = unique_or_ambiguous(|s| s.pinyin == lower) {
        return found;
    }
    let city_stations = in_city(query);
    if let Some(first) = city_stations.first() {
        return Lookup::Found(Place::City {
            name: first.city,
            stations: city_stations,
        });
    }
    if let Some(found) = unique_or_ambiguous(|s| s.abbr == lower) {
        return found;
    }
    Lookup::Unknown {
        nearest: nearest_names(query, 5),
    }
}

fn unique_or_ambiguous(matches: impl Fn(&Station) -> bool) -> Option<Lookup> {
    let found: Vec<&'static Station> = all().iter().filter(|s| matches(s)).collect();
    match found.len() {
        0 => None,
        1 => Some(Lookup::Found(Place::Station(found[0]))),
        _ => Some(Lookup::Ambiguous(found)),
    }
}

/// The station names closest to `query`, compared with names for Chinese input and with
/// pinyin for Latin input, so `shanghaixii` finds 上海西 and `上海西站` finds 上海西.
pub fn nearest_names(query: &str, count: usize) -> Vec<&'static str> {
    let query = query.trim().to_lowercase();
    let latin = query.is_ascii();
    let mut scored: Vec<(f64, &'static str)> = all()
        .iter()
        .map(|station| {
            let key = if latin { station.pinyin } else { station.name };
            (
                strsim::normalized_damerau_levenshtein(&query, key),
                station.name,
            )
        })
        .filter(|(score, _)| *score > 0.3)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(count)
        .map(|(_, name)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found_name(query: &str) -> &'static str {
        match lookup(query) {
            Lookup::Found(place) => place.api_name(),
            other => panic!("{query} did not resolve: {other:?}"),
        }
    }

    #[test]
    fn the_whole_list_is_loaded() {
        assert!(all().len() > 3000);
        assert_eq!(by_name("苏州园区").map(|s| s.pinyin), Some("suzhouyuanqu"));
    }

    #[test]
    fn chinese_pinyin_telecode_and_initials_resolve() {
        assert_eq!(found_name("上海西"), "上海西");
        assert_eq!(found_name("shanghaixi"), "上海西");
        assert_eq!(found_name("ShangHaiXi"), "上海西");
        assert_eq!(found_name("SXH"), "上海西");
        assert_eq!(found_name("szyq"), "苏州园区");
    }

    #[test]
    fn a_station_name_wins_over_its_city() {
        assert!(matches!(lookup("苏州"), Lookup::Found(Place::Station(s)) if s.name == "苏州"));
    }

    #[test]
    fn shared_pinyin_is_ambiguous_with_candidates() {
        match lookup("binzhou") {
            Lookup::Ambiguous(candidates) => assert!(candidates.len() >= 2),
            other => panic!("expected ambiguity, got {other:?}"),
        }
    }

    #[test]
    fn unknown_names_offer_the_nearest() {
        match lookup("上海西站") {
            Lookup::Unknown { nearest } => assert_eq!(nearest.first(), Some(&"上海西")),
            other => panic!("expected unknown, got {other:?}"),
        }
        match lookup("shanghaixii") {
            Lookup::Unknown { nearest } => assert!(nearest.contains(&"上海西")),
            other => panic!("expected unknown, got {other:?}"),
        }
    }
}
