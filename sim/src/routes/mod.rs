//! The `/flex/services/rest/{v3|v4|latest}/...` API: every path under all three version segments,
//! behind the token check.

mod automation;
mod lookups;
mod params;
mod upload;

use axum::middleware;
use axum::routing::{get, post, MethodRouter};
use axum::Router;

use crate::answer_shapes;
use crate::auth;
use crate::state::AppState;

pub const VERSIONS: [&str; 3] = ["v3", "v4", "latest"];

pub fn api(state: AppState) -> Router<AppState> {
    let automation = "upload-file/automation";
    let endpoints: Vec<(String, MethodRouter<AppState>)> = vec![
        (
            format!("{automation}/create-job-detail"),
            post(automation::create_job),
        ),
        (
            format!("{automation}/execute-job"),
            post(automation::execute),
        ),
        (
            format!("{automation}/create-and-execute-job"),
            post(upload::create_and_execute),
        ),
        (
            format!("{automation}/schedule/get-latest-job-progress"),
            get(automation::progress),
        ),
        (
            format!("{automation}/cancel/{{schedule_id}}"),
            post(automation::cancel),
        ),
        ("automation/job/detail".into(), get(automation::detail)),
        (
            format!("{automation}/update-execute-job"),
            post(automation::update),
        ),
        (
            format!("{automation}/file-upload-job/list"),
            get(automation::list),
        ),
        ("automation/job/delete".into(), post(automation::delete)),
        ("user/current".into(), get(lookups::current_user)),
        ("project/lite".into(), get(lookups::projects)),
        (
            "release/project/{project_id}".into(),
            get(lookups::releases),
        ),
        ("cycle/release/{release_id}".into(), get(lookups::cycles)),
        (
            "testcasetree/phases/{release_id}".into(),
            get(lookups::folders),
        ),
        ("user/project/{project_id}".into(), get(lookups::members)),
    ];
    let mut router = Router::new();
    for version in VERSIONS {
        for (path, handler) in &endpoints {
            router = router.route(
                &format!("/flex/services/rest/{version}/{path}"),
                handler.clone(),
            );
        }
    }
    router
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            answer_shapes::reshape,
        ))
        .route_layer(middleware::from_fn_with_state(state, auth::require_token))
}
