// The pack's Analyze work without gRPC, for A/B comparisons that the noise of a shared machine
// does not drown: in one process, the SDK's own Analyze handler (@pulumi/policy's server, as
// test/helpers/sdk.ts drives it) decodes each request from its bytes, runs the policies, and the
// response is encoded, for obs-sse's policies, a bare 9-policy set like bench/bare-pack-9, and
// the policies of other builds given with --pack DIR (a directory holding an older bin/). Passes
// alternate between the sets; each pass's CPU time (process.cpuUsage) is compared with the bare
// set's in the same round. The bare set runs with the SDK's deserializer as shipped, the pack's
// sets with the pack's (policies/sdkSecrets.ts), as each would be served. Prints only.
//
// With --own, only the policies' own work is timed: each set's validateResource functions are called
// directly with arguments built as the SDK builds them (outside the timing), so that the SDK's
// decoding and the machine's noise weigh less; the bare set is left out.
//
//   node --expose-gc bin/bench/analyzeInProcess.js [--n 2000] [--rounds 15] [--own] [--pack DIR[=LABEL]] ...
import * as path from "node:path";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { toAnalyzeRequest } from "../engine/requests";
import { generate } from "./generate";
import { findRoot } from "./packs";
import { ratio } from "./report";
import { median } from "./stats";
import { args, numberArg } from "./args";
import { servedPolicies, type AnalyzeHandler as Handler, type SdkServer as Server } from "./sdkHandler";

const SEED = 0x0b5_55e;

interface DeserializeModule {
    deserializeProperties: unknown;
}

interface PolicySet {
    readonly label: string;
    readonly handler: Handler;
    readonly policies: readonly unknown[];
    /** The deserializer the set is served with. */
    readonly deserialize: unknown;
}

/** The resource policies of the build under `dir` (its bin/), wrapped as its index.js serves them. */
function packPolicies(dir: string): { policies: unknown[]; deserialize: unknown } {
    const deserializeModule = require("@pulumi/policy/deserialize") as DeserializeModule;
    const shipped = deserializeModule.deserializeProperties;
    const bin = path.join(dir, "bin", "policies");
    const { keepSecretMarks } = require(path.join(bin, "sdkSecrets")) as { keepSecretMarks: () => boolean };
    // The patch is idempotent by a marker: take it off, so that each build installs (and registers) its own.
    keepSecretMarks();
    const deserialize = deserializeModule.deserializeProperties;
    deserializeModule.deserializeProperties = shipped;
    return { policies: servedPolicies(dir), deserialize };
}

/** As bench/bare-pack-9/index.js. */
function barePolicies(): unknown[] {
    const out: unknown[] = [];
    for (let i = 1; i <= 6; i++)
        out.push({ name: `bare-resource-${i}`, description: "Does nothing.", enforcementLevel: "advisory", validateResource: () => {} });
    for (let i = 1; i <= 3; i++)
        out.push({ name: `bare-stack-${i}`, description: "Does nothing.", enforcementLevel: "advisory", validateStack: () => {} });
    return out;
}

function cpuMs(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
}

async function pass(set: PolicySet, requests: readonly Uint8Array[]): Promise<{ cpuMs: number; diagnostics: number }> {
    const mod = require("@pulumi/policy/deserialize") as DeserializeModule;
    mod.deserializeProperties = set.deserialize;
    let diagnostics = 0;
    // With --expose-gc: no garbage of the previous pass is collected during this one.
    (globalThis as { gc?: () => void }).gc?.();
    const start = cpuMs();
    for (const bytes of requests) {
        const request = analyzerPb.AnalyzeRequest.deserializeBinary(bytes);
        const res = await new Promise<analyzerPb.AnalyzeResponse>((resolve, reject) => {
            void set.handler({ request }, (err, r) => (err || !r ? reject(err) : resolve(r)));
        });
        res.serializeBinary();
        diagnostics += res.getDiagnosticsList().length;
        // Between requests, the event loop turns, as in the pack's gRPC server, where each request
        // arrives as I/O (the pack lets go of a request's readings once its task is done: policies/sdkSecrets.ts).
        await new Promise((resolve) => setImmediate(resolve));
    }
    return { cpuMs: cpuMs() - start, diagnostics };
}

type Validate = (args: Record<string, unknown>, report: (...x: unknown[]) => void) => unknown;

class NotApplicable extends Error {}

