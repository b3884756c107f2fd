// Starts the job list's requests while the app's wasm is still on its way (issue #15, P4): on a
// cold load of /jobs?project=..&release=.. with a session in this tab, the list and the two
// look-ups the page confirms it with (the projects, the project's releases) are asked for as
// soon as the page is parsed instead of after the wasm has arrived and started. The app takes a
// request over (src/api/prefetch.rs) when it reads the same URL with the same token, and reads
// its answer like any other (status, errors, session end). Anything unusual: nothing starts
// here, and the app asks for itself. scripts/externalize_loader.py fills in the two constants,
// appends web/first_rows.js and links the file (hashed, async) from index.html.
(() => {
  "use strict";
  const API_BASE = __API_BASE__;
  const PUBLIC_PATH = __PUBLIC_PATH__;
  // The app already runs (this script came late): it has asked for itself.
  if (window.wasmBindings) return;
  let token;
  try {
    token = JSON.parse(sessionStorage.getItem("zephyr-jobs.token"));
    if (!sessionStorage.getItem("zephyr-jobs.user")) return;
  } catch (_) {
    return;
  }
  if (typeof token !== "string" || token === "") return;
  if (location.pathname !== PUBLIC_PATH.replace(/\/$/, "") + "/jobs") return;
  const query = new URLSearchParams(location.search);
  const id = (name) => {
    const value = query.get(name);
    return value !== null && /^[0-9]{1,15}$/.test(value) ? String(Number(value)) : null;
  };
  const project = id("project");
  const release = id("release");
  if (project === null || release === null) return;
  const api = API_BASE.replace(/\/$/, "");
  const requests = {};
  const ask = (path) => {
    const url = api + path;
    const controller = new AbortController();
    const response = fetch(url, {
      headers: { Accept: "application/json", Authorization: "Bearer " + token },
      signal: controller.signal,
    });
    // A rejection is the app's to read; unclaimed, it must not show as an unhandled one.
    response.catch(() => {});
    requests[url] = { response, controller };
    return url;
  };
  const list = ask("/v4/upload-file/automation/file-upload-job/list?projectId=" + project + "&releaseId=" + release);
  ask("/v3/project/lite");
  ask("/v3/release/project/" + project);
  window.zephyrJobsPrefetch = { token, list, requests };
  // Kept after the app has taken the requests: the tests wait for the app when this is set.
  window.zephyrJobsEarly = true;
})();
