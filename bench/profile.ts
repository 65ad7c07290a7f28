// CPU profile of the obs-sse pack under the benchmark stream: launches the pack with the V8 CPU
// profiler armed (bench/profile-hook.js, preloaded through the env option of PackProcess.launch),
// sends N resources through Analyze (and, in a second process, AnalyzeStack), stops it, and
// summarizes the .cpuprofile: where the pack process spends its time by module, and the top
// self-time and inclusive-time functions in policies/ code, mapped back to the .ts sources.
// Prints markdown; writes nothing in the repository.
//
//   node bin/bench/profile.js [--n 10000] [--pack obs-sse|bare-pack|bare-pack-9] [--only analyze|stack] [--keep]
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate";
import { analyzePass, findRoot, packSpecs, start, type PackSpec } from "./packs";
import { cpuTimeMs } from "./procfs";
import { ms } from "./report";

interface CallFrame {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
}

interface ProfileNode {
    readonly id: number;
    readonly callFrame: CallFrame;
    readonly children?: readonly number[];
}

interface CpuProfile {
    readonly nodes: readonly ProfileNode[];
    readonly samples: readonly number[];
    readonly timeDeltas: readonly number[];
}

const SEED = 0x0b5_55e;

function arg(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function fileOf(url: string): string | undefined {
    if (url.startsWith("file://")) return fileURLToPath(url);
    if (url.startsWith("/")) return url;
    return undefined;
}

const sourceMaps = new Map<string, SourceMap | undefined>();

/** The .ts position of a 0-based position in a compiled file, read from the .js.map tsc wrote next to it. */
function sourcePosition(jsFile: string, line: number, column: number): { file: string; line: number } | undefined {
    if (!sourceMaps.has(jsFile)) {
        const mapFile = `${jsFile}.map`;
        sourceMaps.set(
            jsFile,
            fs.existsSync(mapFile)
                ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, "utf8")) as ConstructorParameters<typeof SourceMap>[0])
                : undefined,
        );
    }
    const entry = sourceMaps.get(jsFile)?.findEntry(line, column);
    if (!entry || !("originalSource" in entry)) return undefined;
    return { file: path.resolve(path.dirname(jsFile), entry.originalSource), line: entry.originalLine + 1 };
}

function category(root: string, url: string): string {
    const file = fileOf(url) ?? url;
    if (file.startsWith(path.join(root, "bin", "policies") + path.sep) || file === path.join(root, "bin", "index.js"))
        return "obs-sse policies/ (bin/)";
    if (file.includes("/node_modules/@pulumi/policy/")) return "@pulumi/policy SDK";
    if (file.includes("/node_modules/@pulumi/pulumi/")) return "@pulumi/pulumi";
    if (file.includes("/node_modules/@grpc/")) return "@grpc/grpc-js";
    if (file.includes("/node_modules/google-protobuf/")) return "google-protobuf";
    if (file.includes("/node_modules/typescript/") || file.includes("/node_modules/ts-node/")) return "typescript / ts-node (start-up)";
    if (url.startsWith("node:")) return "Node.js built-in modules";
    if (file.includes("/node_modules/")) return "other node_modules";
    return "other";
}

interface Summary {
    readonly windowMs: number;
    readonly categories: Array<[string, number]>;
    readonly topSelf: Array<{ name: string; where: string; cat: string; ms: number }>;
    readonly topPoliciesSelf: Array<{ name: string; where: string; ms: number }>;
    readonly topPoliciesInclusive: Array<{ name: string; where: string; ms: number }>;
}

