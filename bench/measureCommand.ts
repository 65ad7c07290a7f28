// One run of the compiled obs-sse-check as a child process, with --output, measured: wall time, CPU
// time and peak RSS (from bench/maxrss-hook.js, which other load on the machine does not inflate).
// Shared by the Terraform benches (terraformCheck.ts, largeReport.ts).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "cli", "obs-sse-check.js");
const HOOK = path.join(ROOT, "bench", "maxrss-hook.js");

export interface CommandRun {
    readonly seconds: number;
    readonly cpuSeconds: number;
    readonly maxRssKiB: number;
    readonly exit: number | null;
    readonly stderr: string;
    /** The report file written with --output. */
    readonly report: string;
}

export function measureCommand(plan: string, format: string, dir: string, extraArgs: readonly string[] = []): CommandRun {
    const rss = path.join(dir, "maxrss");
    const report = path.join(dir, `out.${format}`);
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--require", HOOK, BIN, ...extraArgs, "--format", format, "--output", report, plan], {
        env: { ...process.env, OBS_SSE_MAXRSS_FILE: rss },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const usage = JSON.parse(readFileSync(rss, "utf8")) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
    return {
        seconds,
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        maxRssKiB: usage.maxRSS,
        exit: r.status,
        stderr: r.stderr,
        report,
    };
}
