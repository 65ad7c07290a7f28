// Preloaded into obs-sse-check by bench/terraformCheck.ts (node --require): at exit, writes the
// process's peak resident set size (KiB) and CPU time (µs, user and system) from
// process.resourceUsage() to $OBS_SSE_MAXRSS_FILE as JSON.
"use strict";
const fs = require("node:fs");

const file = process.env.OBS_SSE_MAXRSS_FILE;
if (file) {
    process.on("exit", () => {
        const u = process.resourceUsage();
        fs.writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS, userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime }));
    });
}