function summarize(root: string, prof: CpuProfile): Summary {
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const special = (f: CallFrame) => f.url === "" && /^\(.*\)$/.test(f.functionName);
    /** The nearest frame (itself or a caller) that has a script URL: natives are charged to their JS caller. */
    const owner = new Map<number, ProfileNode>();
    const ownerOf = (id: number): ProfileNode => {
        let o = owner.get(id);
        if (o) return o;
        const n = byId.get(id)!;
        if (n.callFrame.url !== "" || special(n.callFrame)) o = n;
        else {
            const p = parent.get(id);
            o = p === undefined ? n : ownerOf(p);
        }
        owner.set(id, o);
        return o;
    };
    const where = (f: CallFrame): string => {
        const file = fileOf(f.url);
        if (!file) return f.url || "(native)";
        const mapped = sourcePosition(file, f.lineNumber, f.columnNumber);
        if (mapped) return `${path.relative(root, mapped.file)}:${mapped.line}`;
        const rel = path.relative(root, file);
        return `${rel.startsWith("node_modules") ? rel.replace(/^node_modules\//, "") : rel}:${f.lineNumber + 1}`;
    };
    const keyOf = (n: ProfileNode) =>
        `${n.callFrame.functionName || "(anonymous)"}\u0000${n.callFrame.url}\u0000${n.callFrame.lineNumber}\u0000${n.callFrame.columnNumber}`;
    const selfMs = new Map<string, { node: ProfileNode; ms: number }>();
    const inclusive = new Map<string, { node: ProfileNode; ms: number }>();
    const cats = new Map<string, number>();
    let windowMs = 0;
    for (let i = 0; i < prof.samples.length; i++) {
        const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
        // i < prof.samples.length: the loop bound.
        const id = prof.samples[i]!;
        const node = byId.get(id)!;
        windowMs += dt;
        const o = ownerOf(id);
        const cat = special(o.callFrame) ? o.callFrame.functionName : category(root, o.callFrame.url);
        cats.set(cat, (cats.get(cat) ?? 0) + dt);
        const sk = keyOf(o);
        const s = selfMs.get(sk) ?? { node: o, ms: 0 };
        s.ms += dt;
        selfMs.set(sk, s);
        const seen = new Set<string>();
        for (let cur: number | undefined = node.id; cur !== undefined; cur = parent.get(cur)) {
            const n = byId.get(cur)!;
            if (category(root, n.callFrame.url) !== "obs-sse policies/ (bin/)") continue;
            const k = keyOf(n);
            if (seen.has(k)) continue;
            seen.add(k);
            const e = inclusive.get(k) ?? { node: n, ms: 0 };
            e.ms += dt;
            inclusive.set(k, e);
        }
    }
    const label = (n: ProfileNode) => n.callFrame.functionName || "(anonymous)";
    const sorted = [...selfMs.values()].sort((a, b) => b.ms - a.ms);
    return {
        windowMs,
        categories: [...cats.entries()].sort((a, b) => b[1] - a[1]),
        topSelf: sorted
            .filter((s) => s.node.callFrame.functionName !== "(idle)")
            .slice(0, 20)
            .map((s) => ({
                name: label(s.node),
                where: where(s.node.callFrame),
                cat: special(s.node.callFrame) ? "" : category(root, s.node.callFrame.url),
                ms: s.ms,
            })),
        topPoliciesSelf: sorted
            .filter((s) => category(root, s.node.callFrame.url) === "obs-sse policies/ (bin/)")
            .slice(0, 15)
            .map((s) => ({ name: label(s.node), where: where(s.node.callFrame), ms: s.ms })),
        topPoliciesInclusive: [...inclusive.values()]
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 15)
            .map((s) => ({ name: label(s.node), where: where(s.node.callFrame), ms: s.ms })),
    };
}

function render(title: string, s: Summary, busyNote: string): string {
    const out: string[] = [];
    out.push(`### ${title}`, "", busyNote, "");
    const busy = s.categories.filter(([c]) => c !== "(idle)").reduce((t, [, v]) => t + v, 0);
    out.push("| where (natives charged to their JS caller) | ms | share of busy time |", "| --- | --- | --- |");
    for (const [c, v] of s.categories) out.push(`| ${c} | ${ms(v)} | ${c === "(idle)" ? "—" : `${((v / busy) * 100).toFixed(1)}%`} |`);
    out.push("", "Top self time (all code):", "", "| function | where | module | self ms |", "| --- | --- | --- | --- |");
    for (const f of s.topSelf) out.push(`| \`${f.name}\` | ${f.where} | ${f.cat} | ${ms(f.ms)} |`);
    out.push("", "Top self time in policies/:", "", "| function | source | self ms |", "| --- | --- | --- |");
    for (const f of s.topPoliciesSelf) out.push(`| \`${f.name}\` | ${f.where} | ${ms(f.ms)} |`);
    out.push(
        "",
        "Top inclusive time in policies/ (time with the function on the stack):",
        "",
        "| function | source | inclusive ms |",
        "| --- | --- | --- |",
    );
    for (const f of s.topPoliciesInclusive) out.push(`| \`${f.name}\` | ${f.where} | ${ms(f.ms)} |`);
    out.push("");
    return out.join("\n");
}

