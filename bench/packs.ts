// The packs the benchmark compares, and the small operations it runs on them.
import * as fs from "node:fs";
import * as path from "node:path";
import { PackProcess, type LaunchOptions, type WireResource } from "../testing";
import { cpuTimeMs, currentRss, peakRss, resetPeakRss } from "./procfs";
import { elapsedMs, now } from "./stats";

export interface PackSpec {
    /** Short label for tables. */
    readonly label: string;
    readonly dir: string;
    readonly what: string;
}

/** The repository root: the directory holding PulumiPolicy.yaml and bench/bare-pack. */
export function findRoot(): string {
    for (const start of [__dirname, process.cwd()]) {
        for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
            if (fs.existsSync(path.join(dir, "PulumiPolicy.yaml")) && fs.existsSync(path.join(dir, "bench", "bare-pack", "index.js")))
                return dir;
            if (path.dirname(dir) === dir) break;
        }
    }
    throw new Error("cannot find the repository root (a directory with PulumiPolicy.yaml and bench/bare-pack)");
}

export function packSpecs(root: string): { ours: PackSpec; bare: PackSpec; bare9: PackSpec } {
    return {
        ours: { label: "obs-sse", dir: root, what: "this pack (bin/index.js): 6 resource + 3 stack policies" },
        bare: { label: "bare-pack", dir: path.join(root, "bench", "bare-pack"), what: "1 no-op resource policy" },
        bare9: { label: "bare-pack-9", dir: path.join(root, "bench", "bare-pack-9"), what: "6 no-op resource + 3 no-op stack policies" },
    };
}

export interface TimedLaunch {
    readonly pack: PackProcess;
    /** Milliseconds from calling launch to the port being read from the pack's stdout (spawn to port). */
    readonly launchMs: number;
}

export async function timedLaunch(packDir: string, options?: LaunchOptions): Promise<TimedLaunch> {
    const start = now();
    const pack = await PackProcess.launch(packDir, options);
    return { pack, launchMs: elapsedMs(start) };
}

export interface RunningPack {
    readonly spec: PackSpec;
    readonly pack: PackProcess;
    readonly pid: number | undefined;
}

/** Launches a pack and configures it as `pulumi preview` does (ConfigureStack, then Configure). */
export async function start(spec: PackSpec, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunningPack> {
    const { pack } = await timedLaunch(spec.dir, { timeoutMs, env });
    const pid = pack.pid;
    await pack.configureStack({ stack: "dev", project: "obs-app", dryRun: true });
    await pack.configure({});
    return { spec, pack, pid };
}

export interface PassResult {
    readonly ms: number;
    /** CPU time the pack process's threads ran during the pass (the scheduler's accounting, exact), ms; undefined without a pid. */
    readonly packCpuMs: number | undefined;
    /** CPU time this (client) process used during the pass, ms. */
    readonly clientCpuMs: number;
    readonly diagnostics: number;
}

/** CPU time of the pack process so far, ms (exact: bench/procfs.ts cpuTimeMs). */
function packCpuMs(pid: number | undefined): number | undefined {
    return pid === undefined ? undefined : cpuTimeMs(pid);
}

function cpuDelta(pid: number | undefined, before: number | undefined): number | undefined {
    const after = packCpuMs(pid);
    return before === undefined || after === undefined ? undefined : after - before;
}

/** Sends every resource through Analyze, keeping `concurrency` calls in flight, in stream order. */
export async function analyzePass(p: RunningPack, resources: readonly WireResource[], concurrency: number): Promise<PassResult> {
    let next = 0;
    let diagnostics = 0;
    const worker = async (): Promise<void> => {
        while (next < resources.length) {
            // `next < resources.length` was checked above, with no await in between.
            const r = resources[next++]!;
            // Read the count after the await: `x += await …` would add to a stale x while other workers wait.
            const found = (await p.pack.analyze(r)).diagnostics.length;
            diagnostics += found;
        }
    };
    const cpu0 = packCpuMs(p.pid);
    const client0 = process.cpuUsage();
    const start = now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const ms = elapsedMs(start);
    const client = process.cpuUsage(client0);
    return { ms, packCpuMs: cpuDelta(p.pid, cpu0), clientCpuMs: (client.user + client.system) / 1000, diagnostics };
}

export interface StackResult extends PassResult {
    /** Peak RSS of the pack process during the call (VmHWM after a reset), bytes. */
    readonly peakRss: number | undefined;
    /** RSS of the pack process just before the call, bytes. */
    readonly rssBefore: number | undefined;
    /** Whether the peak could be reset before the call (else peakRss is the process lifetime peak). */
    readonly peakReset: boolean;
}

export async function stackPass(p: RunningPack, resources: readonly WireResource[]): Promise<StackResult> {
    const peakReset = p.pid !== undefined && resetPeakRss(p.pid);
    const rssBefore = p.pid === undefined ? undefined : currentRss(p.pid);
    const cpu0 = packCpuMs(p.pid);
    const client0 = process.cpuUsage();
    const start = now();
    const res = await p.pack.analyzeStack(resources);
    const ms = elapsedMs(start);
    const client = process.cpuUsage(client0);
    return {
        ms,
        packCpuMs: cpuDelta(p.pid, cpu0),
        clientCpuMs: (client.user + client.system) / 1000,
        diagnostics: res.diagnostics.length,
        peakRss: p.pid === undefined ? undefined : peakRss(p.pid),
        rssBefore,
        peakReset,
    };
}

/** All orderings of `items` (for alternating which pack is measured first). */
export function permutations<X>(items: readonly X[]): X[][] {
    if (items.length <= 1) return [[...items]];
    return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}
