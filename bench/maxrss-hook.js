// Preloaded into obs-sse-check by bench/terraformCheck.ts (node --require): at exit, writes the
// process's peak resident set size (KiB, process.resourceUsage().maxRSS) to $OBS_SSE_MAXRSS_FILE.
"use strict";
const fs = require("node:fs");

const file = process.env.OBS_SSE_MAXRSS_FILE;
if (file) process.on("exit", () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
