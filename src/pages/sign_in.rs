//! Sign-in: the user pastes a Zephyr API token; the app checks it against `user/current`, keeps
//! it in the session and returns to the page the user came from.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::{use_api, ApiError, Undecodable, User};
use crate::components::announcer::Announce;
use crate::page_title::use_page_title;
use crate::session::{use_session, SessionEnd};

/// A token as pasted, trimmed; rejects what cannot be a token without guessing its format.
pub fn clean_token(raw: &str) -> Result<String, &'static str> {
    let token = raw.trim();
    if token.is_empty() {
        Err("Paste your API token.")
    } else if token.chars().any(char::is_whitespace) {
        Err("An API token has no spaces or line breaks: check what was pasted.")
    } else {
        Ok(token.to_string())
    }
}

/// Only same-app paths are followed after sign-in, so a crafted link cannot send a user away.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/sign-in"))
        .unwrap_or_else(|| "/jobs".to_string())
}

fn sign_in_message(error: &ApiError) -> String {
    match error {
        ApiError::Unauthorized => "The server did not accept this token. Check that it was copied whole and has not been revoked.".into(),
        ApiError::Undecodable(Undecodable::Html) => "The answer did not come from Zephyr's API: a web page came back instead. Is the app served behind the Zephyr server?".into(),
        ApiError::Undecodable(_) | ApiError::NotFound => format!("This does not look like a Zephyr server's answer. {error}"),
        other => other.to_string(),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(query.with(|q| q.get("next"))));
    use_page_title(|| "Sign in".into());

    let token = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let input_error = RwSignal::new(None::<&'static str>);

    let check = Action::new_local(move |token: &String| {
        let api = api.clone();
        let token = token.clone();
        async move {
            let user: User = api.check_token(&token).await?;
            session.begin(token, &user);
            Ok::<_, ApiError>(())
        }
    });
    let failure = move || {
        check.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err().map(sign_in_message))
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match clean_token(&token.get_untracked()) {
            Ok(clean) => {
                input_error.set(None);
                check.dispatch(clean);
            }
            Err(msg) => input_error.set(Some(msg)),
        }
    };

    view! {
        <Show when=move || session.is_signed_in()>
            <Redirect path=next.get_untracked()/>
        </Show>
        <section class="page page-narrow sign-in">
            <h1>"Sign in to Zephyr"</h1>
            {move || (session.ended() == Some(SessionEnd::Expired)).then(|| view! {
                <div class="notice notice-warning" role="status">
                    "Your session ended. Sign in again to continue where you were."
                </div>
            })}
            <form class="card form" on:submit=submit novalidate>
                <label for="token">"API token"</label>
                <div class="input-with-action">
                    <input
                        id="token"
                        type=move || if reveal.get() { "text" } else { "password" }
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        aria-describedby="token-help"
                        aria-invalid=move || (input_error.get().is_some() || failure().is_some()).to_string()
                        bind:value=token
                    />
                    <button
                        type="button"
                        class="button button-quiet"
                        aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)
                    >
                        {move || if reveal.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                <p id="token-help" class="help">
                    "Create a token in Zephyr: open your user menu (top right), choose "
                    <strong>"API Token"</strong>
                    ", generate one and copy it. Zephyr shows it only once. "
                    "It stays in this browser tab only and is forgotten when you sign out or close the tab."
                </p>
                {move || input_error.get().map(|msg| view! { <Announce text=msg alert=true/><p class="field-error">{msg}</p> })}
                {move || failure().map(|msg| view! { <Announce text=msg.clone() alert=true/><p class="field-error">{msg}</p> })}
                <button type="submit" class="button button-primary" disabled=move || check.pending().get()>
                    {move || if check.pending().get() { "Checking\u{2026}" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
