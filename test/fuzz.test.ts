// Property-based robustness: whatever the engine sends, no policy throws, and every outcome is a
// decision (pass, or not applicable with a reason) or a message that names the resource and never
// echoes a secret. A quick run here; `npm run fuzz` runs the same properties 100,000 times.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { policies } from "../policies/registry";
import { parseEndpoint } from "../policies/endpoint";
import { readProvider } from "../policies/providers";
import { readResource } from "../policies/resources";
import { analyzedResourceArb, endpointText, leakIn, providerArb, resourceArb, stackArb } from "./fuzz/arbitraries";
import { asRuntimeProps, runResourcePolicy } from "./helpers/runPolicy";
import { runStackPolicy } from "./helpers/runStack";
import type { StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
// npm test uses a fixed seed so CI is repeatable; the long run (npm run fuzz) draws a new one each
// time, and fast-check prints it with any counterexample (replay with FUZZ_SEED=<seed>).
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : RUNS > 1_000 ? undefined : 20261126;
const params = { numRuns: RUNS, seed };
/** Long runs (npm run fuzz) take minutes per property. */
const TIMEOUT = Math.max(30_000, RUNS * 8);
const resourcePolicies = policies.filter((p): p is typeof p & ResourceValidationPolicy => "validateResource" in p);
const stackPolicies = policies.filter((p): p is typeof p & StackValidationPolicy => "validateStack" in p);

function assertClean(messages: string[], label: string): void {
    for (const m of messages) {
        expect(m, label).not.toMatch(/defect in the policy pack/);
        expect(leakIn(m), `${label} leaks part of a secret: ${m}`).toBeUndefined();
        expect(m.length, label).toBeLessThan(20_000);
    }
}

describe("fuzzing the readers", () => {
    it("parseEndpoint decides every text: a URL with protocol and host, or a stated problem", () => {
        fc.assert(fc.property(endpointText, (text) => {
            const r = parseEndpoint(text);
            if (r.kind === "url") {
                expect(["HTTP", "HTTPS"]).toContain(r.protocol);
                expect(r.host).not.toBe("");
            } else {
                expect(r.problem.length).toBeGreaterThan(5);
            }
            expect(r.shown.length).toBeLessThanOrEqual(Math.max(100, text.length));
            expect(leakIn(JSON.stringify(r)), JSON.stringify(r)).toBeUndefined();
        }), params);
    }, TIMEOUT);

    it("readProvider reads any provider inputs without throwing, and states problems by field", () => {
        fc.assert(fc.property(providerArb, (p) => {
            const s = readProvider({ ...p, props: asRuntimeProps(p.properties) });
            if (p.type !== "pulumi:providers:aws") {
                expect(s).toBeUndefined();
                return;
            }
            for (const read of [s!.endpoint, s!.insecure, s!.pathStyle]) {
                if (read.state === "invalid") expect(read.problem).toMatch(/^(endpoints|insecure|s3UsePathStyle)/);
            }
            expect(leakIn(JSON.stringify(s)), JSON.stringify(s)).toBeUndefined();
        }), params);
    }, TIMEOUT);

    it("readResource reads any props without throwing, and its problems name a field", () => {
        fc.assert(fc.property(resourceArb, ({ type, props }) => {
            const plan = readResource(type, asRuntimeProps(props));
            for (const p of plan?.problems ?? []) expect(p).toMatch(/^[a-zA-Z[\]0-9./]+ /);
            expect(leakIn(JSON.stringify(plan?.problems ?? [])), JSON.stringify(plan?.problems)).toBeUndefined();
            for (const c of plan?.calls ?? []) for (const e of c.target.values) expect(["none", "SSE-KMS", "SSE-C", "SSE-OBS"]).toContain(e);
        }), params);
    }, TIMEOUT);
});

describe("fuzzing the policies", () => {
    it("every resource policy decides or reports, naming the resource, never throwing or leaking", async () => {
        await fc.assert(fc.asyncProperty(analyzedResourceArb, async (r) => {
            for (const policy of resourcePolicies) {
                const run = await runResourcePolicy(policy, r);
                if (run.notApplicable !== undefined) expect(run.notApplicable.length).toBeGreaterThan(10);
                assertClean([run.notApplicable ?? ""], `${policy.name} (not applicable)`);
                for (const v of run.violations) expect(v.message).toContain(`"${r.name}"`);
                assertClean(run.violations.map((v) => v.message), policy.name);
            }
        }), params);
    }, TIMEOUT);

    it("every stack policy handles any stack without throwing or leaking", async () => {
        await fc.assert(fc.asyncProperty(stackArb, async (stack) => {
            for (const policy of stackPolicies) {
                const run = await runStackPolicy(policy, stack);
                const urns = new Set(stack.map((r) => r.urn));
                for (const v of run.violations) expect(urns.has(v.urn!), `${policy.name}: ${v.message}`).toBe(true);
                assertClean(run.violations.map((v) => v.message), policy.name);
            }
        }), { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) });
    }, TIMEOUT);
});
