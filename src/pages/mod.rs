//! One module per route.

pub mod activity;
pub mod job;
pub mod job_form;
pub mod jobs;
pub mod not_found;
pub mod run_timeline;
pub mod sign_in;

use leptos::prelude::*;

/// Whether the page that made it is still on screen. An action that answers after the user left
/// its page must change nothing there and navigate nowhere: its continuation asks this first.
#[derive(Clone, Copy)]
pub struct OnScreen(StoredValue<()>);

impl OnScreen {
    /// Lives as long as the calling component (its owner disposes it).
    pub fn new() -> Self {
        OnScreen(StoredValue::new(()))
    }

    pub fn get(self) -> bool {
        !self.0.is_disposed()
    }
}

impl Default for OnScreen {
    fn default() -> Self {
        Self::new()
    }
}
