//! The parameters of submitOrder, built from checked values and written as the vendor's form.

use serde_json::json;

use crate::redact::Secret;

/// A 12306 account for self-purchase mode (ticketModel 1).
#[derive(Debug, Clone)]
pub struct SelfPurchase {
    pub user: String,
    pub password: Secret,
}

#[derive(Debug, Clone)]
pub struct OrderPassenger {
    pub name: String,
    /// passengerType: 1 adult, 2 child.
    pub passenger_type: u8,
    /// idCardType as submitOrder documents it, 0-based (`dict::IdType::request_code`).
    pub id_card_type: u8,
    pub id_card_no: String,
    /// YYYY-MM-DD.
    pub birthday: String,
}

#[derive(Debug, Clone)]
pub struct OrderRequest {
    pub query_key: String,
    pub out_order_no: String,
    pub self_purchase: Option<SelfPurchase>,
    pub train_nos: Vec<String>,
    pub seat_codes: Vec<String>,
    /// Sent whenever several trains or seat classes are.
    pub main_train_no: String,
    pub main_seat_code: String,
    pub from_station: String,
    pub to_station: String,
    /// The main train's departure, `YYYY-MM-DD HH:MM`.
    pub depart: String,
    /// `YYYY-MM-DD HH:MM:SS`.
    pub close_time: String,
    pub accept_no_seat: bool,
    pub person: String,
    pub cellphone: String,
    pub email: String,
    pub passengers: Vec<OrderPassenger>,
}

impl OrderRequest {
    fn has_alternatives(&self) -> bool {
        self.train_nos.len() > 1 || self.seat_codes.len() > 1
    }

    /// The form fields in the reference's order (the key is added by the client).
    pub fn form(&self) -> Vec<(&'static str, String)> {
        let mut form = vec![
            ("queryKey", self.query_key.clone()),
            ("outOrderNo", self.out_order_no.clone()),
            (
                "ticketModel",
                if self.self_purchase.is_some() {
                    "1"
                } else {
                    "0"
                }
                .to_string(),
            ),
        ];
        if let Some(account) = &self.self_purchase {
            form.push(("accountNo", account.user.clone()));
            form.push(("accountPwd", account.password.expose().to_string()));
        }
        form.push(("trainNo", self.train_nos.join("|")));
        form.push(("seatClassCode", self.seat_codes.join("|")));
        if self.has_alternatives() {
            form.push(("mainTrainNo", self.main_train_no.clone()));
            form.push(("mainSeatClass", self.main_seat_code.clone()));
        }
        form.extend([
            ("fromStation", self.from_station.clone()),
            ("toStation", self.to_station.clone()),
            ("departDate", self.depart.clone()),
            ("closeTime", self.close_time.clone()),
            (
                "acceptNoSeat",
                if self.accept_no_seat { "1" } else { "0" }.to_string(),
            ),
            ("person", self.person.clone()),
            ("cellphone", self.cellphone.clone()),
            ("email", self.email.clone()),
            ("passengers", self.passengers_json()),
        ]);
        form
    }

    fn passengers_json(&self) -> String {
        let passengers: Vec<serde_json::Value> = self
            .passengers
            .iter()
            .map(|p| {
                json!({
                    "passengerName": p.name,
                    "passengerType": p.passenger_type.to_string(),
                    "idCardType": p.id_card_type.to_string(),
                    "idCardNo": p.id_card_no,
                    "birthday": p.birthday,
                })
            })
            .collect();
        serde_json::Value::Array(passengers).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> OrderRequest {
        OrderRequest {
            query_key: "q".into(),
            out_order_no: "GRAB0001".into(),
            self_purchase: None,
            train_nos: vec!["G7066".into()],
            seat_codes: vec!["secondseat".into()],
            main_train_no: "G7066".into(),
            main_seat_code: "secondseat".into(),
            from_station: "上海西".into(),
            to_station: "苏州园区".into(),
            depart: "2026-12-30 09:02".into(),
            close_time: "2026-12-30 07:02:00".into(),
            accept_no_seat: false,
            person: "张三".into(),
            cellphone: "13800138000".into(),
            email: String::new(),
            passengers: vec![OrderPassenger {
                name: "张三".into(),
                passenger_type: 1,
                id_card_type: 0,
                id_card_no: "11010519491231002X".into(),
                birthday: "1949-12-31".into(),
            }],
        }
    }

    fn field<'a>(form: &'a [(&str, String)], name: &str) -> Option<&'a str> {
        form.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    #[test]
    fn one_train_and_one_seat_send_no_main_fields() {
        let form = request().form();
        assert_eq!(field(&form, "ticketModel"), Some("0"));
        assert_eq!(field(&form, "mainTrainNo"), None);
        assert_eq!(field(&form, "accountPwd"), None);
        let passengers: serde_json::Value =
            serde_json::from_str(field(&form, "passengers").unwrap()).unwrap();
        assert_eq!(passengers[0]["idCardType"], "0");
        assert_eq!(passengers[0]["passengerType"], "1");
    }

    #[test]
    fn alternatives_are_pipe_separated_with_the_main_ones_named() {
        let mut order = request();
        order.train_nos.push("G7068".into());
        order.self_purchase = Some(SelfPurchase {
            user: "me".into(),
            password: Secret::new("pw"),
        });
        let form = order.form();
        assert_eq!(field(&form, "trainNo"), Some("G7066|G7068"));
        assert_eq!(field(&form, "mainTrainNo"), Some("G7066"));
        assert_eq!(field(&form, "mainSeatClass"), Some("secondseat"));
        assert_eq!(field(&form, "ticketModel"), Some("1"));
        assert_eq!(field(&form, "accountPwd"), Some("pw"));
    }
}
