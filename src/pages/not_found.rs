//! The page for a URL the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::page_title::use_page_title;
use crate::routes::Link;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFound() -> impl IntoView {
    let location = use_location();
    use_page_title(|| "Page not found".into());
    view! {
        <section class="page page-narrow empty-state">
            <h1>"Page not found"</h1>
            <p>"There is no page at " <code>{move || location.pathname.get()}</code> "."</p>
            <A href=Link::all_jobs().href() attr:class="button button-primary">"Go to jobs"</A>
        </section>
    }
}
