// Measures obs-sse-check on generated stack exports (bench/stackExport.ts): wall time of the
// whole command (node start-up, reading, checking, writing the report), its CPU time (which other
// load on the machine does not inflate) and its peak RSS, for each size and output format,
// against the goal of < 5 s and < 1.5 GiB at 50,000 resources.
//   npm run bench:state                         # sizes 1000, 10000, 50000; markdown table on stdout
//   node bin/bench/stateCheck.js 1000 5000  # other sizes
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { measureCommand, type CommandRun } from "./measureCommand";
import { generateStackExport } from "./stackExport";

const GOAL = { resources: 50_000, seconds: 5, bytes: 1.5 * 1024 ** 3 };

function measure(input: string, format: string, dir: string): CommandRun & { readonly outputBytes: number } {
    const run = measureCommand(input, format, dir);
    if (run.exit !== 0 && run.exit !== 1) throw new Error(`obs-sse-check failed (exit ${run.exit}): ${run.stderr}`);
    return { ...run, outputBytes: statSync(run.report).size };
}

function main(): number {
    const sizes = process.argv
        .slice(2)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-statebench-"));
    const lines = [
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}; load average at start ${(loadavg()[0] ?? 0).toFixed(1)}.`,
        "",
        "| resources | export.json | format | wall time (s) | CPU time (s) | peak RSS (MiB) | report | exit |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ];
    let failed = false;
    try {
        for (const n of sizes.length > 0 ? sizes : [1_000, 10_000, 50_000]) {
            const file = path.join(dir, `export-${n}.json`);
            writeFileSync(file, JSON.stringify(generateStackExport(n)));
            const exportMiB = (statSync(file).size / 1024 ** 2).toFixed(1);
            for (const format of ["text", "json", "sarif"]) {
                const m = measure(file, format, dir);
                lines.push(
                    `| ${n.toLocaleString("en-US")} | ${exportMiB} MiB | ${format} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${(m.maxRssKiB / 1024).toFixed(0)} | ${(m.outputBytes / 1024 ** 2).toFixed(1)} MiB | ${m.exit} |`,
                );
                if (n >= GOAL.resources && (m.seconds >= GOAL.seconds || m.maxRssKiB * 1024 >= GOAL.bytes)) failed = true;
            }
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    if (failed) process.stderr.write(`goal missed: ${GOAL.resources} resources must take < ${GOAL.seconds} s and < 1.5 GiB\n`);
    return failed ? 1 : 0;
}

process.exit(main());
