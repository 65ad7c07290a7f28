// Preloaded into a pack process by bench/profile.ts (NODE_OPTIONS=--require ...). Node 20 refuses
// --cpu-prof in NODE_OPTIONS, so this hook drives the V8 CPU profiler through node:inspector:
// SIGUSR2 starts it (so start-up and warm-up stay out of the profile) and says so on stderr;
// SIGTERM, which PackProcess.close sends, stops it and writes $OBS_SSE_PROF_DIR/<pid>.cpuprofile
// before exiting.
"use strict";
const fs = require("node:fs");
const inspector = require("node:inspector");
const path = require("node:path");

const dir = process.env.OBS_SSE_PROF_DIR;
if (dir) {
    const session = new inspector.Session();
    session.connect();
    const interval = Number(process.env.OBS_SSE_PROF_INTERVAL_US || 250);
    let started = false;
    process.on("SIGUSR2", () => {
        if (started) return;
        started = true;
        session.post("Profiler.enable", () => {
            session.post("Profiler.setSamplingInterval", { interval }, () => {
                session.post("Profiler.start", () => process.stderr.write("obs-sse-prof: started\n"));
            });
        });
    });
    process.on("SIGTERM", () => {
        if (!started) process.exit(0);
        session.post("Profiler.stop", (err, result) => {
            if (!err && result && result.profile) {
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
            }
            process.exit(0);
        });
    });
}
