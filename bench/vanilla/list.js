// Benchmark baseline only (P2, P3): the app's list page work done by hand. Index every job
// (lowercased search text and sort key), sort by name, render the first page of 50 rows with
// the app's columns, badge and relative time, through DOM calls. The search box scans every
// job's text per keystroke and draws the first page again when it changed.
"use strict";
const PAGE_SIZE = 50;
const STATES = {
  "": ["new", "New", "\u25CB"], new: ["new", "New", "\u25CB"], queued: ["new", "New", "\u25CB"],
  scheduled: ["new", "New", "\u25CB"], waiting: ["waiting", "Waiting", "\u25F7"],
  pending: ["waiting", "Waiting", "\u25F7"], inprogress: ["running", "Running", "\u25B6"],
  running: ["running", "Running", "\u25B6"], completed: ["completed", "Completed", "\u2713"],
  failed: ["failed", "Failed", "\u2715"], cancelled: ["cancelled", "Cancelled", "\u2298"],
};
const COLUMNS = [
  ["name", "Name"], ["framework", "Framework"], ["cycle", "Cycle"],
  ["status", "Last status"], ["last-run", "Last run"], ["created-by", "Created by"],
];

function stateOf(raw) {
  const key = String(raw || "").toLowerCase().replace(/[^a-z0-9]/g, "");
  return STATES[key] || ["unknown", String(raw), "?"];
}

function relative(ms, now) {
  const delta = Math.trunc((now - ms) / 1000);
  const amount = Math.abs(delta);
  let text;
  if (amount < 45) return "just now";
  else if (amount < 3600) text = Math.trunc((amount + 30) / 60) + " min";
  else if (amount < 86400) text = Math.trunc((amount + 1800) / 3600) + " h";
  else if (amount < 86400 * 45) text = Math.trunc((amount + 43200) / 86400) + " d";
  else return new Date(ms).toISOString().slice(0, 10);
  return delta < 0 ? "in " + text : text + " ago";
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function row(job, now) {
  const [key, label, icon] = stateOf(job.status);
  const tr = el("tr", { "data-job-id": String(job.id) });
  const select = el("td", { class: "col-select" });
  select.appendChild(el("input", { type: "checkbox", "aria-label": "Select " + job.jobName }));
  tr.appendChild(select);
  const name = el("td", { class: "cell-name", title: job.jobName });
  name.appendChild(el("a", { href: "/jobs/" + job.id }, job.jobName));
  tr.appendChild(name);
  tr.appendChild(el("td", {}, job.automationFramework || ""));
  tr.appendChild(el("td", { title: job.cycleName || "" }, job.cycleName || ""));
  const status = el("td");
  const badge = el("span", { class: "badge badge-" + key });
  badge.appendChild(el("span", { class: "badge-icon", "aria-hidden": "true" }, icon));
  badge.appendChild(el("span", { class: "badge-text" }, label));
  status.appendChild(badge);
  tr.appendChild(status);
  const last = el("td");
  const at = job.jobScheduleDate;
  if (at == null) {
    last.appendChild(el("span", { class: "muted" }, "never"));
  } else {
    last.appendChild(el("time", {
      datetime: new Date(at).toISOString().slice(0, 19) + "Z",
      title: new Date(at).toLocaleString(),
    }, relative(at, now)));
  }
  tr.appendChild(last);
  tr.appendChild(el("td", {}, job.createdBy || ""));
  return tr;
}

fetchJobs().then((jobs) => {
  const indexed = jobs.map((job) => {
    const name = String(job.jobName || "").toLowerCase();
    const framework = String(job.automationFramework || "").toLowerCase();
    const cycle = String(job.cycleName || "").toLowerCase();
    const creator = String(job.createdBy || "").toLowerCase();
    const status = stateOf(job.status)[1].toLowerCase();
    const haystack = [name, framework, cycle, status, creator, job.id].join("\u001f");
    return { job, name, haystack };
  });
  const order = indexed.map((_, i) => i);
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  order.sort((a, b) => cmp(indexed[a].name, indexed[b].name) || indexed[a].job.id - indexed[b].job.id);

  const table = el("table", { class: "table jobs-table" });
  const head = el("tr");
  const all = el("th", { scope: "col", class: "col-select" });
  all.appendChild(el("input", { type: "checkbox", "aria-label": "Select all jobs that match" }));
  head.appendChild(all);
  for (const [key, label] of COLUMNS) {
    const th = el("th", { scope: "col", class: "col-" + key, "aria-sort": key === "name" ? "ascending" : "none" });
    const button = el("button", { type: "button", class: "sort-button" }, label);
    button.appendChild(el("span", { class: "sort-arrow", "aria-hidden": "true" }, key === "name" ? "\u25B2" : ""));
    th.appendChild(button);
    head.appendChild(th);
  }
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  const now = Date.now();
  let page = order.slice(0, PAGE_SIZE);
  for (const i of page) body.appendChild(row(indexed[i].job, now));
  const main = document.getElementById("list");
  const search = el("input", { type: "search", "aria-label": "Search" });
  const count = el("p", { class: "list-count" }, jobs.length + " jobs");
  main.appendChild(search);
  main.appendChild(count);
  main.appendChild(table);
  search.addEventListener("input", () => {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = order.filter((i) => terms.every((t) => indexed[i].haystack.includes(t)));
    count.textContent = terms.length ? shown.length + " of " + jobs.length + " jobs match" : jobs.length + " jobs";
    const next = shown.slice(0, PAGE_SIZE);
    if (next.length !== page.length || next.some((i, k) => i !== page[k])) {
      page = next;
      body.replaceChildren(...page.map((i) => row(indexed[i].job, now)));
    }
  });
});
