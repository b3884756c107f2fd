//! Create-and-execute: a multipart upload of a result file plus the job's details, streamed so
//! that the simulator never holds a result file in memory, only counts its bytes and test cases.

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::automation::username;
use super::params::parse_json;
use crate::auth::Caller;
use crate::dates::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::model::JobInput;
use crate::state::AppState;
use crate::validate::validate;

/// The real server's limit for one result file.
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// The job details are a small JSON document; anything bigger is a client bug.
const MAX_DETAIL_BYTES: usize = 1024 * 1024;

/// What was learnt from the result file while it streamed past.
struct FileStats {
    bytes: u64,
    test_cases: u32,
}

pub async fn create_and_execute(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let mut multipart = multipart.map_err(|e| {
        ApiError::bad_request(format!(
            "Expected a multipart/form-data body with parts fileName and automationJobDetail: {e}"
        ))
    })?;
    let mut file: Option<FileStats> = None;
    let mut detail: Option<Vec<u8>> = None;
    let mut too_big = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // Past the body limit the stream errors; an oversized file is still the better message.
            Err(_) if too_big => break,
            Err(e) => {
                return Err(ApiError::bad_request(format!(
                    "Could not read the multipart body: {e}"
                )))
            }
        };
        match field.name() {
            Some("fileName") if !too_big => {
                let stats = scan_file(field).await?;
                too_big = stats.bytes > MAX_FILE_BYTES;
                file = Some(stats);
            }
            Some("automationJobDetail") if !too_big => detail = Some(read_small(field).await?),
            // Drain the rest so the client gets to read our answer instead of a reset connection.
            _ => drain(field).await,
        }
    }
    if too_big {
        return Err(ApiError::bad_request(format!(
            "The result file is too large: the limit is 25 MB ({MAX_FILE_BYTES} bytes)"
        )));
    }
    let file = file.ok_or_else(|| {
        ApiError::bad_request("Missing multipart part 'fileName' (the result file)")
    })?;
    if file.bytes == 0 {
        return Err(ApiError::bad_request(
            "The result file in part 'fileName' is empty",
        ));
    }
    let detail = detail.ok_or_else(|| {
        ApiError::bad_request(
            "Missing multipart part 'automationJobDetail' (the job details as JSON)",
        )
    })?;
    let input: JobInput = parse_json(&detail, "automationJobDetail")?;
    let author = username(&state, caller);
    let now = now_ms();
    let mut store = state.store();
    let spec = validate(input, &store)?;
    let job_id = store.create_job(spec, &author, now);
    let run_id = store.schedule(job_id, now, Some(file.test_cases));
    let run = store.run_view(run_id, now);
    let job = store.job_view(job_id, store.job(job_id)?, now);
    Ok(Json(serde_json::json!({ "job": job, "run": run })).into_response())
}

/// Counts bytes and `<testcase` elements; stops counting (but keeps reading) past the limit.
async fn scan_file(mut field: Field<'_>) -> ApiResult<FileStats> {
    const NEEDLE: &[u8] = b"<testcase";
    let (mut bytes, mut test_cases, mut matched) = (0u64, 0u32, 0usize);
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(_) if bytes > MAX_FILE_BYTES => break,
            Err(e) => {
                return Err(ApiError::bad_request(format!(
                    "Could not read the result file: {e}"
                )))
            }
        };
        bytes += chunk.len() as u64;
        if bytes > MAX_FILE_BYTES {
            continue;
        }
        // '<' occurs only at the needle's start, so on a mismatch the match restarts at this byte.
        for &b in chunk.iter() {
            matched = if b == NEEDLE[matched] {
                matched + 1
            } else {
                usize::from(b == NEEDLE[0])
            };
            if matched == NEEDLE.len() {
                test_cases = test_cases.saturating_add(1);
                matched = 0;
            }
        }
    }
    Ok(FileStats { bytes, test_cases })
}

async fn read_small(mut field: Field<'_>) -> ApiResult<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| ApiError::bad_request(format!("Could not read automationJobDetail: {e}")))?
    {
        out.extend_from_slice(&chunk);
        if out.len() > MAX_DETAIL_BYTES {
            return Err(ApiError::bad_request(
                "automationJobDetail is larger than 1 MB",
            ));
        }
    }
    Ok(out)
}

async fn drain(mut field: Field<'_>) {
    while let Ok(Some(_)) = field.chunk().await {}
}
