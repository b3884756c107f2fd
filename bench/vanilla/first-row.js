// Benchmark baseline only (P4): one row of the first job, as soon as the JSON is in.
"use strict";
fetchJobs().then((jobs) => {
  const tr = document.createElement("tr");
  const td = document.createElement("td");
  td.textContent = jobs[0].jobName;
  tr.appendChild(td);
  document.getElementById("rows").appendChild(tr);
});
