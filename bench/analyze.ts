// Analyze throughput only, for deciding whether the pack's Analyze rate is at least 0.90× that of
// bare-pack-9 (nine do-nothing policies on the same SDK), and for comparing builds: obs-sse,
// bare-pack-9 and any other pack directories given with --pack (e.g. a copy of an older build),
// each launched as the CLI launches it and sent Analyze requests over gRPC by this process.
//
// Rate over a shared machine is noisy: other processes and this client's own scheduling move a
// pass's time by tens of percent within seconds. So the packs take turns in short batches: the
// stream (--n resources) is cut into slices of --pass resources; each round sends one slice through
// every pack in batches of --batch resources, the packs alternating batch by batch (A B C, C B A,
// ..., rotated each round), so that the machine's speed at any moment weighs about the same on every
// pack. A pack's time in a round is the sum of its batches' times (its rate is the slice's size over
// it); its round ratio is bare-pack-9's time over its time (for pack CPU, bare-pack-9's CPU over its
// CPU, read exactly from the scheduler's accounting). The verdict rests on the median of the
// rounds' rate ratios and a distribution-free 95% interval for it (order statistics: no assumption
// about the noise's shape, and a few rounds disturbed by other processes do not carry it): shown
// when the interval's lower bound is at least the goal, refuted when its upper bound is below it,
// otherwise not shown. The ratio of the total times over all rounds is printed beside it, with a
// bootstrap interval (rounds resampled as pairs). On this 2-core machine under load: about a
// minute and a half with the defaults (two packs), two and a half minutes with one --pack. More
// --rounds narrow the intervals (about as the square root). Prints only.
//
//   node bin/bench/analyze.js [--n 2000] [--pass 400] [--batch 50] [--rounds 25] [--concurrency 1,4] [--goal 0.90] [--show-rounds] [--echo] [--pack DIR[=LABEL]] ...
//
// --echo adds bench/echo-pack: obs-sse's own answers to the stream, recorded first and replayed by
// URN with no checking. Its ratio is the most obs-sse could reach with checks that cost nothing:
// what remains between it and bare-pack-9 is the cost of the answers themselves (diagnostics and
// not-applicable reasons through the SDK and over gRPC), which the pack cannot change without
// changing what it reports.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { policies as packPolicies } from "../policies/registry";
import type { AnalyzeResult, WireResource } from "../testing";
import { generate } from "./generate";
import { analyzePass, findRoot, packSpecs, start, type PackSpec, type RunningPack } from "./packs";
import { ratio } from "./report";
import { elapsedMs, median, medianInterval, now, ratioOfTotals, type MedianInterval } from "./stats";
import { args, numberArg } from "./args";

const SEED = 0x0b5_55e;

/** The packs of batch `j` of round `r`: the list rotated by r, forwards for even j and backwards for odd j (A B C, C B A, ...). */
function batchOrder<X>(items: readonly X[], r: number, j: number): X[] {
    const k = r % items.length;
    const rotated = [...items.slice(k), ...items.slice(0, k)];
    return j % 2 === 0 ? rotated : rotated.reverse();
}

/**
 * Records obs-sse's answer to every resource of `stream` (sent through the running pack, sequentially)
 * for bench/echo-pack, and returns the file's path.
 */
async function recordOutcomes(ours: RunningPack, stream: readonly WireResource[], dir: string): Promise<string> {
    const outcomes: Record<string, AnalyzeResult> = {};
    for (const r of stream) {
        const res = await ours.pack.analyze(r);
        if (res.diagnostics.length > 0 || res.notApplicable.length > 0) outcomes[r.urn] = res;
    }
    const policies = packPolicies.map((p) => ({
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel,
        severity: p.severity,
        resource: "validateResource" in p,
    }));
    const file = path.join(dir, "outcomes.json");
    fs.writeFileSync(file, JSON.stringify({ policies, outcomes }));
    return file;
}

