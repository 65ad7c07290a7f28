// What one Analyze request costs the pack in instructions and cache misses, counted by valgrind's
// cachegrind instead of timed: the counts do not move with the machine's load, so builds that a
// timed run cannot tell apart can be compared (the timed benches stay the judges of speed).
//
// Each set runs in a process of its own, in process (no gRPC): the SDK's Analyze handler, as its
// server registers it, decodes each request of the bench stream from its bytes, runs the set's
// resource policies, and the response is encoded. Under cachegrind the set runs twice, with 1 and
// with 3 passes over the stream after one warm-up pass; the difference of the two counts, over the
// requests of 2 passes, is the cost of one request in steady state, start-up and warm-up excluded.
// Sets: bare-9 (six do-nothing resource policies, the SDK's deserializer as shipped), obs-sse
// (this build's, served as index.js serves them), echo (obs-sse's answers to the stream, recorded
// first and replayed with no checking: the cost of the answers themselves), and the obs-sse of each
// --pack DIR (a directory holding another build's bin/ and node_modules/).
//
//   node bin/bench/analyzeFootprint.js [--n 2000] [--sets bare-9,obs-sse,echo] [--pack DIR[=LABEL]] ...
//
// Needs valgrind (Debian: apt-get install valgrind); about a minute and a half per set on this
// machine, two valgrind runs at a time. Prints only. The simulated caches are cachegrind's
// defaults for the host. The sets run with `node --single-threaded` (see below), so the counts are
// those of a pack whose compiler and collector work on its main thread.
import { spawn } from "node:child_process";
import * as path from "node:path";
import type * as analyzerPbModule from "@pulumi/pulumi/proto/analyzer_pb";
import { LEVEL_NAMES, toAnalyzeRequest } from "../engine/requests";
import { generate } from "./generate";
import { findRoot } from "./packs";
import { args, numberArg } from "./args";
import { servedPolicies, type AnalyzeHandler as Handler, type SdkServer } from "./sdkHandler";
import { sayNotApplicable } from "../policies/policy";

const SEED = 0x0b5_55e;

/** The sets --sets names (other builds come with --pack). */
const SETS: readonly string[] = ["bare-9", "obs-sse", "echo"];

interface ResourcePolicyLike {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: string;
    readonly severity?: string;
    readonly validateResource?: unknown;
}

interface Answer {
    readonly diagnostics: ReadonlyArray<{
        readonly policy: string;
        readonly message: string;
        readonly urn: string;
        readonly level: string;
    }>;
    readonly notApplicable: ReadonlyArray<{ readonly policy: string; readonly reason: string }>;
}

/** Modules of the SDK as the build in `dir` resolves them (a build's policies patch their own SDK's deserializer). */
function fromBuild<M>(dir: string, specifier: string): M {
    return require(require.resolve(specifier, { paths: [dir] })) as M;
}

/** The resource policies of the build in `dir`, as its index.js serves them (secret marks kept). */
function buildPolicies(dir: string): ResourcePolicyLike[] {
    (require(path.join(dir, "bin", "policies", "sdkSecrets")) as { keepSecretMarks: () => boolean }).keepSecretMarks();
    return (servedPolicies(dir) as ResourcePolicyLike[]).filter((p) => p.validateResource !== undefined);
}

function barePolicies(): ResourcePolicyLike[] {
    return Array.from({ length: 6 }, (_, i) => ({
        name: `bare-resource-${i + 1}`,
        description: "Does nothing.",
        enforcementLevel: "advisory",
        validateResource: () => {},
    }));
}

/** Policies that answer each request with `answers`' recorded outcome, as bench/echo-pack does. */
function echoPolicies(names: readonly ResourcePolicyLike[], answers: ReadonlyMap<string, Answer>): ResourcePolicyLike[] {
    return names.map((p) => ({
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel,
        ...(p.severity !== undefined && { severity: p.severity }),
        validateResource: (
            a: { urn: string; notApplicable: (reason: string) => void },
            report: (v: { message: string; urn?: string; enforcementLevel: string }) => void,
        ) => {
            const answer = answers.get(a.urn);
            if (answer === undefined) return;
            for (const d of answer.diagnostics)
                if (d.policy === p.name) report({ message: d.message, ...(d.urn !== "" && { urn: d.urn }), enforcementLevel: d.level });
            for (const n of answer.notApplicable) if (n.policy === p.name) sayNotApplicable(a, n.reason);
        },
    }));
}

async function pass(
    analyzerPb: typeof analyzerPbModule,
    handler: Handler,
    requests: readonly Uint8Array[],
    record?: Map<string, Answer>,
): Promise<number> {
    let diagnostics = 0;
    for (const bytes of requests) {
        const request = analyzerPb.AnalyzeRequest.deserializeBinary(bytes);
        const res = await new Promise<analyzerPbModule.AnalyzeResponse>((resolve, reject) => {
            void handler({ request }, (err, r) => ((err !== undefined && err !== null) || !r ? reject(err) : resolve(r)));
        });
        res.serializeBinary();
        diagnostics += res.getDiagnosticsList().length;
        record?.set(request.getUrn(), {
            diagnostics: res.getDiagnosticsList().map((d) => ({
                policy: d.getPolicyname(),
                message: d.getMessage(),
                urn: d.getUrn(),
                level: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
            })),
            notApplicable: res.getNotApplicableList().map((n) => ({ policy: n.getPolicyName(), reason: n.getReason() })),
        });
        // As in the pack's server, each request arrives as I/O: the event loop turns between them.
        await new Promise((resolve) => setImmediate(resolve));
    }
    return diagnostics;
}

