// Analyze throughput only, for iterating on the pack's per-request cost: obs-sse and bare-pack-9
// (and any other pack directories given with --pack, e.g. a copy of an older build) run side by
// side, each measured pass in permuted order, and every pack's figures are shown against
// bare-pack-9's from the same round: rate (wall) and pack CPU. The full bench (bench/run.ts) takes
// minutes; this takes about one with the defaults. Prints only.
//
//   node bin/bench/analyze.js [--n 2000] [--rounds 5] [--concurrency 1,4] [--pack DIR[=LABEL]] ...
import * as path from "node:path";
import { generate } from "./generate";
import { analyzePass, findRoot, packSpecs, permutations, start, type PackSpec, type PassResult, type RunningPack } from "./packs";
import { ms, ratio } from "./report";
import { median } from "./stats";
import { args, numberArg } from "./args";

const SEED = 0x0b5_55e;

async function main(): Promise<void> {
    const root = findRoot();
    const n = numberArg("--n", 2_000);
    const rounds = numberArg("--rounds", 5);
    const concurrencies = (args("--concurrency")[0] ?? "1,4").split(",").map(Number);
    const specs = packSpecs(root);
    const extra: PackSpec[] = args("--pack").map((p) => {
        const [dir = p, label = path.basename(dir)] = p.split("=");
        return { label, dir: path.resolve(dir), what: `pack in ${dir}` };
    });
    const packs = [specs.ours, specs.bare9, ...extra];
    const stream = generate(n, SEED).resources;
    const warmup = generate(500, SEED ^ 0xffff).resources;
    const running: RunningPack[] = [];
    for (const s of packs) running.push(await start(s, 600_000));
    try {
        for (const p of running) {
            await analyzePass(p, warmup, 1);
            for (const c of concurrencies) await analyzePass(p, stream, c);
        }
        const orders = permutations(running);
        const passes = new Map<string, PassResult[]>();
        for (let r = 0; r < rounds; r++) {
            for (const c of concurrencies) {
                for (const p of orders[r % orders.length] ?? []) {
                    const res = await analyzePass(p, stream, c);
                    const key = `${p.spec.label}\u0000${c}`;
                    passes.set(key, [...(passes.get(key) ?? []), res]);
                }
            }
            process.stderr.write(`round ${r + 1}/${rounds} done\n`);
        }
        console.log(`Analyze, ${n} resources, ${rounds} rounds; ratios per round against bare-pack-9, median (min–max)`);
        for (const c of concurrencies) {
            const base = passes.get(`${specs.bare9.label}\u0000${c}`)!;
            for (const p of running) {
                const mine = passes.get(`${p.spec.label}\u0000${c}`)!;
                const rate = mine.map((x, i) => base[i]!.ms / x.ms);
                const cpu = mine.map((x, i) => (base[i]!.packCpuMs ?? NaN) / (x.packCpuMs ?? NaN));
                const span = (xs: number[]) => `${ratio(median(xs))} (${ratio(Math.min(...xs))}–${ratio(Math.max(...xs))})`;
                console.log(
                    `  concurrency ${c} ${p.spec.label.padEnd(12)} rate ${span(rate)}  pack CPU ${span(cpu)}  ` +
                        `median ${ms(median(mine.map((x) => x.ms)))} ms wall, ${ms(median(mine.map((x) => x.packCpuMs ?? NaN)))} ms pack CPU, ${mine[0]?.diagnostics ?? 0} diagnostics`,
                );
            }
        }
    } finally {
        for (const p of running) await p.pack.close();
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
});
