//! The state every handler shares: configuration, the store, fault rules and the request log.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::dates::now_ms;
use crate::faults::FaultRule;
use crate::request_log::LogEntry;
use crate::seed_jobs::build_store;
use crate::store::Store;
use crate::SimConfig;

pub type AppState = Arc<Shared>;

pub struct Shared {
    pub config: SimConfig,
    pub store: Mutex<Store>,
    pub faults: Mutex<Vec<FaultRule>>,
    pub requests: Mutex<VecDeque<LogEntry>>,
}

impl Shared {
    pub fn new(config: SimConfig) -> Self {
        let store = seeded(&config);
        Shared {
            faults: Mutex::new(config.faults.clone()),
            store: Mutex::new(store),
            requests: Mutex::new(VecDeque::new()),
            config,
        }
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// Puts the seeded data back; fault rules and the request log are left alone.
    pub fn reset(&self) {
        *self.store() = seeded(&self.config);
    }
}

fn seeded(config: &SimConfig) -> Store {
    let now = now_ms();
    let mut store = build_store(
        config.seed,
        config.speed,
        config.extra_jobs,
        config.hostile_names,
        now,
    );
    if config.odd_values {
        crate::odd_values::seed(&mut store, now);
    }
    store
}

/// Locks ignoring poisoning: a handler that panicked must not take the whole simulator down.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
