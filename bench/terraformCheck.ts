// Measures obs-sse-check on generated Terraform plans (bench/terraformPlan.ts): wall time of the
// whole command (node start-up, reading, checking, writing the report), its CPU time (which other
// load on the machine inflates far less than the wall time) and its peak RSS, for each size and
// output format, against the goals of issue 16: 50,000 resources in < 4 s, 200,000 in < 15 s, both
// in < 2 GiB. The goals are judged on CPU time (user + system).
//   npm run bench:terraform                           # sizes 1000, 10000, 50000; markdown table on stdout
//   node bin/bench/terraformCheck.js 1000 5000 200000 # other sizes
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { measureChecked, tableHead, tableRow } from "./measureCommand";
import { generatePlan } from "./terraformPlan";

/** CPU seconds allowed from each size on (the largest goal at or below the size applies), and the memory bound. */
const GOALS: ReadonlyArray<{ readonly resources: number; readonly cpuSeconds: number }> = [
    { resources: 50_000, cpuSeconds: 4 },
    { resources: 200_000, cpuSeconds: 15 },
];
const GOAL_BYTES = 2 * 1024 ** 3;

function goalFor(n: number): { readonly resources: number; readonly cpuSeconds: number } | undefined {
    return GOALS.filter((g) => g.resources <= n).at(-1);
}

function main(): number {
    const sizes = process.argv
        .slice(2)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-tfbench-"));
    const lines = [...tableHead(["resources", "plan.json"])];
    let failed = false;
    try {
        for (const n of sizes.length > 0 ? sizes : [1_000, 10_000, 50_000]) {
            const plan = path.join(dir, `plan-${n}.json`);
            writeFileSync(plan, JSON.stringify(generatePlan(n)));
            const planMiB = (statSync(plan).size / 1024 ** 2).toFixed(1);
            for (const format of ["text", "json", "sarif"]) {
                const m = measureChecked(plan, format, dir);
                lines.push(tableRow([n.toLocaleString("en-US"), `${planMiB} MiB`], format, m));
                const goal = goalFor(n);
                if (goal && (m.cpuSeconds >= goal.cpuSeconds || m.maxRssKiB * 1024 >= GOAL_BYTES)) failed = true;
            }
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    if (failed)
        process.stderr.write(
            `goal missed: ${GOALS.map((g) => `${g.resources} resources in < ${g.cpuSeconds} s of CPU`).join(", ")}, and < 2 GiB\n`,
        );
    return failed ? 1 : 0;
}

process.exit(main());
