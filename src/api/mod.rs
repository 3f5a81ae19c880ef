//! The thin HTTP layer over the seven grabTicket endpoints.

mod codes;
mod error;

pub use codes::meaning as error_code_meaning;
pub use error::ApiError;
