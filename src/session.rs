//! The signed-in session: the API token lives in sessionStorage under one key (never in
//! localStorage, a URL or a log) and is mirrored in reactive signals provided by context.

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::User;

const TOKEN_KEY: &str = "zephyr-jobs.token";
const USER_KEY: &str = "zephyr-jobs.user";

/// Who is signed in, as the header shows it. Not secret, so it may be stored beside the token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: i64,
    pub display_name: String,
}

impl From<&User> for SignedInUser {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            display_name: user.display_name(),
        }
    }
}

/// Why the user is on the sign-in page without having chosen to sign out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    /// A request came back 401: the token was revoked or the server forgot it.
    Expired,
}

#[derive(Clone, Copy, Debug)]
pub struct Session {
    token: RwSignal<Option<String>>,
    user: RwSignal<Option<SignedInUser>>,
    ended: RwSignal<Option<SessionEnd>>,
}

impl Session {
    /// The session of this tab, as sessionStorage has it.
    pub fn restore() -> Self {
        let token = SessionStorage::get::<String>(TOKEN_KEY)
            .ok()
            .filter(|t| !t.is_empty());
        let user = token
            .as_ref()
            .and_then(|_| SessionStorage::get::<SignedInUser>(USER_KEY).ok());
        Self {
            token: RwSignal::new(token),
            user: RwSignal::new(user),
            ended: RwSignal::new(None),
        }
    }

    pub fn is_signed_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    pub fn user(&self) -> Option<SignedInUser> {
        self.user.get()
    }

    pub fn user_untracked(&self) -> Option<SignedInUser> {
        self.user.get_untracked()
    }

    /// Why the last session ended, if it did not end by choice.
    pub fn ended(&self) -> Option<SessionEnd> {
        self.ended.get()
    }

    /// The token for a request, read at call time without subscribing.
    pub fn token_untracked(&self) -> Option<String> {
        self.token.get_untracked()
    }

    pub fn begin(&self, token: String, user: &User) {
        let user = SignedInUser::from(user);
        // Storage can be unavailable (private modes, quotas): the session then lasts as long
        // as the page, which is still correct.
        let _ = SessionStorage::set(TOKEN_KEY, &token);
        let _ = SessionStorage::set(USER_KEY, &user);
        self.ended.set(None);
        self.user.set(Some(user));
        self.token.set(Some(token));
    }

    /// Why the last session ended, read without subscribing (e.g. while a page is torn down).
    pub fn ended_untracked(&self) -> Option<SessionEnd> {
        self.ended.try_get_untracked().flatten()
    }

    /// Signs out by choice: forgets the token and everything this tab cached.
    pub fn sign_out(&self) {
        self.end(None);
    }

    /// Ends the session because the server refused the token.
    pub fn expire(&self) {
        self.end(Some(SessionEnd::Expired));
    }

    // The reason is set first: pages torn down by the sign-out read it to keep their typing.
    fn end(&self, why: Option<SessionEnd>) {
        self.ended.set(why);
        SessionStorage::clear();
        self.user.set(None);
        self.token.set(None);
    }
}

/// The token as this tab's storage holds it, read without the reactive system (the panic hook
/// uses it to scrub the token out of what it shows).
pub fn stored_token() -> Option<String> {
    SessionStorage::get::<String>(TOKEN_KEY)
        .ok()
        .filter(|t| !t.is_empty())
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
