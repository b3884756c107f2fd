// Benchmark baseline only: fetches the list the app fetches, with the session's token.
"use strict";
// `?release=11` on the page's URL picks another release of project 1 (the slow-link figure).
const LIST_URL =
  "/flex/services/rest/v4/upload-file/automation/file-upload-job/list?projectId=1&releaseId=" +
  (new URLSearchParams(location.search).get("release") || "10");

function fetchJobs() {
  const token = JSON.parse(sessionStorage.getItem("zephyr-jobs.token"));
  return fetch(LIST_URL, { headers: { Authorization: "Bearer " + token } }).then((r) => r.json());
}
