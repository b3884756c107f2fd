// The job list's first page drawn from the early request's answer (web/prefetch.js) when that
// answer is in before the app has started: on a slow link the wasm takes seconds where a small
// list takes a round trip, and the page showed "Loading…" all that while (issue #15). The page
// is drawn as the app draws it (src/pages/jobs.rs, src/pages/jobs/list.rs,
// src/components/job_table.rs: the same elements and classes, so the app mounting over it moves
// nothing), inert until the app takes over, which removes it with the rest of the static shell.
// Only the list as it opens, sorted by name, page 1; only jobs whose every field this file reads
// exactly as the app does (tests/e2e/first_rows.rs holds the two to the same text and places).
// Anything else, or the app first: nothing is drawn here, and the app draws the list as before.
(() => {
  "use strict";
  const API_BASE = __API_BASE__;
  const PUBLIC_PATH = __PUBLIC_PATH__;
  // src/api/models.rs' FRAMEWORKS, the filter's choices.
  const FRAMEWORKS = [
    "JUnit", "TestNG", "Cucumber", "Selenium", "UFT", "Tricentis Tosca", "Eggplant", "SoapUI PRO",
    "TestComplete",
  ];
  const early = window.zephyrJobsPrefetch;
  if (!early) return;
  const query = new URLSearchParams(location.search);
  if ([...query.keys()].sort().join() !== "project,release") return;
  // As web/prefetch.js read them (whole numbers, checked there), as the app writes them.
  const project = String(Number(query.get("project")));
  const release = String(Number(query.get("release")));
  const base = PUBLIC_PATH.replace(/\/$/, "");
  const PAGE_SIZE = 50;

  const boot = () => document.getElementById("boot");
  // The app removes the shell as it mounts (a page still being parsed has not shown it yet).
  const appStarted = () => document.readyState !== "loading" && !boot();
  const request = early.requests[early.list];
  // Whether the page was drawn here, for the tests (tests/e2e/first_rows.rs).
  window.zephyrJobsFirstRows = request.response.then((response) => {
    // What the app reads as a list (src/api/client.rs, src/api/error.rs): a 2xx answer that
    // does not say it is a web page.
    const type = (response.headers.get("content-type") || "").toLowerCase();
    if (!response.ok || !response.body || type.includes("text/html") || appStarted()) return false;
    // The app reads the answer, this a copy. This callback was the first one on the promise,
    // so the copy is made before the app can have started reading.
    return draw(response.clone());
  }).catch(() => false);

  async function draw(copy) {
    // Read while the app has not started; once it has, its own reading is the one that counts.
    const reader = copy.body.getReader();
    const chunks = [];
    let length = 0;
    for (;;) {
      if (appStarted()) {
        reader.cancel().catch(() => {});
        return false;
      }
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
    if (document.readyState === "loading") {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve));
    }
    const shell = boot();
    if (!shell) return false;
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    let body;
    try {
      // A leading byte-order mark goes, as the app drops it; bytes that are not UTF-8 (which the
      // app replaces) leave the list to the app.
      body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (_) {
      return false;
    }
    const list = Array.isArray(body) ? body : body && Array.isArray(body.results) ? body.results : null;
    if (!list) return false;
    const jobs = [];
    for (const raw of list) {
      const job = readJob(raw);
      if (!job) return false;
      jobs.push(job);
    }
    const user = signedInUser();
    // An empty release is the app's to explain.
    if (!user || jobs.length === 0) return false;
    jobs.sort(byName);
    shell.replaceChildren(...page(jobs, user));
    // Nothing here answers a click or a key: the app does, once it has started.
    shell.inert = true;
    shell.setAttribute("aria-busy", "true");
    shell.dataset.firstRows = "";
    return true;
  }

  // ---- Reading a job as src/api/list_job.rs and list/src/decode.rs read it, or not at all ----

  const FAIL = Symbol("unread");
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const wellFormed = (s) => typeof s.isWellFormed !== "function" || s.isWellFormed();

  // An id: a whole number, or whole-number text.
  function id(value) {
    if (typeof value === "number") return Number.isSafeInteger(value) ? value : FAIL;
    if (typeof value === "string" && /^-?[0-9]{1,15}$/.test(value.trim())) return Number(value.trim());
    return FAIL;
  }
  // Text, absent or null; numbers and booleans, which the app prints in its own way, are not
  // read here.
  function text(value) {
    if (value === undefined || value === null) return null;
    return typeof value === "string" && wellFormed(value) ? value : FAIL;
  }
  // A date: epoch ms; text dates are the app's to parse.
  function date(value) {
    if (value === undefined || value === null) return null;
    return Number.isSafeInteger(value) && Math.abs(value) <= 8.64e15 ? value : FAIL;
  }
  // One of two spellings of a field, not both (the app refuses both as a duplicate field).
  function either(raw, name, alias) {
    if (has(raw, name) && has(raw, alias)) return FAIL;
    return has(raw, name) ? raw[name] : raw[alias];
  }

  const STATES = {
    "": "new", new: "new", queued: "new", scheduled: "new",
    waiting: "waiting", pending: "waiting",
    inprogress: "running", running: "running", started: "running", processing: "running",
    completed: "completed", complete: "completed", success: "completed", succeeded: "completed",
    passed: "completed", done: "completed",
    failed: "failed", failure: "failed", error: "failed",
    cancelled: "cancelled", canceled: "cancelled", stopped: "cancelled", aborted: "cancelled",
  };
  const LABELS = {
    new: "New", waiting: "Waiting", running: "Running", completed: "Completed",
    failed: "Failed", cancelled: "Cancelled",
  };
  const ICONS = {
    new: "\u25CB", waiting: "\u25F7", running: "\u25B6", completed: "\u2713",
    failed: "\u2715", cancelled: "\u2298", unknown: "?",
  };
  // A status in any spelling (list/src/run_state.rs), printable ASCII only.
  function status(value) {
    const raw = text(value);
    if (raw === FAIL || (raw !== null && !/^[\x20-\x7e]*$/.test(raw))) return FAIL;
    if (raw === null) return { key: "new", label: LABELS.new };
    const key = STATES[raw.replace(/[^A-Za-z0-9]/g, "").toLowerCase()];
    return key ? { key, label: LABELS[key] } : { key: "unknown", label: raw.trim() };
  }

  function readJob(raw) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw) || !has(raw, "id")) return null;
    const job = {
      id: id(raw.id),
      name: text(raw.jobName),
      framework: text(either(raw, "automationFramework", "automatedFramework")),
      cycle: text(raw.cycleName),
      status: status(raw.status),
      createdBy: text(raw.createdBy),
      createdAt: date(either(raw, "jobCrationDate", "jobCreationDate")),
      modifiedAt: date(raw.jobModifyDate),
      scheduledAt: date(raw.jobScheduleDate),
      projectId: has(raw, "projectId") ? id(raw.projectId) : 0,
      releaseId: has(raw, "releaseId") ? id(raw.releaseId) : 0,
    };
    if (Object.values(job).includes(FAIL)) return null;
    job.name = job.name || "";
    // Rust's trim and JS's differ on U+0085 and U+FEFF alone.
    if (/[\u0085\uFEFF]/.test(job.name)) return null;
    job.shown = job.name.trim() === "" ? "Unnamed job #" + job.id : job.name;
    job.sortKey = job.name.toLowerCase();
    return job;
  }

  // The app's order: lowercased names as UTF-8 bytes (code points), then ids.
  function byName(a, b) {
    return compareCodePoints(a.sortKey, b.sortKey) || a.id - b.id;
  }
  function compareCodePoints(a, b) {
    if (a === b) return 0;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x !== y) {
        // A surrogate stands for a code point above U+FFFF, above every other unit.
        const sx = x >= 0xd800 && x <= 0xdfff;
        const sy = y >= 0xd800 && y <= 0xdfff;
        return sx === sy ? x - y : sx ? 1 : -1;
      }
    }
    return a.length - b.length;
  }

  function signedInUser() {
    try {
      const user = JSON.parse(sessionStorage.getItem("zephyr-jobs.user"));
      return user && typeof user.display_name === "string" && Number.isSafeInteger(user.id) ? user : null;
    } catch (_) {
      return null;
    }
  }

  function savedViewsCount(user) {
    try {
      const key = "zephyr-jobs.views.v1|" + location.origin + API_BASE + "|" + user.id;
      const views = JSON.parse(localStorage.getItem(key));
      return views && Array.isArray(views.views) ? views.views.length : 0;
    } catch (_) {
      return 0;
    }
  }

  // ---- Times as src/components/time.rs and list/src/dates.rs write them ----

  const pad = (n, width) => String(n).padStart(width, "0");
  function utc(ms) {
    const d = new Date(ms);
    const year = d.getUTCFullYear();
    return { year, ok: year >= 1 && year <= 9999, d };
  }
  function dateText(ms) {
    const { year, ok, d } = utc(ms);
    if (!ok) return "unknown date (year " + year + ")";
    return pad(year, 4) + "-" + pad(d.getUTCMonth() + 1, 2) + "-" + pad(d.getUTCDate(), 2);
  }
  function isoText(ms) {
    const { ok, d } = utc(ms);
    if (!ok) return null;
    return dateText(ms) + "T" + pad(d.getUTCHours(), 2) + ":" + pad(d.getUTCMinutes(), 2) + ":" +
      pad(d.getUTCSeconds(), 2) + "Z";
  }
  function relative(ms, now) {
    const delta = Math.trunc((now - ms) / 1000);
    const amount = Math.abs(delta);
    let text;
    if (amount < 45) return "just now";
    if (amount < 3600) text = Math.floor((amount + 30) / 60) + " min";
    else if (amount < 86400) text = Math.floor((amount + 1800) / 3600) + " h";
    else if (amount < 86400 * 45) text = Math.floor((amount + 43200) / 86400) + " d";
    else return dateText(ms);
    return delta < 0 ? "in " + text : text + " ago";
  }
  const numeric = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" };
  let localFormat;
  const localText = (ms) => (localFormat ||= new Intl.DateTimeFormat([], numeric)).format(new Date(ms));

  // ---- The page, element by element; server text only ever as text ----

  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== false) element.setAttribute(name, value === true ? "" : value);
    }
    element.append(...children.filter((c) => c !== null));
    return element;
  }
  const option = (label, value, selected) => h("option", { value, selected }, label);

  function page(jobs, user) {
    const jobsHref = base + "/jobs";
    const header = h("header", { class: "app-header" },
      h("a", { href: jobsHref, "aria-current": "page", class: "brand" },
        h("span", { class: "brand-mark", "aria-hidden": "true" }, "Z"),
        h("span", { class: "brand-name" }, "Zephyr Jobs")),
      h("nav", { class: "app-nav", "aria-label": "Main" },
        h("a", { href: jobsHref, "aria-current": "page" }, "Jobs"),
        h("a", { href: base + "/activity", class: "nav-activity" }, "Activity")),
      h("button", { class: "button go-to-button", type: "button" }, "Go to\u2026",
        h("kbd", { class: "go-to-key", "aria-hidden": "true" }, "Ctrl K")),
      h("div", { class: "user-menu" },
        h("span", { class: "user-name", title: "Signed in" }, user.display_name),
        h("button", { class: "button button-quiet", type: "button" }, "Sign out")));
    const picker = (label, attributes, ...control) =>
      h("label", attributes || { class: "picker" }, h("span", null, label), ...control);
    const count = savedViewsCount(user);
    const pages = Math.ceil(jobs.length / PAGE_SIZE);
    const section = h("section", { class: "page jobs-page" },
      h("div", { class: "page-head" },
        h("h1", null, "Automation jobs"),
        h("div", { class: "page-actions" },
          h("a", { href: base + "/jobs/new?project=" + project + "&release=" + release, class: "button button-primary" }, "New job"))),
      h("div", { class: "toolbar scope-bar" },
        picker("Project", null, h("select", { "aria-label": "Project" }, h("option", null, "Loading\u2026"))),
        picker("Release", null, h("select", { "aria-label": "Release" }, h("option", null, "Loading\u2026")))),
      h("div", { class: "toolbar filter-bar" },
        picker("Search", { class: "picker picker-grow" },
          h("input", { type: "search", placeholder: "Name, framework, cycle, status, creator or id" })),
        picker("Status", null, h("select", null, option("All statuses", "", true),
          ...Object.keys(LABELS).map((key) => option(LABELS[key], key, false)))),
        picker("Framework", null, h("select", null, option("All frameworks", "", true),
          ...FRAMEWORKS.map((f) => option(f, f, false)))),
        h("div", { class: "saved-views" },
          h("button", { class: "button save-view", type: "button" }, "Save view"),
          h("details", { class: "views-menu" },
            h("summary", { class: "button" }, "Saved views ", h("span", { class: "views-count" }, "(" + count + ")"))))),
      h("div", { class: "list-bar" },
        h("span", { class: "list-count" }, jobs.length + (jobs.length === 1 ? " job" : " jobs")),
        h("div", { class: "bulk-actions" },
          h("div", { class: "run-jobs" },
            h("button", { class: "button button-primary run-jobs-button", type: "button", disabled: true }, "Run selected"),
            h("div", { class: "run-results-slot", role: "status" }))),
        h("div", { class: "export-actions", role: "group", "aria-label": "Export the listed jobs" },
          h("button", { class: "button button-quiet", type: "button" }, "Export CSV"),
          h("button", { class: "button button-quiet", type: "button" }, "Export JSON"))),
      table(jobs.slice(0, PAGE_SIZE)),
      pages > 1 ? h("nav", { class: "pager", "aria-label": "Pages" },
        h("button", { class: "button", type: "button", disabled: true }, "Previous"),
        h("span", null, "Page 1 of " + pages),
        h("button", { class: "button", type: "button" }, "Next")) : null);
    const main = h("main", { class: "app-main" }, section);
    const footer = h("footer", { class: "app-footer" },
      h("span", null, "Zephyr Enterprise automation jobs"),
      h("button", { class: "shortcut-hint", type: "button" }, "Press ", h("kbd", null, "?"), " for shortcuts"),
      h("span", { class: "footer-api" }, "API ", h("code", null, API_BASE)));
    return [header, main, footer];
  }

  const COLUMNS = [
    ["name", "Name"], ["framework", "Framework"], ["cycle", "Cycle"],
    ["status", "Last status"], ["last-run", "Last run"], ["created-by", "Created by"],
  ];

  function table(jobs) {
    const now = Date.now();
    const heads = COLUMNS.map(([key, label], i) =>
      h("th", { class: "col-" + key, scope: "col", "aria-sort": i === 0 ? "ascending" : "none" },
        h("button", { class: "sort-button", type: "button" }, label,
          h("span", { class: "sort-arrow", "aria-hidden": "true" }, i === 0 ? "\u25B2" : ""))));
    const rows = jobs.map((job) => {
      const when = job.scheduledAt === null
        ? h("span", { class: "muted" }, "never")
        : h("time", { datetime: isoText(job.scheduledAt), title: localText(job.scheduledAt) }, relative(job.scheduledAt, now));
      return h("tr", { "data-job-id": String(job.id) },
        h("td", { class: "col-select" }, h("input", { type: "checkbox", "aria-label": "Select " + job.shown })),
        h("td", { class: "cell-name", title: job.shown }, h("a", { href: base + "/jobs/" + job.id }, job.shown)),
        h("td", null, job.framework || ""),
        h("td", { title: job.cycle || "" }, job.cycle || ""),
        h("td", null, h("span", { class: "badge badge-" + job.status.key },
          h("span", { class: "badge-icon", "aria-hidden": "true" }, ICONS[job.status.key]),
          h("span", { class: "badge-text" }, job.status.label))),
        h("td", null, when),
        h("td", null, job.createdBy || ""));
    });
    return h("table", { class: "table jobs-table" },
      h("thead", null, h("tr", null,
        h("th", { class: "col-select", scope: "col" }, h("input", { type: "checkbox", "aria-label": "Select all jobs that match" })),
        ...heads)),
      h("tbody", null, ...rows));
  }
})();