/** Per request, per resource policy of the set: the arguments the SDK would pass (built now, not timed). */
function ownArguments(
    set: PolicySet,
    requests: readonly Uint8Array[],
): Array<Array<{ validate: Validate; args: Record<string, unknown> }>> {
    const mod = require("@pulumi/policy/deserialize") as DeserializeModule;
    mod.deserializeProperties = set.deserialize;
    const deserialize = set.deserialize as (s: unknown, proxySecrets: boolean) => Record<string, unknown>;
    const { unknownCheckingProxy } = require("@pulumi/policy") as { unknownCheckingProxy: (x: unknown) => Record<string, unknown> };
    const validators = set.policies.flatMap((p) => {
        const v = (p as { validateResource?: unknown }).validateResource;
        return typeof v === "function" ? [v as Validate] : [];
    });
    return requests.map((bytes) => {
        const req = analyzerPb.AnalyzeRequest.deserializeBinary(bytes);
        const aliases = req.getOptions()?.getAliasesList() ?? [];
        const prov = req.getProvider();
        return validators.map((validate) => ({
            validate,
            args: {
                type: req.getType(),
                urn: req.getUrn(),
                name: req.getName(),
                props: unknownCheckingProxy(deserialize(req.getProperties(), false)),
                opts: { aliases, protect: false, ignoreChanges: [], additionalSecretOutputs: [] },
                getConfig: () => ({}),
                notApplicable: (reason?: string) => {
                    throw new NotApplicable(reason);
                },
                ...(prov && {
                    provider: {
                        type: prov.getType(),
                        urn: prov.getUrn(),
                        name: prov.getName(),
                        props: unknownCheckingProxy(deserialize(prov.getProperties(), false)),
                    },
                }),
            },
        }));
    });
}

function ownPass(calls: ReturnType<typeof ownArguments>): { cpuMs: number; diagnostics: number } {
    let diagnostics = 0;
    const report = () => {
        diagnostics++;
    };
    (globalThis as { gc?: () => void }).gc?.();
    const start = cpuMs();
    for (const request of calls) {
        for (const { validate, args } of request) {
            try {
                validate(args, report);
            } catch (e) {
                if (!(e instanceof NotApplicable)) throw e;
            }
        }
    }
    return { cpuMs: cpuMs() - start, diagnostics };
}

async function ownMain(sets: readonly PolicySet[], requests: readonly Uint8Array[], rounds: number, n: number): Promise<void> {
    const cpu = new Map<string, number[]>(sets.map((s) => [s.label, []]));
    const warm = new Map(sets.map((s) => [s.label, ownArguments(s, requests)]));
    for (const s of sets) for (let i = 0; i < 3; i++) ownPass(warm.get(s.label)!);
    for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < sets.length; i++) {
            const s = sets[(i + r) % sets.length]!;
            const calls = ownArguments(s, requests);
            cpu.get(s.label)!.push(ownPass(calls).cpuMs);
        }
    }
    const first = cpu.get(sets[0]!.label)!;
    console.log(`The policies' own work (validateResource called directly): ${n} requests, ${rounds} rounds`);
    for (const s of sets) {
        const xs = cpu.get(s.label)!;
        const ratios = xs.map((x, i) => x / first[i]!);
        console.log(
            `  ${s.label.padEnd(12)}  ${((median(xs) / n) * 1000).toFixed(1).padStart(7)} µs/request   ÷ ${sets[0]!.label}: ${ratio(median(ratios))} (${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))})`,
        );
    }
}

async function main(): Promise<void> {
    const root = findRoot();
    const n = numberArg("--n", 2_000);
    const rounds = numberArg("--rounds", 15);
    const server = require("@pulumi/policy/server") as Server;
    const shipped = (require("@pulumi/policy/deserialize") as DeserializeModule).deserializeProperties;
    const sets: PolicySet[] = [];
    const add = (label: string, policies: unknown[], deserialize: unknown) =>
        sets.push({ label, handler: server.makeAnalyzeRpcFun(label, "0.0.1", "advisory", policies), policies, deserialize });
    add("bare-9", barePolicies(), shipped);
    const ours = packPolicies(root);
    add("obs-sse", ours.policies, ours.deserialize);
    for (const p of args("--pack")) {
        const [dir = p, label = path.basename(dir)] = p.split("=");
        const other = packPolicies(path.resolve(dir));
        add(label, other.policies, other.deserialize);
    }
    const requests = generate(n, SEED).resources.map((r) => toAnalyzeRequest(r).serializeBinary());
    const warmup = generate(500, SEED ^ 0xffff).resources.map((r) => toAnalyzeRequest(r).serializeBinary());
    if (process.argv.includes("--own")) return ownMain(sets.slice(1), requests, rounds, n);
    for (const s of sets) {
        await pass(s, warmup);
        await pass(s, requests);
    }
    const cpu = new Map<string, number[]>(sets.map((s) => [s.label, []]));
    const diagnostics = new Map<string, number>();
    for (let r = 0; r < rounds; r++) {
        // Rotate the order each round.
        for (let i = 0; i < sets.length; i++) {
            const s = sets[(i + r) % sets.length]!;
            const res = await pass(s, requests);
            cpu.get(s.label)!.push(res.cpuMs);
            diagnostics.set(s.label, res.diagnostics);
        }
    }
    const base = cpu.get("bare-9")!;
    console.log(`Analyze in process (SDK handler, request decode, response encode): ${n} requests, ${rounds} rounds`);
    console.log(`  set           CPU ms per pass (median)   µs/request   bare-9 ÷ set, per round: median (min–max)`);
    for (const s of sets) {
        const xs = cpu.get(s.label)!;
        const ratios = xs.map((x, i) => base[i]! / x);
        console.log(
            `  ${s.label.padEnd(12)}  ${median(xs).toFixed(0).padStart(10)}                 ${((median(xs) / n) * 1000).toFixed(0).padStart(6)}       ` +
                `${ratio(median(ratios))} (${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))})   ${diagnostics.get(s.label)} diagnostics`,
        );
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
});
