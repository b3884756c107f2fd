//! Typing kept in memory while its form is off screen: the two create forms hand their draft to
//! each other, and a form whose session ends under it (a 401 from any request) keeps its draft
//! until the same user signs in again and is brought back to it. In memory only, never in
//! storage: it holds no token, a reload or sign-out by choice forgets it, and another user who
//! signs in on the tab never sees it.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::JobInput;

/// Drafts by the pathname of the form they belong to. Provided once, at the app's root.
#[derive(Clone, Copy)]
pub struct DraftStash(StoredValue<HashMap<String, Stashed>>);

struct Stashed {
    user: Option<i64>,
    input: JobInput,
}

impl DraftStash {
    pub fn new() -> Self {
        Self(StoredValue::new(HashMap::new()))
    }

    /// Keeps `input` for the form at `route`, for `user` only.
    pub fn put(&self, route: &str, user: Option<i64>, input: JobInput) {
        self.0.try_update_value(|drafts| {
            drafts.insert(route.to_string(), Stashed { user, input });
        });
    }

    /// The draft kept for the form at `route`, once, if `user` is the one who typed it.
    pub fn take(&self, route: &str, user: Option<i64>) -> Option<JobInput> {
        self.0
            .try_update_value(|drafts| drafts.remove(route))
            .flatten()
            .filter(|kept| kept.user == user)
            .map(|kept| kept.input)
    }

    pub fn clear(&self) {
        self.0.try_update_value(HashMap::clear);
    }
}

impl Default for DraftStash {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_draft_stash() -> DraftStash {
    expect_context::<DraftStash>()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn typed(name: &str) -> JobInput {
        JobInput {
            job_name: name.into(),
            ..JobInput::default()
        }
    }

    #[test]
    fn a_draft_goes_back_once_to_its_form_and_only_to_the_user_who_typed_it() {
        let stash = DraftStash::new();
        stash.put("/jobs/new", Some(1), typed("Nightly"));
        assert_eq!(stash.take("/jobs/new/execute", Some(1)), None);
        assert_eq!(stash.take("/jobs/new", Some(1)), Some(typed("Nightly")));
        assert_eq!(stash.take("/jobs/new", Some(1)), None, "taken once");

        stash.put("/jobs/4100/edit", Some(1), typed("Renamed"));
        assert_eq!(stash.take("/jobs/4100/edit", Some(2)), None, "another user");
        assert_eq!(stash.take("/jobs/4100/edit", Some(1)), None, "and gone");

        stash.put("/jobs/new", Some(1), typed("Nightly"));
        stash.clear();
        assert_eq!(stash.take("/jobs/new", Some(1)), None, "sign-out forgets");
    }
}