function newestProfile(dir: string): CpuProfile {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
    if (files.length === 0) throw new Error(`no .cpuprofile written to ${dir}`);
    // files is not empty (checked above), so the sorted list has a first entry.
    const newest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
    return JSON.parse(fs.readFileSync(newest, "utf8")) as CpuProfile;
}

type Running = Awaited<ReturnType<typeof start>>;

/** Starts the profiler in the pack (SIGUSR2 to the hook) and waits until it says it runs. */
async function beginProfile(p: Running): Promise<void> {
    if (p.pack.pid === undefined) throw new Error("the pack process has no pid; cannot signal it");
    process.kill(p.pack.pid, "SIGUSR2");
    for (let i = 0; i < 100 && !p.pack.stderr.includes("obs-sse-prof: started"); i++) await new Promise((r) => setTimeout(r, 20));
    if (!p.pack.stderr.includes("obs-sse-prof: started")) throw new Error(`the profiler did not start:\n${p.pack.stderr}`);
}

/** CPU time of the pack process during `fn`. */
async function measured<T>(p: Running, fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs?: number | undefined }> {
    const pid = p.pack.pid;
    const cpu0 = pid === undefined ? undefined : cpuTimeMs(pid);
    const t = process.hrtime.bigint();
    const value = await fn();
    const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
    const cpu1 = pid === undefined ? undefined : cpuTimeMs(pid);
    return { value, wallMs, cpuMs: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined };
}

async function profileRun(
    spec: PackSpec,
    dir: string,
    root: string,
    work: (p: Running) => Promise<string>,
): Promise<{ profile: CpuProfile; note: string }> {
    fs.mkdirSync(dir, { recursive: true });
    const hook = path.join(root, "bench", "profile-hook.js");
    // Node 20 does not allow --cpu-prof in NODE_OPTIONS; the hook runs the profiler through node:inspector.
    const env = { NODE_OPTIONS: `--require ${hook}`, OBS_SSE_PROF_DIR: dir, OBS_SSE_PROF_INTERVAL_US: "250" };
    const p = await start(spec, 600_000, env);
    let note: string;
    try {
        note = await work(p);
    } finally {
        await p.pack.close();
    }
    return { profile: newestProfile(dir), note };
}

async function main(): Promise<void> {
    const root = findRoot();
    const n = Number(arg("--n") ?? 10_000);
    const which = arg("--pack") ?? "obs-sse";
    const only = arg("--only");
    const specs = packSpecs(root);
    const spec = [specs.ours, specs.bare, specs.bare9].find((s) => s.label === which);
    if (!spec) throw new Error(`unknown pack ${which}`);
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "obs-sse-prof-"));
    const stream = generate(n, SEED).resources;
    const warmup = generate(500, SEED ^ 0xffff).resources;
    const sections: string[] = [`## CPU profile of \`${spec.label}\` (${n.toLocaleString("en-US")} resources, sampling every 250 µs)`, ""];
    if (only !== "stack") {
        const { profile, note } = await profileRun(spec, path.join(base, "analyze"), root, async (p) => {
            await analyzePass(p, warmup, 1);
            await beginProfile(p);
            const r = await measured(p, () => analyzePass(p, stream, 1));
            return `Analyze, sequential: ${n} calls in ${ms(r.wallMs)} ms wall; pack CPU ${ms(r.cpuMs)} ms. The profile covers the main thread during these calls only (after a 500-resource warm-up).`;
        });
        sections.push(render("Analyze", summarize(root, profile), note));
    }
    if (only !== "analyze") {
        const { profile, note } = await profileRun(spec, path.join(base, "stack"), root, async (p) => {
            await p.pack.analyzeStack(warmup);
            await beginProfile(p);
            const r = await measured(p, async () => {
                const times: string[] = [];
                for (let i = 0; i < 3; i++) {
                    const t = process.hrtime.bigint();
                    await p.pack.analyzeStack(stream);
                    times.push(ms(Number(process.hrtime.bigint() - t) / 1e6));
                }
                return times;
            });
            return `AnalyzeStack: 3 calls with ${n} resources (${r.value.join(", ")} ms wall) after one with the 500-resource warm-up stream; pack CPU ${ms(r.cpuMs)} ms. The profile covers the three calls.`;
        });
        sections.push(render("AnalyzeStack", summarize(root, profile), note));
    }
    console.log(sections.join("\n"));
    if (process.argv.includes("--keep")) console.error(`profiles kept in ${base}`);
    else fs.rmSync(base, { recursive: true, force: true });
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
});
