//! Typed answers of the endpoints, decoded from the vendor's JSON with its quirks tolerated
//! (see `lenient`). These mirror the vendor's shapes; `--json` output has its own structs.

use serde::Deserialize;
use serde::de::{Deserializer, Error};
use serde_json::Value;

use super::lenient;

/// search.php's result.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    #[serde(deserialize_with = "lenient::text")]
    pub query_key: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub from_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub from_station_code: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub to_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub to_station_code: String,
    /// yyyyMMdd, as the vendor writes it.
    #[serde(default, deserialize_with = "lenient::text")]
    pub train_date: String,
    #[serde(default, deserialize_with = "list_or_null")]
    pub trains: Vec<Train>,
    #[serde(default, deserialize_with = "list_or_null")]
    pub froms: Vec<StationRef>,
    #[serde(default, deserialize_with = "list_or_null")]
    pub tos: Vec<StationRef>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StationRef {
    #[serde(default, deserialize_with = "lenient::text")]
    pub station: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Train {
    #[serde(default, deserialize_with = "lenient::count")]
    pub serial_number: u32,
    #[serde(deserialize_with = "lenient::text")]
    pub train_no: String,
    /// HH:MM departure from `from_station`.
    #[serde(deserialize_with = "lenient::text")]
    pub from_time: String,
    /// The arrival at the departure station (see design.md, "Readings"); not the arrival at
    /// the destination, which is `from_time + run_time_span`.
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub to_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub from_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub from_station_code: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub to_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub to_station_code: String,
    /// Minutes on the way.
    #[serde(deserialize_with = "lenient::count")]
    pub run_time_span: u32,
    #[serde(default, deserialize_with = "lenient::count")]
    pub from_pass_type: u32,
    #[serde(default, deserialize_with = "lenient::count")]
    pub to_pass_type: u32,
    /// 0 not bookable, 1 bookable, 2 nothing bookable, 3 closed half an hour before departure.
    #[serde(default, deserialize_with = "lenient::count")]
    pub book_state: u32,
    #[serde(default, deserialize_with = "lenient::text")]
    pub train_class: String,
    #[serde(default, deserialize_with = "seat_offers")]
    pub tickets: Vec<SeatOffer>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub miles: f64,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub note: Option<String>,
}

impl Train {
    pub fn is_bookable(&self) -> bool {
        self.book_state == 1
    }

    pub fn seat(&self, code: &str) -> Option<&SeatOffer> {
        self.tickets.iter().find(|offer| offer.code == code)
    }
}

/// One seat class of a train, from the `tickets` object keyed by seat class code.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatOffer {
    #[serde(skip)]
    pub code: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub seat_name: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub price: f64,
    /// 0 not bookable, 1 bookable.
    #[serde(default, deserialize_with = "lenient::count")]
    pub seat_state: u32,
    #[serde(default, deserialize_with = "lenient::count")]
    pub seats: u32,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub up_price: f64,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub mid_price: f64,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub down_price: f64,
}

impl SeatOffer {
    pub fn is_bookable(&self) -> bool {
        self.seat_state == 1 && self.seats > 0
    }

    /// Off sale although seats remain (seatState 0). A class with no seats left is sold out
    /// instead, whatever its seatState: the vendor's sample marks its sold-out 软卧 with
    /// seatState 0, and a sold-out class is exactly what a grab order is for.
    pub fn is_closed(&self) -> bool {
        self.seat_state != 1 && self.seats > 0
    }
}

/// The `tickets` object, kept in the vendor's order. PHP writes an empty map as `[]`.
fn seat_offers<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<SeatOffer>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) if items.is_empty() => Ok(Vec::new()),
        Value::Object(map) => map
            .into_iter()
            .map(|(code, value)| {
                let mut offer: SeatOffer = serde_json::from_value(value)
                    .map_err(|e| D::Error::custom(format!("tickets.{code}: {e}")))?;
                offer.code = code;
                Ok(offer)
            })
            .collect(),
        _ => Err(D::Error::custom(
            "tickets: expected an object keyed by seat class",
        )),
    }
}

/// A list that the vendor may send as `null`.
fn list_or_null<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH_SAMPLE: &str = include_str!("../../tests/fixtures/search.json");

    fn sample_result() -> SearchResult {
        let envelope: Value = serde_json::from_str(SEARCH_SAMPLE).unwrap();
        serde_json::from_value(envelope["result"].clone()).unwrap()
    }

    #[test]
    fn the_reference_search_sample_decodes() {
        let result = sample_result();
        assert_eq!(result.query_key, "6d31300d58be4d239af4039c71ddc313");
        assert_eq!(result.train_date, "20150514");
        let train = &result.trains[0];
        assert_eq!(train.train_no, "G7066");
        assert_eq!(train.run_time_span, 28);
        assert_eq!(train.to_time.as_deref(), Some("09:00"));
        let codes: Vec<&str> = train.tickets.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(
            codes,
            ["secondseat", "firstseat", "businessseat", "softsleeperdown"]
        );
        let second = train.seat("secondseat").unwrap();
        assert_eq!((second.seats, second.price), (490, 29.5));
        assert!(second.is_bookable());
        let sold_out = train.seat("softsleeperdown").unwrap();
        assert!(!sold_out.is_bookable());
        assert!(
            !sold_out.is_closed(),
            "seatState 0 with no seats left reads as sold out"
        );
        assert_eq!(result.froms[0].station, "上海西");
    }

    #[test]
    fn empty_tickets_written_as_a_php_array_decode_as_none() {
        let json = r#"{"trainNo":"K1","fromTime":"08:00","runTimeSpan":"60","tickets":[]}"#;
        let train: Train = serde_json::from_str(json).unwrap();
        assert!(train.tickets.is_empty());
    }

    #[test]
    fn a_seat_count_that_is_not_a_number_is_an_error_naming_the_seat() {
        let json = r#"{"trainNo":"K1","fromTime":"08:00","runTimeSpan":"60",
            "tickets":{"hardseat":{"price":1,"seats":"lots"}}}"#;
        let error = serde_json::from_str::<Train>(json).unwrap_err().to_string();
        assert!(error.contains("tickets.hardseat"), "{error}");
    }
}

