//! Orders and refund requests in the sandbox state.
//!
//! Only facts are stored: what the submit asked for (with the ticket numbers drawn for it),
//! when it was created, when it was cancelled, when each refund was asked. States are derived
//! from these facts and the clock (`orders::lifecycle`). The outOrderNo is the primary key, so
//! two processes submitting the same number cannot both create an order.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::sandbox::orders::lifecycle::Outcome;

/// Everything an order was created with, kept as one JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDetails {
    pub query_key: String,
    /// 0 代购, 1 自购 (the account itself is not kept).
    pub ticket_model: u8,
    /// The trainNo parameter, split.
    pub train_nos: Vec<String>,
    /// The seatClassCode parameter, split.
    pub seat_codes: Vec<String>,
    /// mainTrainNo as given; empty when absent.
    pub main_train_no: String,
    /// mainSeatClass as given; empty when absent.
    pub main_seat_class: String,
    /// The train tickets are issued on: the main one.
    pub train: OrderTrain,
    /// The seat class tickets are issued in: the main one.
    pub seat_code: String,
    /// closeTime as Unix milliseconds.
    pub close_ms: i64,
    pub accept_no_seat: bool,
    pub person: String,
    pub cellphone: String,
    pub email: String,
    pub passengers: Vec<OrderPassenger>,
    /// E and nine digits, the order's ticket number once issued.
    pub ticket_no: String,
    pub outcome: Outcome,
    /// Simulated seconds per real second, fixed at creation so every process agrees.
    pub time_scale: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderTrain {
    pub number: String,
    pub from_station: String,
    pub to_station: String,
    /// Departure as Unix milliseconds.
    pub departs_ms: i64,
    pub run_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPassenger {
    /// A numeric string, unique within the order.
    pub passenger_id: String,
    pub name: String,
    /// 1 adult, 2 child.
    pub passenger_type: u8,
    /// submitOrder's 0-based idCardType.
    pub id_type: u8,
    pub id_no: String,
    /// `YYYY-MM-DD`, given or read from a mainland ID number.
    pub birthday: String,
    /// The fare in yuan.
    pub price: f64,
    pub coach: u32,
    pub seat: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRequest {
    pub passenger_id: String,
    pub requested_ms: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredOrder {
    pub out_order_no: String,
    pub order_no: String,
    pub created_ms: i64,
    pub cancelled_ms: Option<i64>,
    pub details: OrderDetails,
    pub refunds: Vec<RefundRequest>,
}

const ORDER_COLUMNS: &str = "out_order_no, order_no, created_ms, cancelled_ms, details";

impl Store {
    /// Saves a new order; `false` when its outOrderNo is taken.
    pub fn insert_order(&self, order: &StoredOrder) -> rusqlite::Result<bool> {
        let details = serde_json::to_string(&order.details)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        let inserted = self.lock().execute(
            "INSERT INTO orders (out_order_no, order_no, created_ms, details)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![
                order.out_order_no,
                order.order_no,
                order.created_ms,
                details
            ],
        )?;
        Ok(inserted == 1)
    }

    pub fn order_exists(&self, out_order_no: &str) -> rusqlite::Result<bool> {
        self.lock()
            .query_row(
                "SELECT 1 FROM orders WHERE out_order_no = ?1",
                params![out_order_no],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
    }

    pub fn find_order(&self, out_order_no: &str) -> rusqlite::Result<Option<StoredOrder>> {
        let connection = self.lock();
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE out_order_no = ?1");
        let order = connection
            .query_row(&sql, params![out_order_no], read_order)
            .optional()?;
        order
            .map(|order| with_refunds(&connection, order))
            .transpose()
    }

    /// Every order, oldest first.
    pub fn orders(&self) -> rusqlite::Result<Vec<StoredOrder>> {
        let connection = self.lock();
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders ORDER BY created_ms, rowid");
        let mut statement = connection.prepare(&sql)?;
        let orders = statement
            .query_map([], read_order)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        orders
            .into_iter()
            .map(|order| with_refunds(&connection, order))
            .collect()
    }

    /// Marks an order cancelled at `now_ms`; `false` when it was cancelled already.
    pub fn cancel_order(&self, out_order_no: &str, now_ms: i64) -> rusqlite::Result<bool> {
        let changed = self.lock().execute(
            "UPDATE orders SET cancelled_ms = ?2
             WHERE out_order_no = ?1 AND cancelled_ms IS NULL",
            params![out_order_no, now_ms],
        )?;
        Ok(changed == 1)
    }

    /// Records a refund request; `false` when this ticket's refund was asked before.
    pub fn request_refund(
        &self,
        out_order_no: &str,
        passenger_id: &str,
        now_ms: i64,
    ) -> rusqlite::Result<bool> {
        let inserted = self.lock().execute(
            "INSERT INTO refunds (out_order_no, passenger_id, requested_ms)
             VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![out_order_no, passenger_id, now_ms],
        )?;
        Ok(inserted == 1)
    }
}

fn read_order(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredOrder> {
    let details: String = row.get(4)?;
    let details = serde_json::from_str(&details).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(error))
    })?;
    Ok(StoredOrder {
        out_order_no: row.get(0)?,
        order_no: row.get(1)?,
        created_ms: row.get(2)?,
        cancelled_ms: row.get(3)?,
        details,
        refunds: Vec::new(),
    })
}

fn with_refunds(connection: &Connection, mut order: StoredOrder) -> rusqlite::Result<StoredOrder> {
    let mut statement = connection.prepare(
        "SELECT passenger_id, requested_ms FROM refunds
         WHERE out_order_no = ?1 ORDER BY requested_ms",
    )?;
    order.refunds = statement
        .query_map(params![order.out_order_no], |row| {
            Ok(RefundRequest {
                passenger_id: row.get(0)?,
                requested_ms: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(order)
}

/// An order for unit tests: one adult and one child on G7066, created at `created_ms`,
/// departing `departs_in_ms` later, closing an hour before departure, at the default scale.
#[cfg(test)]
pub fn test_order(out_order_no: &str, created_ms: i64, departs_in_ms: i64) -> StoredOrder {
    let departs_ms = created_ms + departs_in_ms;
    let passenger = |id: &str, name: &str, passenger_type| OrderPassenger {
        passenger_id: id.to_string(),
        name: name.to_string(),
        passenger_type,
        id_type: 0,
        id_no: "11010519491231002X".to_string(),
        birthday: "1949-12-31".to_string(),
        price: 29.5,
        coach: 7,
        seat: 9,
    };
    StoredOrder {
        out_order_no: out_order_no.to_string(),
        order_no: "TFT0123456789ABCDEF01234567".to_string(),
        created_ms,
        cancelled_ms: None,
        details: OrderDetails {
            query_key: "0".repeat(32),
            ticket_model: 0,
            train_nos: vec!["G7066".to_string()],
            seat_codes: vec!["secondseat".to_string()],
            main_train_no: String::new(),
            main_seat_class: String::new(),
            train: OrderTrain {
                number: "G7066".to_string(),
                from_station: "上海西".to_string(),
                to_station: "苏州园区".to_string(),
                departs_ms,
                run_minutes: 28,
            },
            seat_code: "secondseat".to_string(),
            close_ms: departs_ms - 3_600_000,
            accept_no_seat: false,
            person: "张三".to_string(),
            cellphone: "15990000577".to_string(),
            email: String::new(),
            passengers: vec![
                passenger("623838773", "张三", 1),
                passenger("623838774", "张小三", 2),
            ],
            ticket_no: "E345091034".to_string(),
            outcome: Outcome::for_out_order_no(out_order_no),
            time_scale: 600,
        },
        refunds: Vec::new(),
    }
}
