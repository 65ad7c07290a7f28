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
import {
    bodyNearLimit,
    bodyNearLimitArb,
    endpointsHoldingArb,
    kmsObjectArb,
    knownUrlArb,
    overHttpAndHttpsArb,
    SINGLE_PUT_LIMIT,
} from "./fuzz/oracles";
import { transferProtocolPolicy } from "../policies/rules/transferProtocol";
import { T } from "./helpers/fixtures";
import { asRuntimeProps, runResourcePolicy } from "./helpers/runPolicy";
import { runStackPolicy } from "./helpers/runStack";
import type { StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import { runParameters } from "./support/fuzz";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
// npm test uses a fixed seed so CI is repeatable; the long run (npm run fuzz) draws a new one each
// time, and fast-check prints it with any counterexample (replay with FUZZ_SEED=<seed>).
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : RUNS > 1_000 ? undefined : 20261126;
const params = runParameters(RUNS, seed);
/** Long runs (npm run fuzz) take minutes per property. */
const TIMEOUT = Math.max(120_000, RUNS * 8);
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
    it(
        "parseEndpoint decides every text: a URL with protocol and host, or a stated problem",
        () => {
            fc.assert(
                fc.property(endpointText, (text) => {
                    const r = parseEndpoint(text);
                    if (r.kind === "url" && /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) {
                        // What WHATWG makes of the same text, independently: the reading must agree with it.
                        const url = new URL(text.trim());
                        expect(r.protocol).toBe(url.protocol === "http:" ? "HTTP" : "HTTPS");
                        expect(r.host).toBe(
                            url.hostname
                                .toLowerCase()
                                .replace(/^\[|\]$/g, "")
                                .replace(/\.$/, ""),
                        );
                    } else if (r.kind === "invalid") {
                        expect(r.problem).toMatch(
                            /^(has no scheme|is not a valid URL|uses the scheme "[^"]*", but OBS is reached over http or https only|has no host|has an @ after its host|has "https?:" without the "\/\/")/,
                        );
                    }
                    expect(leakIn(JSON.stringify(r)), JSON.stringify(r)).toBeUndefined();
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "parseEndpoint reads URLs built from known parts exactly: protocol, host and what it shows",
        () => {
            fc.assert(
                fc.property(knownUrlArb, (u) => {
                    expect(parseEndpoint(u.text)).toEqual({ kind: "url", protocol: u.protocol, host: u.host, shown: u.shown });
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "readProvider reads any provider inputs without throwing, and states problems by field",
        () => {
            fc.assert(
                fc.property(providerArb, (p) => {
                    const s = readProvider({ ...p, props: asRuntimeProps(p.properties) });
                    if (p.type !== "pulumi:providers:aws") {
                        expect(s).toBeUndefined();
                        return;
                    }
                    for (const read of [s!.endpoint, s!.insecure, s!.pathStyle]) {
                        if (read.state === "invalid") expect(read.problem).toMatch(/^(endpoints|insecure|s3UsePathStyle)/);
                    }
                    expect(leakIn(JSON.stringify(s)), JSON.stringify(s)).toBeUndefined();
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "readProvider finds a known endpoint wherever and however it is given, and reads it as parseEndpoint does",
        () => {
            fc.assert(
                fc.property(
                    knownUrlArb.chain((u) => endpointsHoldingArb(u.text).map((e) => ({ u, e }))),
                    ({ u, e }) => {
                        const s = readProvider({
                            type: "pulumi:providers:aws",
                            urn: "urn:p",
                            name: "p",
                            props: asRuntimeProps({ region: "eu-de", endpoints: e.value }),
                        })!;
                        expect(s.endpointField).toBe(e.field);
                        expect(s.endpoint).toEqual({
                            state: "value",
                            value: { kind: "url", protocol: u.protocol, host: u.host, shown: u.shown },
                        });
                    },
                ),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "readResource reads any props without throwing; its problems name a field; it never plans a row no resource calls",
        () => {
            fc.assert(
                fc.property(resourceArb, ({ type, props }) => {
                    const plan = readResource(type, asRuntimeProps(props));
                    for (const p of plan?.problems ?? []) expect(p).toMatch(/^[a-zA-Z[\]0-9./]+ /);
                    for (const c of plan?.calls ?? []) expect(["GET Object", "POST Object", "Upload Part - Copy"]).not.toContain(c.iface);
                    expect(leakIn(JSON.stringify(plan?.problems ?? [])), JSON.stringify(plan?.problems)).toBeUndefined();
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "oracle: any object or copy with kmsKeyId set (and no SSE-C input) is SSE-KMS in every call",
        () => {
            fc.assert(
                fc.property(kmsObjectArb, ({ type, props }) => {
                    const plan = readResource(type, asRuntimeProps(props))!;
                    expect(plan.encryption).toEqual({ values: ["SSE-KMS"] });
                    for (const c of plan.calls) expect(c.target.values).toEqual(["SSE-KMS"]);
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "oracle: a body over 5 MiB is never sent with PUT Object, one of 5 MiB or less always is",
        () => {
            fc.assert(
                fc.property(bodyNearLimitArb, (tail) => {
                    const { props, bytes } = bodyNearLimit(tail);
                    // Few runs: each measures megabytes. Plain props: a body of megabytes through the Struct round trip would only measure protobuf.
                    const ifaces = readResource(T.objectV2, props)!.calls.map((c) => c.iface);
                    if (bytes > SINGLE_PUT_LIMIT)
                        expect(ifaces).toEqual(["Initiate Multipart Upload", "Upload Part", "Complete Multipart Upload", "HEAD Object"]);
                    else expect(ifaces).toEqual(["PUT Object", "HEAD Object"]);
                }),
                { ...params, numRuns: Math.min(RUNS, 60) },
            );
        },
        TIMEOUT,
    );
});

describe("metamorphic properties of the policies", () => {
    it(
        "the HTTPS twin of any resource that fails obs-sse-transfer-protocol over HTTP passes it",
        async () => {
            let failedOverHttp = 0;
            await fc.assert(
                fc.asyncProperty(overHttpAndHttpsArb, async ({ overHttp, overHttps }) => {
                    const http = await runResourcePolicy(transferProtocolPolicy, overHttp);
                    if (!http.violations.some((v) => v.message.includes(" OBS over HTTP, which the OBS SSE matrix does not allow"))) return;
                    failedOverHttp++;
                    expect((await runResourcePolicy(transferProtocolPolicy, overHttps)).violations).toEqual([]);
                }),
                params,
            );
            // The generators must reach the case the property is about.
            expect(failedOverHttp).toBeGreaterThan(0);
        },
        TIMEOUT,
    );
});

describe("fuzzing the policies", () => {
    it(
        "every resource policy decides or reports, naming the resource, never throwing or leaking",
        async () => {
            await fc.assert(
                fc.asyncProperty(analyzedResourceArb, async (r) => {
                    for (const policy of resourcePolicies) {
                        const run = await runResourcePolicy(policy, r);
                        if (run.notApplicable !== undefined) expect(run.notApplicable.length).toBeGreaterThan(10);
                        assertClean([run.notApplicable ?? ""], `${policy.name} (not applicable)`);
                        for (const v of run.violations) expect(v.message).toContain(`"${r.name}"`);
                        assertClean(
                            run.violations.map((v) => v.message),
                            policy.name,
                        );
                    }
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "every stack policy handles any stack without throwing or leaking",
        async () => {
            await fc.assert(
                fc.asyncProperty(stackArb, async (stack) => {
                    for (const policy of stackPolicies) {
                        const run = await runStackPolicy(policy, stack);
                        const urns = new Set(stack.map((r) => r.urn));
                        for (const v of run.violations) expect(urns.has(v.urn!), `${policy.name}: ${v.message}`).toBe(true);
                        assertClean(
                            run.violations.map((v) => v.message),
                            policy.name,
                        );
                    }
                }),
                { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) },
            );
        },
        TIMEOUT,
    );
});
