// Benchmark baseline only: fetches the list the app fetches, with the session's token.
"use strict";
const LIST_URL =
  "/flex/services/rest/v4/upload-file/automation/file-upload-job/list?projectId=1&releaseId=10";

function fetchJobs() {
  const token = JSON.parse(sessionStorage.getItem("zephyr-jobs.token"));
  return fetch(LIST_URL, { headers: { Authorization: "Bearer " + token } }).then((r) => r.json());
}
