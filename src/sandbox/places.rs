//! Resolves search.php's `from` and `to` the way the vendor documents them: a station's
//! Chinese name, a full pinyin (matching every station that shares it), or a city (matching
//! all of its stations).
//!
//! A station name wins over a city of the same name, as in the crate's station lookup: 苏州
//! is the station 苏州, while 朝阳, a city with no station of that name, is all of its stations.

use crate::stations::{self, Station};

/// What a `from` or `to` matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The name the answer reports (`fromStation`): the station's or the city's.
    pub name: &'static str,
    /// Its pinyin (`fromStationCode`); empty for a city whose pinyin is not known.
    pub pinyin: &'static str,
    pub stations: Vec<&'static Station>,
}

pub fn resolve(query: &str) -> Option<Place> {
    let query = query.trim();
    if let Some(station) = stations::by_name(query) {
        return Some(Place {
            name: station.name,
            pinyin: station.pinyin,
            stations: vec![station],
        });
    }
    by_pinyin(&query.to_ascii_lowercase()).or_else(|| by_city(query))
}

fn by_pinyin(pinyin: &str) -> Option<Place> {
    let matching: Vec<&'static Station> = stations::all()
        .iter()
        .filter(|station| station.pinyin == pinyin)
        .collect();
    let first = *matching.first()?;
    Some(Place {
        name: first.name,
        pinyin: first.pinyin,
        stations: matching,
    })
}

fn by_city(city: &str) -> Option<Place> {
    let matching = stations::in_city(city);
    let first = *matching.first()?;
    Some(Place {
        name: first.city,
        pinyin: city_pinyin(first.city, &matching),
        stations: matching,
    })
}

/// The station list has no pinyin for cities; a station named after the city with a compass
/// suffix (朝阳南, chaoyangnan) gives it away.
fn city_pinyin(city: &str, city_stations: &[&'static Station]) -> &'static str {
    const SUFFIXES: [(&str, &str); 4] =
        [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei")];
    city_stations
        .iter()
        .find_map(|station| {
            let suffix = station.name.strip_prefix(city)?;
            let (_, pinyin_suffix) = SUFFIXES.iter().find(|(hanzi, _)| *hanzi == suffix)?;
            station.pinyin.strip_suffix(pinyin_suffix)
        })
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(place: &Place) -> Vec<&str> {
        place.stations.iter().map(|station| station.name).collect()
    }

    #[test]
    fn chinese_names_and_pinyin_find_the_station() {
        let place = resolve("上海虹桥").unwrap();
        assert_eq!((place.name, place.pinyin), ("上海虹桥", "shanghaihongqiao"));
        assert_eq!(
            names(&resolve(" ShangHaiHongQiao ").unwrap()),
            vec!["上海虹桥"]
        );
    }

    #[test]
    fn a_shared_pinyin_matches_every_station_with_it() {
        assert!(resolve("binzhou").unwrap().stations.len() >= 2);
    }

    #[test]
    fn a_city_matches_all_its_stations() {
        let place = resolve("朝阳").unwrap();
        assert_eq!(place.name, "朝阳");
        assert!(place.stations.len() > 1);
        assert!(place.stations.iter().all(|station| station.city == "朝阳"));
    }

    #[test]
    fn a_station_wins_over_its_city() {
        assert_eq!(names(&resolve("苏州").unwrap()), vec!["苏州"]);
    }

    #[test]
    fn unknown_names_resolve_to_nothing() {
        assert_eq!(resolve("上海西站"), None);
        assert_eq!(resolve("nowhere"), None);
        assert_eq!(resolve(""), None);
    }
}