/** Child: runs `set` from the build in `dir` for one warm-up pass and `passes` more. */
async function child(set: string, dir: string, passes: number, n: number): Promise<void> {
    const analyzerPb = fromBuild<typeof analyzerPbModule>(dir, "@pulumi/pulumi/proto/analyzer_pb");
    const server = fromBuild<SdkServer>(dir, "@pulumi/policy/server");
    const requests = generate(n, SEED).resources.map((r) => toAnalyzeRequest(r).serializeBinary());
    let policies: ResourcePolicyLike[];
    if (set === "bare-9") policies = barePolicies();
    else {
        const deserializer = fromBuild<{ deserializeProperties: unknown }>(dir, "@pulumi/policy/deserialize");
        const shipped = deserializer.deserializeProperties;
        policies = buildPolicies(dir);
        if (set === "echo") {
            const answers = new Map<string, Answer>();
            await pass(analyzerPb, server.makeAnalyzeRpcFun("obs-sse", "0.0.1", "advisory", policies), requests, answers);
            deserializer.deserializeProperties = shipped;
            policies = echoPolicies(policies, answers);
        }
    }
    const handler = server.makeAnalyzeRpcFun(set, "0.0.1", "advisory", policies);
    let diagnostics = 0;
    for (let i = 0; i <= passes; i++) diagnostics = await pass(analyzerPb, handler, requests);
    process.stdout.write(`${diagnostics}\n`);
}

interface Counts {
    readonly instructions: number;
    readonly i1Misses: number;
    readonly d1Misses: number;
    readonly llMisses: number;
}

/** The totals of cachegrind's summary on stderr (e.g. "==123== I1  misses:   59,158,991"). */
function countsOf(stderr: string): Counts {
    const total = (label: string): number => {
        const line = stderr.split("\n").find((l) => new RegExp(`==\\d+== ${label}:`).test(l));
        const m = line?.match(/:\s*([\d,]+)/);
        if (!m?.[1]) throw new Error(`cachegrind printed no "${label}" total`);
        return Number(m[1].replace(/,/g, ""));
    };
    return {
        instructions: total("I\\s+refs"),
        i1Misses: total("I1\\s+misses"),
        d1Misses: total("D1\\s+misses"),
        llMisses: total("LL misses"),
    };
}

function underCachegrind(set: string, dir: string, passes: number, n: number): Promise<Counts> {
    return new Promise((resolve, reject) => {
        const p = spawn(
            "valgrind",
            [
                "--tool=cachegrind",
                "--cache-sim=yes",
                "--cachegrind-out-file=/dev/null",
                process.execPath,
                // V8's helper threads (concurrent compilation and marking) start work by the clock, so
                // how much of it lands in a pass varies with the machine's load; on the main thread the
                // counts repeat within a few per cent, and the garbage collector's work is counted all the same.
                "--single-threaded",
                __filename,
                "--child",
                set,
                "--dir",
                dir,
                "--passes",
                String(passes),
                "--n",
                String(n),
            ],
            { stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        p.on("error", (e) => reject(new Error(`cannot start valgrind (${e.message}); install it to run this bench`)));
        p.on("close", (code) => {
            if (code !== 0) return reject(new Error(`${set} under cachegrind exited with ${code}:\n${stderr.slice(-2000)}`));
            try {
                resolve(countsOf(stderr));
            } catch (e) {
                reject(e instanceof Error ? e : new Error(String(e)));
            }
        });
    });
}

async function main(): Promise<void> {
    const n = numberArg("--n", 2_000);
    const childSet = args("--child")[0];
    if (childSet !== undefined) return child(childSet, args("--dir")[0] ?? findRoot(), numberArg("--passes", 1), n);
    const root = findRoot();
    const sets = (args("--sets")[0] ?? "bare-9,obs-sse,echo").split(",").map((label) => ({ label, set: label, dir: root }));
    const unknownSet = sets.find((s) => !SETS.includes(s.set));
    if (unknownSet !== undefined) throw new Error(`--sets takes ${SETS.join(", ")} (comma-separated); it names another set`);
    for (const p of args("--pack")) {
        const [dir = p, label = path.basename(dir)] = p.split("=");
        sets.push({ label, set: "obs-sse", dir: path.resolve(dir) });
    }
    console.log(
        `Per Analyze request in steady state (cachegrind, in process: SDK handler, request decode, response encode; ${n} requests per pass, (3 passes − 1 pass) ÷ ${2 * n}):`,
    );
    console.log("  set            instructions   I1 misses   D1 misses   LL misses");
    for (const s of sets) {
        const [one, three] = await Promise.all([underCachegrind(s.set, s.dir, 1, n), underCachegrind(s.set, s.dir, 3, n)]);
        const per = (k: keyof Counts): string => ((three[k] - one[k]) / (2 * n)).toFixed(0);
        console.log(
            `  ${s.label.padEnd(13)}  ${per("instructions").padStart(12)}  ${per("i1Misses").padStart(10)}  ${per("d1Misses").padStart(10)}  ${per("llMisses").padStart(10)}`,
        );
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
});
