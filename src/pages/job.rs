//! The job page at `/jobs/:id`: every property, the latest run state, and Edit, Run, Delete.
//! (Being built: see issue 5.)

use leptos::prelude::*;

#[component]
pub fn JobPage() -> impl IntoView {
    view! { <section class="page"><h1>"Job"</h1></section> }
}
