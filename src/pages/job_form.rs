//! The create and edit forms for a job, and create-and-execute with a result file.
//! (Being built: see issues 5 and 6.)

use leptos::prelude::*;

#[component]
pub fn NewJobPage() -> impl IntoView {
    view! { <section class="page"><h1>"New job"</h1></section> }
}

#[component]
pub fn EditJobPage() -> impl IntoView {
    view! { <section class="page"><h1>"Edit job"</h1></section> }
}

#[component]
pub fn CreateAndExecutePage() -> impl IntoView {
    view! { <section class="page"><h1>"Run a result file"</h1></section> }
}
