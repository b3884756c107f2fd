//! The Activity page at `/activity`.

pub mod scale;
