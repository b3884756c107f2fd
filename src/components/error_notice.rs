//! How a failed request looks on a page: the message and, where trying again can help, Retry.

use leptos::prelude::*;

use crate::api::ApiError;

#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let forbidden = matches!(error, ApiError::Forbidden { .. });
    view! {
        <div class="notice notice-error" role="alert">
            <p class="notice-title">
                {if forbidden { "Not permitted" } else { "Something went wrong" }}
            </p>
            <p>{error.to_string()}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>"Retry"</button>
            })}
        </div>
    }
}
