// Measures obs-sse-check on generated stack exports (bench/stackExport.ts): wall time of the
// whole command (node start-up, reading, checking, writing the report), its CPU time (which other
// load on the machine does not inflate) and its peak RSS, for each size and output format,
// against the goal of < 5 s and < 1.5 GiB at 50,000 resources.
//   npm run bench:state                         # sizes 1000, 10000, 50000; markdown table on stdout
//   node bin/bench/stateCheck.js 1000 5000  # other sizes
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { measureChecked, tableHead, tableRow } from "./measureCommand";
import { generateStackExport } from "./stackExport";

const GOAL = { resources: 50_000, seconds: 5, bytes: 1.5 * 1024 ** 3 };

function main(): number {
    const sizes = process.argv
        .slice(2)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-statebench-"));
    const lines = [...tableHead(["resources", "export.json"])];
    let failed = false;
    try {
        for (const n of sizes.length > 0 ? sizes : [1_000, 10_000, 50_000]) {
            const file = path.join(dir, `export-${n}.json`);
            writeFileSync(file, JSON.stringify(generateStackExport(n)));
            const exportMiB = (statSync(file).size / 1024 ** 2).toFixed(1);
            for (const format of ["text", "json", "sarif"]) {
                const m = measureChecked(file, format, dir);
                lines.push(tableRow([n.toLocaleString("en-US"), `${exportMiB} MiB`], format, m));
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