/// submitOrder.php's result.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmittedOrder {
    #[serde(deserialize_with = "lenient::text")]
    pub order_no: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub out_order_no: String,
}

/// orderDetail.php without `issue`: the grab order as it stands.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingOrder {
    /// An orderStatus code: N, B, D, F, U, O, C, T, E.
    #[serde(deserialize_with = "lenient::text")]
    pub status: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub order_no: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub from_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub to_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub depart_date: String,
    /// The trains being grabbed, `|`-separated as submitted.
    #[serde(default, deserialize_with = "lenient::text")]
    pub train_no: String,
    /// Seat classes; the sample shows a Chinese name (硬座) where search uses codes.
    #[serde(default, deserialize_with = "lenient::text")]
    pub seat_class: String,
    #[serde(default, deserialize_with = "list_or_null")]
    pub passengers: Vec<PendingPassenger>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub main_train_no: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub main_seat_class: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub fail_msg: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub grab_end_time: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingPassenger {
    #[serde(default, deserialize_with = "lenient::text")]
    pub passenger_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub passenger_type: String,
    /// Masked by the vendor (320382XXXXXXX3916).
    #[serde(default, deserialize_with = "lenient::text")]
    pub certificate_no: String,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub ticket_price: f64,
}

/// orderDetail.php with `issue=1`: the order with its tickets.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedOrder {
    #[serde(default, deserialize_with = "lenient::text")]
    pub order_no: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub out_order_no: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub train_no: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub train_date: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub from_station: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub to_station: String,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub departure_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub arrival_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub order_state: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub order_state_code: String,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub failure_reason: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub issue_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub order_price: f64,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub ticket_no: Option<String>,
    #[serde(default, deserialize_with = "list_or_null")]
    pub passengers: Vec<IssuedTicket>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedTicket {
    /// Needed to refund this ticket.
    #[serde(default, deserialize_with = "lenient::text")]
    pub passenger_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub passenger_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub passenger_type: String,
    /// 1-based, unlike submitOrder's idCardType (see `dict::IdType`).
    #[serde(default, deserialize_with = "lenient::text")]
    pub id_type: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub id_card: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub seat_class: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub seat_class_name: String,
    /// Coach and seat, as `07车厢,009号`.
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub seat_no: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_text")]
    pub p_ticket_no: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub ticket_state_code: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub ticket_state: String,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub ticket_price: f64,
}

/// cancelOrder.php's result.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelledOrder {
    #[serde(default, deserialize_with = "lenient::text")]
    pub order_no: String,
}

/// applyRefundOrder.php's result: the request was taken; the outcome comes by push.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRequested {
    #[serde(default, deserialize_with = "lenient::text")]
    pub order_no: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub passenger_id: String,
}

#[cfg(test)]
mod order_sample_tests {
    use super::*;

    fn result_of<T: serde::de::DeserializeOwned>(fixture: &str) -> T {
        let envelope: Value = serde_json::from_str(fixture).unwrap();
        serde_json::from_value(envelope["result"].clone()).unwrap()
    }

    #[test]
    fn the_reference_submit_sample_decodes() {
        let order: SubmittedOrder =
            result_of(include_str!("../../tests/fixtures/submit_order.json"));
        assert_eq!(order.order_no, "TFT583U752U210D284004800356");
        assert_eq!(order.out_order_no, "2016113001");
    }

    #[test]
    fn the_reference_pending_detail_sample_decodes() {
        let order: PendingOrder = result_of(include_str!(
            "../../tests/fixtures/order_detail_pending.json"
        ));
        assert_eq!(order.status, "U");
        assert_eq!(order.main_train_no, None);
        assert!(
            order
                .fail_msg
                .unwrap()
                .starts_with("乘客身份信息未通过验证")
        );
        assert_eq!(order.passengers[0].passenger_type, "1");
        assert_eq!(order.grab_end_time.as_deref(), Some("2016-11-30T18:00:00"));
    }

    #[test]
    fn the_reference_issued_detail_sample_decodes() {
        let order: IssuedOrder = result_of(include_str!(
            "../../tests/fixtures/order_detail_issued.json"
        ));
        assert_eq!(order.order_state_code, "F");
        assert_eq!(order.order_price, 9.0);
        let ticket = &order.passengers[0];
        assert_eq!(ticket.passenger_id, "623838773");
        assert_eq!(ticket.seat_no.as_deref(), Some("07车厢,009号"));
        assert_eq!(ticket.ticket_price, 9.0);
        assert_eq!(ticket.id_type, "1");
    }

    #[test]
    fn the_reference_cancel_and_refund_samples_decode() {
        let cancelled: CancelledOrder =
            result_of(include_str!("../../tests/fixtures/cancel_ok.json"));
        assert_eq!(cancelled.order_no, "TFT583U7A64210D1BB016912627");
        let refund: RefundRequested =
            result_of(include_str!("../../tests/fixtures/refund_ok.json"));
        assert_eq!(refund.passenger_id, "615151438");
    }
}
