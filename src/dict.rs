//! The vendor's data dictionary: the code tables of the reference, built in, plus the short
//! section names `grab dict` takes.
//!
//! The built-in copy (`src/data/dictionary.json`, the reference's dataDictionary sample) supplies
//! every meaning shown elsewhere (D → 抢票中, secondseat → 二等座), so output never needs a
//! network call to explain a code. A live answer from dataDictionary.php decodes into the same
//! type.

use std::sync::OnceLock;

use serde_json::Value;

const BUILTIN_JSON: &str = include_str!("data/dictionary.json");

/// A dictionary section by the short name users type, with the vendor's key beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionName {
    SeatClass,
    Seat,
    TrainClass,
    OrderStatus,
    TicketState,
    MsgCode,
    IdType,
    PassengerType,
    RefundType,
    Tips,
}

impl SectionName {
    pub const ALL: [SectionName; 10] = [
        SectionName::SeatClass,
        SectionName::Seat,
        SectionName::TrainClass,
        SectionName::OrderStatus,
        SectionName::TicketState,
        SectionName::MsgCode,
        SectionName::IdType,
        SectionName::PassengerType,
        SectionName::RefundType,
        SectionName::Tips,
    ];

    pub fn short(self) -> &'static str {
        match self {
            SectionName::SeatClass => "seat-class",
            SectionName::Seat => "seat",
            SectionName::TrainClass => "train-class",
            SectionName::OrderStatus => "order-status",
            SectionName::TicketState => "ticket-state",
            SectionName::MsgCode => "msg-code",
            SectionName::IdType => "id-type",
            SectionName::PassengerType => "passenger-type",
            SectionName::RefundType => "refund-type",
            SectionName::Tips => "tips",
        }
    }

    /// The key of this section in the vendor's dataDictionary result.
    pub fn vendor_key(self) -> &'static str {
        match self {
            SectionName::SeatClass => "seatClassCode",
            SectionName::Seat => "seatClass",
            SectionName::TrainClass => "trainClass",
            SectionName::OrderStatus => "orderStatus",
            SectionName::TicketState => "ticketStateCode",
            SectionName::MsgCode => "msgCode",
            SectionName::IdType => "idType",
            SectionName::PassengerType => "passengerType",
            SectionName::RefundType => "refundType",
            SectionName::Tips => "tips",
        }
    }

    pub fn parse(text: &str) -> Option<SectionName> {
        let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
        SectionName::ALL.into_iter().find(|section| {
            section.short() == wanted || section.vendor_key().eq_ignore_ascii_case(text)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    pub name: String,
    pub vendor_key: String,
    pub note: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub code: String,
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dictionary {
    pub tips: Vec<String>,
    pub sections: Vec<Section>,
}

impl Dictionary {
    /// Reads a dataDictionary `result` object. Sections the vendor adds later are kept under
    /// their own key; a section of the wrong shape is skipped rather than failing the whole.
    pub fn from_result(result: &Value) -> Option<Dictionary> {
        let object = result.as_object()?;
        let tips = object
            .get("tips")
            .and_then(Value::as_array)
            .map(|tips| {
                tips.iter()
                    .filter_map(|tip| tip.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();

        let sections = object
            .iter()
            .filter(|(key, _)| key.as_str() != "tips")
            .filter_map(|(key, value)| section_from_value(key, value))
            .collect();
        Some(Dictionary { tips, sections })
    }

    pub fn section(&self, name: SectionName) -> Option<&Section> {
        self.sections
            .iter()
            .find(|section| section.vendor_key == name.vendor_key())
    }

    pub fn meaning(&self, name: SectionName, code: &str) -> Option<&str> {
        let section = self.section(name)?;
        let entry = section
            .entries
            .iter()
            .find(|entry| entry.code == code.trim())?;
        Some(&entry.meaning)
    }
}

fn section_from_value(key: &str, value: &Value) -> Option<Section> {
    let data = value.get("data")?.as_object()?;
    let entries = data
        .iter()
        .map(|(code, meaning)| Entry {
            code: code.clone(),
            meaning: meaning
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| meaning.to_string()),
        })
        .collect();
    let name = SectionName::ALL
        .into_iter()
        .find(|section| section.vendor_key() == key)
        .map_or_else(|| key.to_string(), |section| section.short().to_string());
    Some(Section {
        name,
        vendor_key: key.to_string(),
        note: value
            .get("msg")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        entries,
    })
}

/// The reference's dictionary, parsed once.
pub fn builtin() -> &'static Dictionary {
    static BUILTIN: OnceLock<Dictionary> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let value: Value = serde_json::from_str(BUILTIN_JSON).unwrap_or(Value::Null);
        Dictionary::from_result(&value).unwrap_or(Dictionary {
            tips: vec![],
            sections: vec![],
        })
    })
}

/// 二等座 for `secondseat`; search and orderDetail name seat classes by code.
pub fn seat_class_name(code: &str) -> Option<&'static str> {
    builtin().meaning(SectionName::SeatClass, code)
}

/// 二等座 for `4`; pushes number seat classes instead.
pub fn seat_number_name(number: &str) -> Option<&'static str> {
    builtin().meaning(SectionName::Seat, number)
}

