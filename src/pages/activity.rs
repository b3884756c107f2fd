//! The Activity page at `/activity`.

pub mod logic;
pub mod scale;
