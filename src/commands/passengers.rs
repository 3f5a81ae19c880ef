//! Passengers for a grab order: config profiles picked by name (or from a list on a
//! terminal), checked against the vendor's rules and turned into submitOrder's fields.

use chrono::NaiveDate;

use crate::api::OrderPassenger;
use crate::config::PassengerProfile;
use crate::context::Context;
use crate::dict::IdType;
use crate::error::{Error, Result};
use crate::validate;

/// The vendor's limit on passengers per grab order.
pub const MAX_PASSENGERS: usize = 5;

/// The profiles named with `-p`, or chosen at a prompt when none are named.
pub fn select<'a>(ctx: &'a Context, names: &[String]) -> Result<Vec<&'a PassengerProfile>> {
    let profiles = &ctx.config.config.passengers;
    if profiles.is_empty() {
        return Err(Error::usage(format!(
            "no passenger profiles: add [[passengers]] to {} (see config.example.toml)",
            ctx.config.path.display()
        )));
    }
    let selected = if names.is_empty() {
        prompt(ctx, profiles)?
    } else {
        by_name(profiles, names)?
    };

    if selected.is_empty() {
        return Err(Error::usage("no passengers chosen; name them with -p NAME"));
    }
    if selected.len() > MAX_PASSENGERS {
        return Err(Error::usage(format!(
            "{} passengers given; a grab order takes at most {MAX_PASSENGERS}",
            selected.len()
        )));
    }
    Ok(selected)
}

fn by_name<'a>(
    profiles: &'a [PassengerProfile],
    names: &[String],
) -> Result<Vec<&'a PassengerProfile>> {
    let mut selected: Vec<&PassengerProfile> = Vec::new();
    for name in names {
        let profile = profiles
            .iter()
            .find(|profile| profile.name == name.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = profiles
                    .iter()
                    .map(|profile| profile.name.as_str())
                    .collect();
                Error::usage(format!(
                    "no passenger profile named `{name}`; profiles: {}",
                    known.join(", ")
                ))
            })?;
        if selected.iter().any(|already| already.name == profile.name) {
            return Err(Error::usage(format!("passenger `{name}` is given twice")));
        }
        selected.push(profile);
    }
    Ok(selected)
}

fn prompt<'a>(
    ctx: &Context,
    profiles: &'a [PassengerProfile],
) -> Result<Vec<&'a PassengerProfile>> {
    if !ctx.interactive {
        return Err(Error::usage(
            "name the passengers with -p NAME (no terminal to choose them on)",
        ));
    }
    let labels: Vec<String> = profiles
        .iter()
        .map(|p| format!("{} ({})", p.name, p.passenger_type.meaning()))
        .collect();
    let chosen = dialoguer::MultiSelect::new()
        .with_prompt("Passengers (space to choose, enter to confirm)")
        .items(&labels)
        .interact()
        .map_err(|e| Error::Internal(format!("cannot read the choice: {e}")))?;
    Ok(chosen
        .into_iter()
        .filter_map(|index| profiles.get(index))
        .collect())
}

/// Checks one profile against the vendor's rules and builds its submitOrder entry.
pub fn to_order_passenger(profile: &PassengerProfile, today: NaiveDate) -> Result<OrderPassenger> {
    let refuse = |reason: String| Error::usage(format!("passenger `{}`: {reason}", profile.name));

    if !profile.passenger_type.can_grab() {
        return Err(refuse(format!(
            "{} tickets cannot be grab-ordered (the vendor takes adult and child tickets only)",
            profile.passenger_type.meaning()
        )));
    }
    let birthday = match profile.id_type {
        IdType::IdCard => {
            let carried = validate::id_card_birthday(&profile.id_no, today).map_err(refuse)?;
            if let Some(given) = &profile.birthday {
                let given = validate::birthday(given, today).map_err(refuse)?;
                if given != carried {
                    return Err(refuse(format!(
                        "birthday {given} differs from the ID number's {carried}"
                    )));
                }
            }
            carried
        }
        other => {
            let text = profile.birthday.as_deref().ok_or_else(|| {
                refuse(format!(
                    "a {} needs a birthday in the profile (YYYY-MM-DD)",
                    other.meaning()
                ))
            })?;
            if profile.id_no.trim().is_empty() {
                return Err(refuse("the document number `id_no` is empty".to_string()));
            }
            validate::birthday(text, today).map_err(refuse)?
        }
    };

    Ok(OrderPassenger {
        name: profile.name.clone(),
        passenger_type: profile.passenger_type.code(),
        id_card_type: profile.id_type.request_code(),
        id_card_no: profile.id_no.trim().to_ascii_uppercase(),
        birthday: birthday.format("%Y-%m-%d").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::PassengerType;

    fn profile(
        passenger_type: PassengerType,
        id_type: IdType,
        id_no: &str,
        birthday: Option<&str>,
    ) -> PassengerProfile {
        PassengerProfile {
            name: "张三".into(),
            passenger_type,
            id_type,
            id_no: id_no.into(),
            birthday: birthday.map(String::from),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn an_id_card_profile_takes_its_birthday_from_the_number() {
        let adult = profile(
            PassengerType::Adult,
            IdType::IdCard,
            "11010519491231002x",
            None,
        );
        let passenger = to_order_passenger(&adult, today()).unwrap();
        assert_eq!(passenger.birthday, "1949-12-31");
        assert_eq!(passenger.id_card_no, "11010519491231002X");
        assert_eq!((passenger.passenger_type, passenger.id_card_type), (1, 0));
    }

    #[test]
    fn student_and_disabled_military_tickets_are_refused() {
        for kind in [PassengerType::Student, PassengerType::DisabledMilitary] {
            let p = profile(kind, IdType::IdCard, "11010519491231002X", None);
            assert!(
                to_order_passenger(&p, today())
                    .unwrap_err()
                    .to_string()
                    .contains("cannot be grab-ordered")
            );
        }
    }

    #[test]
    fn other_documents_need_a_birthday() {
        let passport = profile(PassengerType::Adult, IdType::Passport, "E12345678", None);
        assert!(
            to_order_passenger(&passport, today())
                .unwrap_err()
                .to_string()
                .contains("needs a birthday")
        );
        let passport = profile(
            PassengerType::Adult,
            IdType::Passport,
            "E12345678",
            Some("1985-04-12"),
        );
        assert_eq!(
            to_order_passenger(&passport, today()).unwrap().id_card_type,
            1
        );
    }

    #[test]
    fn a_birthday_contradicting_the_id_number_is_refused() {
        let p = profile(
            PassengerType::Adult,
            IdType::IdCard,
            "11010519491231002X",
            Some("1950-01-01"),
        );
        assert!(
            to_order_passenger(&p, today())
                .unwrap_err()
                .to_string()
                .contains("differs")
        );
    }
}