pub fn train_class_name(code: &str) -> Option<&'static str> {
    builtin().meaning(SectionName::TrainClass, code)
}

pub fn order_status_meaning(code: &str) -> Option<&'static str> {
    builtin().meaning(SectionName::OrderStatus, code)
}

pub fn ticket_state_meaning(code: &str) -> Option<&'static str> {
    builtin().meaning(SectionName::TicketState, code)
}

pub fn msg_code_meaning(code: &str) -> Option<&'static str> {
    builtin().meaning(SectionName::MsgCode, code)
}

/// The kinds of identity document, with the vendor's two numberings kept side by side.
///
/// submitOrder's `idCardType` is documented 0-based (0 身份证 … 3 港澳通行证), while the
/// dictionary's `idType` and the `idType`/`cardType` of responses and pushes count from 1.
/// Requests follow the parameter's own text; responses are read 1-based (design.md,
/// "Readings"). If the vendor says otherwise, these two functions are the only lines to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    IdCard,
    Passport,
    TaiwanPermit,
    HkMacauPermit,
}

impl IdType {
    /// The value sent as submitOrder's `idCardType`.
    pub fn request_code(self) -> u8 {
        match self {
            IdType::IdCard => 0,
            IdType::Passport => 1,
            IdType::TaiwanPermit => 2,
            IdType::HkMacauPermit => 3,
        }
    }

    /// Reads `idType`/`cardType` from a response or a push.
    pub fn from_response_code(code: &str) -> Option<IdType> {
        match code.trim() {
            "1" => Some(IdType::IdCard),
            "2" => Some(IdType::Passport),
            "3" => Some(IdType::TaiwanPermit),
            "4" => Some(IdType::HkMacauPermit),
            _ => None,
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            IdType::IdCard => "身份证",
            IdType::Passport => "护照",
            IdType::TaiwanPermit => "台胞证",
            IdType::HkMacauPermit => "港澳通行证",
        }
    }
}

/// Passenger (ticket) types; the vendor numbers them the same way everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassengerType {
    Adult,
    Child,
    Student,
    DisabledMilitary,
}

impl PassengerType {
    pub fn code(self) -> u8 {
        match self {
            PassengerType::Adult => 1,
            PassengerType::Child => 2,
            PassengerType::Student => 3,
            PassengerType::DisabledMilitary => 4,
        }
    }

    pub fn from_code(code: &str) -> Option<PassengerType> {
        match code.trim() {
            "1" => Some(PassengerType::Adult),
            "2" => Some(PassengerType::Child),
            "3" => Some(PassengerType::Student),
            "4" => Some(PassengerType::DisabledMilitary),
            _ => None,
        }
    }

    /// Student and disabled-military tickets cannot be grab-ordered (the vendor's tips).
    pub fn can_grab(self) -> bool {
        matches!(self, PassengerType::Adult | PassengerType::Child)
    }

    pub fn meaning(self) -> &'static str {
        match self {
            PassengerType::Adult => "成人",
            PassengerType::Child => "儿童",
            PassengerType::Student => "学生票",
            PassengerType::DisabledMilitary => "残军票",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionary_has_every_section() {
        for section in SectionName::ALL
            .into_iter()
            .filter(|s| *s != SectionName::Tips)
        {
            assert!(
                builtin().section(section).is_some(),
                "{} missing",
                section.short()
            );
        }
        assert_eq!(builtin().tips.len(), 13);
    }

    #[test]
    fn the_reference_data_dictionary_sample_decodes_to_the_builtin_copy() {
        let envelope: Value =
            serde_json::from_str(include_str!("../tests/fixtures/dictionary.json")).unwrap();
        let live = Dictionary::from_result(&envelope["result"]).unwrap();
        assert_eq!(&live, builtin());
    }

    #[test]
    fn meanings_come_from_the_reference() {
        assert_eq!(order_status_meaning("D"), Some("抢票中"));
        assert_eq!(seat_class_name("secondseat"), Some("二等座"));
        assert_eq!(seat_number_name("4"), Some("二等座"));
        assert_eq!(ticket_state_meaning("T"), Some("已退票"));
        assert_eq!(
            msg_code_meaning("216"),
            Some("距离发车时间太近,无法执行此操作")
        );
        assert_eq!(train_class_name("GD"), Some("高速动车"));
    }

    #[test]
    fn section_names_parse_short_and_vendor_forms() {
        assert_eq!(
            SectionName::parse("seat-class"),
            Some(SectionName::SeatClass)
        );
        assert_eq!(
            SectionName::parse("seatClassCode"),
            Some(SectionName::SeatClass)
        );
        assert_eq!(
            SectionName::parse("order_status"),
            Some(SectionName::OrderStatus)
        );
        assert_eq!(SectionName::parse("nope"), None);
    }

    #[test]
    fn id_types_are_zero_based_in_requests_and_one_based_in_responses() {
        assert_eq!(IdType::IdCard.request_code(), 0);
        assert_eq!(IdType::HkMacauPermit.request_code(), 3);
        assert_eq!(IdType::from_response_code("1"), Some(IdType::IdCard));
        assert_eq!(IdType::from_response_code("4"), Some(IdType::HkMacauPermit));
        assert_eq!(IdType::from_response_code("0"), None);
    }
}
