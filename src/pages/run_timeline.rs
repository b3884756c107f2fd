//! The status timeline of a job's latest run at `/jobs/:id/run`. (Being built: see issue 6.)

use leptos::prelude::*;

#[component]
pub fn RunTimelinePage() -> impl IntoView {
    view! { <section class="page"><h1>"Run"</h1></section> }
}