/** One round's totals for one pack (its two passes). */
interface RoundTotal {
    ms: number;
    packCpuMs: number;
    clientCpuMs: number;
    resources: number;
    diagnostics: number;
}

function verdict(ci: MedianInterval, goal: number): string {
    if (ci.low >= goal) return `shown (lower bound ≥ ${goal.toFixed(2)}×)`;
    if (ci.high < goal) return `refuted (upper bound < ${goal.toFixed(2)}×)`;
    return `not shown (the interval holds ${goal.toFixed(2)}×)`;
}

const interval = (estimate: number, ci: { readonly low: number; readonly high: number }): string =>
    `${ratio(estimate)} [${ratio(ci.low)}–${ratio(ci.high)}]`;
const micros = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : "n/a");

function loadAverage(): string {
    return os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ");
}

async function main(): Promise<void> {
    const root = findRoot();
    const n = numberArg("--n", 2_000);
    const passSize = Math.min(numberArg("--pass", 400), n);
    const batchSize = Math.min(numberArg("--batch", 50), passSize);
    const rounds = numberArg("--rounds", 25);
    const goal = Number(args("--goal")[0] ?? "0.90");
    if (!(goal > 0)) throw new Error("--goal takes a positive number");
    const showRounds = process.argv.includes("--show-rounds");
    const concurrencies = (args("--concurrency")[0] ?? "1,4").split(",").map(Number);
    if (concurrencies.some((c) => !Number.isInteger(c) || c <= 0))
        throw new Error("--concurrency takes positive whole numbers, comma-separated");
    const specs = packSpecs(root);
    const extra: PackSpec[] = args("--pack").map((p) => {
        const [dir = p, label = path.basename(dir)] = p.split("=");
        return { label, dir: path.resolve(dir), what: `pack in ${dir}` };
    });
    const echo = process.argv.includes("--echo");
    const packs = [specs.ours, specs.bare9, ...extra];
    const stream = generate(n, SEED).resources;
    const slices: WireResource[][] = [];
    for (let i = 0; i + passSize <= stream.length; i += passSize) slices.push(stream.slice(i, i + passSize));
    const warmup = generate(500, SEED ^ 0xffff).resources;
    const loadBefore = loadAverage();
    const startedAt = now();
    const running: RunningPack[] = [];
    const echoDir = echo ? fs.mkdtempSync(path.join(os.tmpdir(), "obs-sse-echo-")) : undefined;
    try {
        for (const s of packs) running.push(await start(s, 600_000));
        if (echoDir !== undefined) {
            const outcomes = await recordOutcomes(running[0]!, stream, echoDir);
            const spec: PackSpec = {
                label: "echo",
                dir: path.join(root, "bench", "echo-pack"),
                what: "obs-sse's answers replayed, no checking",
            };
            running.push(await start(spec, 600_000, { ...process.env, OBS_SSE_ECHO_OUTCOMES: outcomes }));
        }
        for (const p of running) {
            await analyzePass(p, warmup, 1);
            for (const c of concurrencies) await analyzePass(p, stream, c);
        }
        // totals[concurrency][pack label][round]
        const totals = new Map<number, Map<string, RoundTotal[]>>();
        for (let r = 0; r < rounds; r++) {
            const slice = slices[r % slices.length]!;
            for (const c of concurrencies) {
                const byPack = totals.get(c) ?? new Map<string, RoundTotal[]>();
                totals.set(c, byPack);
                for (let j = 0; j * batchSize < slice.length; j++) {
                    const batch = slice.slice(j * batchSize, (j + 1) * batchSize);
                    for (const p of batchOrder(running, r, j)) {
                        const res = await analyzePass(p, batch, c);
                        const list = byPack.get(p.spec.label) ?? [];
                        byPack.set(p.spec.label, list);
                        const t = (list[r] ??= { ms: 0, packCpuMs: 0, clientCpuMs: 0, resources: 0, diagnostics: 0 });
                        t.ms += res.ms;
                        t.packCpuMs += res.packCpuMs ?? NaN;
                        t.clientCpuMs += res.clientCpuMs;
                        t.resources += batch.length;
                        t.diagnostics += res.diagnostics;
                    }
                }
            }
            process.stderr.write(`round ${r + 1}/${rounds} done\n`);
        }
        const seconds = elapsedMs(startedAt) / 1000;
        console.log(
            `Analyze over gRPC, a stream of ${n} resources in slices of ${passSize}; ${rounds} rounds, each sending one slice through every pack ` +
                `in batches of ${batchSize}, the packs taking turns batch by batch (A B C, C B A, ...); ${seconds.toFixed(0)} s; load average ${loadBefore} at the start, ${loadAverage()} at the end.`,
        );
        console.log(
            `Ratios to ${specs.bare9.label}: rate = ${specs.bare9.label} time ÷ pack time (the throughput ratio), the median of the rounds' ` +
                `ratios [distribution-free 95% interval of the median], and over all rounds together [95% bootstrap interval, rounds resampled]; ` +
                `pack CPU = ${specs.bare9.label} CPU ÷ pack CPU over all rounds [bootstrap interval].`,
        );
        if (rounds % slices.length !== 0)
            console.log(
                `(${rounds} rounds do not cover the ${slices.length} slices equally: give --rounds a multiple of ${slices.length}.)`,
            );
        let coverage = 1;
        for (const c of concurrencies) {
            const byPack = totals.get(c)!;
            const base = byPack.get(specs.bare9.label)!;
            console.log(`\nconcurrency ${c}`);
            for (const p of running) {
                const mine = byPack.get(p.spec.label)!;
                const rate = ratioOfTotals(
                    base.map((x) => x.ms),
                    mine.map((x) => x.ms),
                );
                const cpu = ratioOfTotals(
                    base.map((x) => x.packCpuMs),
                    mine.map((x) => x.packCpuMs),
                );
                const rateMedian = medianInterval(mine.map((x, i) => base[i]!.ms / x.ms));
                coverage = Math.min(coverage, rateMedian.coverage);
                const perResource = (f: (t: RoundTotal) => number): string => micros(median(mine.map((t) => (f(t) * 1000) / t.resources)));
                const goalNote = p.spec.label === specs.bare9.label ? "" : `  rate ≥ ${goal.toFixed(2)}×: ${verdict(rateMedian, goal)}`;
                console.log(
                    `  ${p.spec.label.padEnd(14)} rate ${interval(rateMedian.median, rateMedian)} (over all rounds ${interval(rate.ratio, rate)})  ` +
                        `pack CPU ${interval(cpu.ratio, cpu)}  ` +
                        `per resource: ${perResource((t) => t.ms)} µs wall, ${perResource((t) => t.packCpuMs)} µs pack CPU, ` +
                        `${perResource((t) => t.clientCpuMs)} µs client CPU; ${(median(mine.map((t) => t.diagnostics / t.resources)) * n).toFixed(0)} diagnostics per ${n}` +
                        goalNote,
                );
                if (showRounds && p.spec.label !== specs.bare9.label)
                    console.log(
                        `    per round: rate ${mine.map((x, i) => (base[i]!.ms / x.ms).toFixed(2)).join(" ")}; ` +
                            `pack CPU ${mine.map((x, i) => (base[i]!.packCpuMs / x.packCpuMs).toFixed(2)).join(" ")}`,
                    );
            }
        }
        console.log(
            `\nThe verdict rests on the median of the rounds' rate ratios: its interval covers the median with probability ` +
                `≥ ${(coverage * 100).toFixed(1)}% for independent rounds, whatever the shape of the noise; a round disturbed by other ` +
                `processes moves the ratio over all rounds (a total) far more than the median.`,
        );
    } finally {
        for (const p of running) await p.pack.close();
        if (echoDir !== undefined) fs.rmSync(echoDir, { recursive: true, force: true });
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
});
