//! How a failed request looks on a page: the message, when the app tries again by itself, and,
//! where trying again can help, Retry. The message is announced once through the shell's live
//! region; the countdown to the next attempt is not announced (it changes every second).

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::announcer::Announce;

#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
    /// When the next automatic attempt goes, e.g. "Retrying in 4 s".
    #[prop(optional, into)]
    retrying: MaybeProp<String>,
) -> impl IntoView {
    let forbidden = matches!(error, ApiError::Forbidden { .. });
    // The title already says "Not permitted"; the body gives the server's reason.
    let text = match &error {
        ApiError::Forbidden { message: Some(m) } => m.clone(),
        other => other.to_string(),
    };
    let title = if forbidden {
        "Not permitted"
    } else {
        "Something went wrong"
    };
    view! {
        <Announce text=format!("{title}: {text}") alert=true/>
        <div class="notice notice-error">
            <p class="notice-title">{title}</p>
            <p class="wrap-anywhere">{text}</p>
            {move || retrying.get().map(|text| view! { <p class="notice-retrying">{text}</p> })}
            {on_retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>"Retry"</button>
            })}
        </div>
    }
}
