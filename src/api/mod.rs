//! The thin HTTP layer over the seven grabTicket endpoints: one method per endpoint, typed
//! models that tolerate the vendor's loose typing, and an error type that keeps transport,
//! HTTP status, undecodable bodies and API refusals apart.

mod client;
mod codes;
mod error;
mod lenient;
pub mod models;
mod order_request;

pub use client::{Client, DEFAULT_ENDPOINT, MAX_BODY_BYTES, TicketType};
pub use codes::meaning as error_code_meaning;
pub use error::ApiError;
pub use order_request::{OrderPassenger, OrderRequest, SelfPurchase};
