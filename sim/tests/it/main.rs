//! End-to-end tests of the simulator over HTTP, written as a tester would use it.
//! One test binary (modules below) so the suite links once.

mod common;

mod answer_shapes;
mod auth;
mod automation;
mod control;
mod faults;
mod lifecycle;
mod lookups;
mod scale;
mod static_files;
mod upload;
mod validation;
