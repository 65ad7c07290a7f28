// `npm run bench`: start-up, Analyze throughput, AnalyzeStack time and memory, and growth with N,
// for the obs-sse pack against two baseline packs served by the same SDK (bench/bare-pack with one
// no-op policy, bench/bare-pack-9 with as many no-op policies as obs-sse). Every pack is launched
// the way the CLI launches it and driven through the analyzer gRPC protocol (engine/pack).
// Writes the results section of BENCHMARKS.md and prints a summary. Not part of `npm test`.
//
//   node bin/bench/run.js              full run (~8-10 minutes on 2 cores), writes BENCHMARKS.md
//   node bin/bench/run.js --quick      small sizes, a smoke test; writes nothing unless --write
//   node bin/bench/run.js --no-write   full run, print only
//   node bin/bench/run.js --out FILE   write FILE instead of BENCHMARKS.md
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { WireResource } from "../testing";
import { generate, PROVIDERS } from "./generate";
import {
    analyzePass,
    findRoot,
    packSpecs,
    permutations,
    stackPass,
    start,
    timedLaunch,
    type PackSpec,
    type PassResult,
    type RunningPack,
    type StackResult,
} from "./packs";
import {
    findThroughput,
    ms,
    ratio,
    rates,
    renderResults,
    writeResults,
    type Goal,
    type GrowthResult,
    type Machine,
    type Results,
    type StackBench,
    type StartupResult,
    type ThroughputResult,
} from "./report";
import { selfAndChildrenCpuMs, systemCpu } from "./procfs";
import { elapsedMs, median, now } from "./stats";

interface Plan {
    readonly startupRounds: number;
    readonly throughputN: number;
    readonly throughputRounds: number;
    readonly concurrencies: readonly number[];
    readonly stackRounds: number;
    readonly warmupN: number;
    /** Growth sizes; Analyze runs for the packs listed per size, AnalyzeStack for every pack. */
    readonly growth: ReadonlyArray<{ readonly n: number; readonly analyze: readonly string[]; readonly stackRepeats: number }>;
}

const ALL = ["obs-sse", "bare-pack", "bare-pack-9"];

const FULL: Plan = {
    // 16 rounds through the 6 orderings of 3 packs: obs-sse launches before bare-pack in 8 of them.
    startupRounds: 16,
    throughputN: 2_000,
    throughputRounds: 5,
    concurrencies: [1, 4],
    stackRounds: 5,
    warmupN: 500,
    growth: [
        { n: 1_000, analyze: ALL, stackRepeats: 3 },
        { n: 10_000, analyze: ALL, stackRepeats: 2 },
        // 50k sequential Analyze calls through gRPC take one to two minutes per pack here: bare-pack
        // is left out at 50k to keep the whole bench under ten minutes (bare-pack-9 is the baseline
        // that matters for per-resource cost).
        { n: 50_000, analyze: ["obs-sse", "bare-pack-9"], stackRepeats: 1 },
    ],
};

const QUICK: Plan = {
    startupRounds: 3,
    throughputN: 500,
    throughputRounds: 1,
    concurrencies: [1, 4],
    stackRounds: 2,
    warmupN: 100,
    growth: [
        { n: 200, analyze: ALL, stackRepeats: 1 },
        { n: 1_000, analyze: ALL, stackRepeats: 1 },
        { n: 3_000, analyze: ["obs-sse"], stackRepeats: 1 },
    ],
};

const SEED = 0x0b5_55e;
const CALL_TIMEOUT_MS = 600_000;

