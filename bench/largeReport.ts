// Measures obs-sse-check on a plan where every resource breaks a mandatory rule (bench/violatingPlan.ts):
// 200,000 resources give 400,000 findings. For each output format, the whole command (start-up,
// reading, checking, writing the report with --output) as a child process: wall time, CPU time and
// peak RSS, against the goal of < 30 s and < 2 GiB (the time judged on CPU time, user + system,
// which other load on the machine inflates far less than the wall time). Not a test: numbers for
// BENCHMARKS.md.
//   npm run build && node bin/bench/largeReport.js            # 200000 resources
//   node bin/bench/largeReport.js 50000 text json             # another size, some formats
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { measureCommand, tableHead, tableRow, type CommandRun } from "./measureCommand";
import { violatingPlan } from "./violatingPlan";

const ROOT = path.resolve(__dirname, "..", "..");

const GOAL = { seconds: 30, bytes: 2 * 1024 ** 3 };

/** The first and last bytes of a JSON document written with indentation: "{\n" ... "\n}\n". */
function checkEnds(file: string): void {
    const fd = openSync(file, "r");
    try {
        const size = fstatSync(fd).size;
        const head = Buffer.alloc(2);
        const tail = Buffer.alloc(3);
        readSync(fd, head, 0, 2, 0);
        readSync(fd, tail, 0, 3, size - 3);
        if (head.toString() !== "{\n" || tail.toString() !== "\n}\n") throw new Error("the report is cut short");
    } finally {
        closeSync(fd);
    }
}

function measure(plan: string, format: string, dir: string): CommandRun & { readonly outputBytes: number } {
    const run = measureCommand(plan, format, dir);
    let outputBytes: number;
    try {
        outputBytes = statSync(run.report).size;
        // Valid output: JSON and SARIF parse (in this process, after the measurement). A report
        // longer than a JavaScript string (~512 MiB: SARIF of 400,000 findings) is checked at its ends.
        if (format !== "text" && outputBytes < 256 * 1024 ** 2) JSON.parse(readFileSync(run.report, "utf8"));
        else if (format !== "text") checkEnds(run.report);
    } catch (e) {
        throw new Error(
            `${format}: no valid report (exit ${run.exit}): ${e instanceof Error ? e.message : String(e)}; ${run.stderr.slice(0, 2000)}`,
            { cause: e },
        );
    }
    return { ...run, outputBytes };
}

function main(): number {
    const args = process.argv.slice(2);
    const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 200_000);
    const formats = args.filter((a) => ["text", "json", "sarif"].includes(a));
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-largereport-"));
    const lines = [...tableHead(["resources", "plan.json"])];
    let failed = false;
    try {
        const plan = path.join(dir, "plan.json");
        writeFileSync(plan, JSON.stringify(violatingPlan(n, ROOT)));
        const planMiB = (statSync(plan).size / 1024 ** 2).toFixed(1);
        for (const format of formats.length > 0 ? formats : ["text", "json", "sarif"]) {
            const m = measure(plan, format, dir);
            const line = tableRow([n.toLocaleString("en-US"), `${planMiB} MiB`], format, m);
            lines.push(line);
            process.stderr.write(`${line}\n`);
            if (m.exit !== 1 || m.cpuSeconds >= GOAL.seconds || m.maxRssKiB * 1024 >= GOAL.bytes) failed = true;
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    if (failed) process.stderr.write(`goal missed: every format must exit 1 in < ${GOAL.seconds} s of CPU and < 2 GiB\n`);
    return failed ? 1 : 0;
}

process.exitCode = main();
