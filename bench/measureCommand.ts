// One run of the compiled obs-sse-check as a child process, with --output, measured: wall time, CPU
// time and peak RSS (from bench/maxrss-hook.js, which other load on the machine does not inflate).
// Shared by the command benches (terraformCheck.ts, largeReport.ts, terraformState.ts, terraformSource.ts, stateCheck.ts).
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
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

/** A measured run that must have checked (exit 0 or 1), with the size of its report. */
export function measureChecked(
    input: string,
    format: string,
    dir: string,
    extraArgs: readonly string[] = [],
): CommandRun & { readonly outputBytes: number } {
    const run = measureCommand(input, format, dir, extraArgs);
    if (run.exit !== 0 && run.exit !== 1) throw new Error(`obs-sse-check failed (exit ${run.exit}): ${run.stderr}`);
    return { ...run, outputBytes: statSync(run.report).size };
}

/** The machine line and the table head of a command bench; `inputColumns` name what each row's input is. */
export function tableHead(inputColumns: readonly string[]): string[] {
    return [
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}; load average at start ${(loadavg()[0] ?? 0).toFixed(1)}.`,
        "",
        `| ${inputColumns.join(" | ")} | format | wall time (s) | CPU time (s) | peak RSS (MiB) | report | exit |`,
        `|${inputColumns.map(() => "---:").join("|")}|---|---:|---:|---:|---:|---:|`,
    ];
}

/** A row of that table: the input's cells, then the run's figures. */
export function tableRow(inputCells: readonly string[], format: string, m: CommandRun & { readonly outputBytes: number }): string {
    return `| ${inputCells.join(" | ")} | ${format} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${(m.maxRssKiB / 1024).toFixed(0)} | ${(m.outputBytes / 1024 ** 2).toFixed(1)} MiB | ${m.exit} |`;
}