function log(msg: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function machine(root: string): Machine {
    const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
    const meminfo = fs.readFileSync("/proc/meminfo", "utf8");
    const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
    const version = (pkg: string): string => {
        try {
            return String(
                (JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as { version?: unknown })
                    .version,
            );
        } catch {
            return "unknown";
        }
    };
    let commit = "unknown";
    try {
        commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
        const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim();
        if (dirty) commit += " (with uncommitted changes)";
    } catch {
        // not a git checkout
    }
    return {
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        nproc: os.availableParallelism(),
        cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown",
        memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB (MemTotal)`,
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        policySdk: version("@pulumi/policy"),
        pulumiSdk: version("@pulumi/pulumi"),
        commit,
    };
}

/** Newest modification time under policies/ and bin/policies/, to notice code changing mid-run. */
function sourceStamp(root: string): number {
    let newest = 0;
    const walk = (dir: string) => {
        if (!fs.existsSync(dir)) return;
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else newest = Math.max(newest, fs.statSync(p).mtimeMs);
        }
    };
    walk(path.join(root, "policies"));
    walk(path.join(root, "bin", "policies"));
    return newest;
}

/** Refuses to measure a stale build: bin/index.js must be newer than every policies/*.ts. */
function checkBuild(root: string): void {
    const main = path.join(root, "bin", "index.js");
    if (!fs.existsSync(main)) throw new Error(`${main} does not exist: run npm run build first (npm run bench does)`);
    const built = fs.statSync(main).mtimeMs;
    const sources: string[] = [path.join(root, "index.ts")];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith(".ts")) sources.push(p);
        }
    };
    walk(path.join(root, "policies"));
    const stale = sources.filter((s) => fs.statSync(s).mtimeMs > built);
    const firstStale = stale[0];
    if (firstStale !== undefined)
        throw new Error(`bin/ is older than ${path.relative(root, firstStale)}: run npm run build first (npm run bench does)`);
}

async function startupPhase(specs: readonly PackSpec[], rounds: number): Promise<StartupResult[]> {
    const samples = new Map<string, number[]>(specs.map((s) => [s.label, []]));
    // One unmeasured launch per pack: the first launch after a build pays for a cold file cache.
    for (const s of specs) {
        const { pack } = await timedLaunch(s.dir);
        await pack.close();
    }
    const orders = permutations(specs);
    for (let r = 0; r < rounds; r++) {
        for (const s of orders[r % orders.length] ?? []) {
            const { pack, launchMs } = await timedLaunch(s.dir);
            await pack.close();
            samples.get(s.label)!.push(launchMs);
        }
        log(`start-up round ${r + 1}/${rounds}: ${specs.map((s) => `${s.label} ${ms(samples.get(s.label)!.at(-1))} ms`).join(", ")}`);
    }
    return specs.map((s) => ({ label: s.label, samples: samples.get(s.label)! }));
}

async function warmUp(p: RunningPack, warmup: readonly WireResource[]): Promise<void> {
    await analyzePass(p, warmup, 1);
    await p.pack.analyzeStack(warmup);
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const quick = args.includes("--quick");
    const write = quick ? args.includes("--write") : !args.includes("--no-write");
    const outArg = args.indexOf("--out");
    const plan = quick ? QUICK : FULL;
    const began = now();
    const root = findRoot();
    const outValue = outArg >= 0 ? args[outArg + 1] : undefined;
    const outFile = outValue ? path.resolve(outValue) : path.join(root, "BENCHMARKS.md");
    checkBuild(root);
    // The machine and the commit are read before measuring: the build being measured is the tree
    // as it is now.
    const host = machine(root);
    const sys0 = systemCpu();
    const own0 = selfAndChildrenCpuMs();
    const sourcesAtStart = sourceStamp(root);
    const specs = packSpecs(root);
    const packs = [specs.ours, specs.bare, specs.bare9];
    const orders = permutations(packs);
    const notes: string[] = [];
    const warmup = generate(plan.warmupN, SEED ^ 0xffff).resources;

    // 1. Start-up.
    log(`start-up: ${plan.startupRounds} rounds × ${packs.length} packs`);
    const startup = await startupPhase(packs, plan.startupRounds);

    // 2 and 3. Analyze throughput and AnalyzeStack, all three packs running side by side (idle
    // packs use no CPU), measured in permuted order.
    const stream = generate(plan.throughputN, SEED);
    log(
        `Analyze throughput: ${stream.resources.length} resources, ${plan.throughputRounds} rounds, concurrency ${plan.concurrencies.join(" and ")}`,
    );
    const running: RunningPack[] = [];
    for (const s of packs) running.push(await start(s, CALL_TIMEOUT_MS));
    const byLabel = (label: string): RunningPack => running.find((p) => p.spec.label === label)!;
    for (const p of running) {
        if (p.pid === undefined) notes.push(`${p.spec.label} has no pid, so its CPU time and memory are not reported.`);
        await warmUp(p, warmup);
        // One unmeasured pass of the measured stream in each mode, and one AnalyzeStack call, so
        // that V8 has optimized the hot paths of every pack before the first measured round.
        for (const conc of plan.concurrencies) await analyzePass(p, stream.resources, conc);
        await p.pack.analyzeStack(stream.resources);
    }
    const throughput: ThroughputResult[] = [];
    const tpPasses = new Map<string, PassResult[]>();
    for (let r = 0; r < plan.throughputRounds; r++) {
        for (const conc of plan.concurrencies) {
            for (const s of orders[r % orders.length] ?? []) {
                const res = await analyzePass(byLabel(s.label), stream.resources, conc);
                const key = `${s.label}\u0000${conc}`;
                tpPasses.set(key, [...(tpPasses.get(key) ?? []), res]);
                log(
                    `  round ${r + 1} concurrency ${conc} ${s.label}: ${((stream.resources.length / res.ms) * 1000).toFixed(0)} resources/s, pack CPU ${ms(res.packCpuMs)} ms, ${res.diagnostics} diagnostics`,
                );
            }
        }
    }
    for (const conc of plan.concurrencies) {
        for (const s of packs)
            throughput.push({
                label: s.label,
                concurrency: conc,
                n: stream.resources.length,
                passes: tpPasses.get(`${s.label}\u0000${conc}`)!,
            });
    }

    log(`AnalyzeStack: ${stream.resources.length} resources, ${plan.stackRounds} calls per pack`);
    const stackPasses = new Map<string, StackResult[]>(packs.map((s) => [s.label, []]));
    for (let r = 0; r < plan.stackRounds; r++) {
        for (const s of orders[r % orders.length] ?? []) {
            const res = await stackPass(byLabel(s.label), stream.resources);
            stackPasses.get(s.label)!.push(res);
            log(`  call ${r + 1} ${s.label}: ${ms(res.ms)} ms, pack CPU ${ms(res.packCpuMs)} ms, ${res.diagnostics} diagnostics`);
        }
    }
    const stack: StackBench[] = packs.map((s) => ({ label: s.label, n: stream.resources.length, passes: stackPasses.get(s.label)! }));
    for (const p of running) await p.pack.close();

    // 4. Growth, with fresh processes per size.
    const growth: GrowthResult[] = [];
    for (const [i, g] of plan.growth.entries()) {
        const gs = generate(g.n, SEED).resources;
        const order = orders[i % orders.length] ?? [];
        for (const s of order) {
            const p = await start(s, CALL_TIMEOUT_MS);
            await warmUp(p, warmup);
            let analyze: PassResult | undefined;
            if (g.analyze.includes(s.label)) {
                log(`growth N=${g.n} ${s.label}: Analyze`);
                analyze = await analyzePass(p, gs, 1);
            }
            const stackRuns: StackResult[] = [];
            for (let k = 0; k < g.stackRepeats; k++) stackRuns.push(await stackPass(p, gs));
            log(
                `growth N=${g.n} ${s.label}: Analyze ${analyze ? `${ms(analyze.ms)} ms` : "skipped"}, AnalyzeStack ${stackRuns.map((x) => ms(x.ms)).join("/")} ms`,
            );
            growth.push({ n: g.n, label: s.label, analyze, stack: stackRuns });
            await p.pack.close();
        }
    }
    const skipped = plan.growth.flatMap((g) =>
        ALL.filter((l) => !g.analyze.includes(l)).map((l) => `${l} at N=${g.n.toLocaleString("en-US")}`),
    );
    const growthNote =
        skipped.length > 0
            ? `Analyze was not run for ${skipped.join(", ")}: a 50,000-call sequential pass takes one to two minutes per pack on this machine, and the whole bench is kept under ten minutes; AnalyzeStack ran for every pack at every size.`
            : "";

    // Goals.
    const med = (label: string) => median(startup.find((s) => s.label === label)!.samples);
    const rate = (label: string, conc: number) => median(rates(findThroughput(throughput, label, conc)!));
    const stackMs = (label: string) => median(stack.find((s) => s.label === label)!.passes.map((p) => p.ms));
    // Goals (issue 10): Analyze and AnalyzeStack against bare-pack-9, the SDK serving as many
    // policies as obs-sse, so the ratio is the pack's own work; start-up against bare-pack.
    const goals: Goal[] = [];
    const startRatio = med("obs-sse") / med("bare-pack");
    goals.push({
        what: "start-up, median obs-sse ÷ bare-pack",
        target: "≤ 1.15×",
        measured: `${ratio(startRatio)} (${ms(med("obs-sse"))} vs ${ms(med("bare-pack"))} ms)`,
        met: startRatio <= 1.15,
    });
    for (const conc of plan.concurrencies) {
        const mode = conc === 1 ? "sequential" : `concurrency ${conc}`;
        const vsBare9 = rate("obs-sse", conc) / rate("bare-pack-9", conc);
        const vsBare = rate("obs-sse", conc) / rate("bare-pack", conc);
        goals.push({
            what: `Analyze throughput (${mode}), obs-sse ÷ bare-pack-9`,
            target: "≥ 0.90×",
            measured: `${ratio(vsBare9)} (${rate("obs-sse", conc).toFixed(0)} vs ${rate("bare-pack-9", conc).toFixed(0)} resources/s)`,
            met: vsBare9 >= 0.9,
        });
        const cpu = (label: string) => {
            const xs = findThroughput(throughput, label, conc)!
                .passes.map((p) => p.packCpuMs)
                .filter((x): x is number => x !== undefined);
            return xs.length ? median(xs) : NaN;
        };
        const cpuRatio = cpu("bare-pack-9") / cpu("obs-sse");
        if (Number.isFinite(cpuRatio)) {
            goals.push({
                what: "… context: pack CPU only, without the bench client (bare-pack-9 CPU ÷ obs-sse CPU)",
                target: "",
                measured: `${ratio(cpuRatio)} (${ms(cpu("obs-sse"))} vs ${ms(cpu("bare-pack-9"))} ms per pass)`,
            });
        }
        goals.push({
            what: "… context: same against bare-pack (1 policy)",
            target: "",
            measured: `${ratio(vsBare)} (vs ${rate("bare-pack", conc).toFixed(0)} resources/s)`,
        });
    }
    const stackRatio9 = stackMs("obs-sse") / stackMs("bare-pack-9");
    const stackRatio = stackMs("obs-sse") / stackMs("bare-pack");
    goals.push({
        what: `AnalyzeStack (${stream.resources.length} resources), obs-sse ÷ bare-pack-9`,
        target: "≤ 1.30×",
        measured: `${ratio(stackRatio9)} (${ms(stackMs("obs-sse"))} vs ${ms(stackMs("bare-pack-9"))} ms)`,
        met: stackRatio9 <= 1.3,
    });
    const stackCpu = (label: string) => {
        const xs = stack
            .find((s) => s.label === label)!
            .passes.map((p) => p.packCpuMs)
            .filter((x): x is number => x !== undefined);
        return xs.length ? median(xs) : NaN;
    };
    const stackCpuRatio = stackCpu("obs-sse") / stackCpu("bare-pack-9");
    if (Number.isFinite(stackCpuRatio)) {
        goals.push({
            what: "… context: pack CPU only (obs-sse CPU ÷ bare-pack-9 CPU)",
            target: "",
            measured: `${ratio(stackCpuRatio)} (${ms(stackCpu("obs-sse"))} vs ${ms(stackCpu("bare-pack-9"))} ms)`,
        });
    }
    goals.push({
        what: "… context: same against bare-pack (1 policy)",
        target: "",
        measured: `${ratio(stackRatio)} (vs ${ms(stackMs("bare-pack"))} ms)`,
    });

    const sys1 = systemCpu();
    const own1 = selfAndChildrenCpuMs();
    if (sys0 && sys1 && own0 !== undefined && own1 !== undefined) {
        const total = sys1.totalMs - sys0.totalMs;
        const busy = sys1.busyMs - sys0.busyMs;
        const steal = sys1.stealMs - sys0.stealMs;
        const others = Math.max(0, busy - (own1 - own0));
        notes.push(
            `Machine load during the run: all CPUs ${((busy / total) * 100).toFixed(0)}% busy, of which the bench and its packs ${(((own1 - own0) / total) * 100).toFixed(0)}% and other processes about ${((others / total) * 100).toFixed(0)}% (${(others / 1000).toFixed(0)} CPU-seconds); hypervisor steal ${((steal / total) * 100).toFixed(1)}%. Other load makes the wall-clock numbers noisier; the pack-CPU columns are less affected.`,
        );
    }
    if (sourceStamp(root) !== sourcesAtStart) {
        notes.push(
            "Sources under policies/ or bin/ changed while the bench ran: packs launched late in the run may have run different code. Re-run for clean numbers.",
        );
    }

    const results: Results = {
        machine: host,
        command: quick ? "node bin/bench/run.js --quick" : "npm run bench",
        quick,
        durationS: elapsedMs(began) / 1000,
        stream: { seed: SEED, providers: PROVIDERS.length, counts: stream.counts, n: stream.resources.length },
        packs: packs.map((s) => ({ label: s.label, what: s.what })),
        startup,
        startupRounds: plan.startupRounds,
        throughput,
        throughputRounds: plan.throughputRounds,
        stack,
        growth,
        growthNote,
        goals,
        notes,
    };
    const section = renderResults(results);
    if (write) {
        writeResults(outFile, section);
        log(`wrote ${path.relative(process.cwd(), outFile) || outFile}`);
    }
    // Summary on stdout.
    console.log(
        `obs-sse benchmarks (${results.machine.cpuModel}, ${results.machine.nproc} cores, Node ${results.machine.node}), ${results.durationS.toFixed(0)} s`,
    );
    for (const g of goals)
        console.log(
            `  ${g.met === undefined ? "    " : g.met ? "met " : "MISS"}  ${g.what}: ${g.measured}${g.target ? ` (target ${g.target})` : ""}`,
        );
    for (const g of growth.filter((x) => x.label === "obs-sse")) {
        const s = median(g.stack.map((p) => p.ms));
        console.log(
            `  growth N=${g.n}: Analyze ${g.analyze ? `${((g.analyze.ms / g.n) * 1000).toFixed(0)} µs/resource` : "not run"}, AnalyzeStack ${ms(s)} ms (${((s / g.n) * 1000).toFixed(1)} µs/resource)`,
        );
    }
    if (!write) console.log("  (BENCHMARKS.md not written)");
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
});
