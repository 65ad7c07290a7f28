// A sample of the fuzzed resources through the real pack and the analyzer protocol: what the
// engine would see. No RPC fails, no defect is reported, no secret is echoed; and a sample whose
// answer is known by construction gets exactly that answer.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { PackProcess } from "../../testing";
import { analyzedResourceArb, leakIn, stackArb } from "../fuzz/arbitraries";
import { surelyMandatory, secretEndpointArb } from "../fuzz/leaks";
import { kmsOverHttpArb } from "../fuzz/oracles";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { at } from "../support/items";
import { runParameters } from "../support/fuzz";

const SAMPLE = Number(process.env.FUZZ_E2E_SAMPLE ?? 150);
/** Runs of the secret-endpoint property: each is three requests to the pack. */
const SECRET_RUNS = process.env.FUZZ_E2E_SAMPLE === undefined ? 40 : SAMPLE;

describe("fuzzed input through the analyzer protocol", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    /** What the worker's pack (test/support/sharedPack.ts) wrote to stderr since this file took it. */
    let stderrBefore = 0;
    const stderr = () => pack.stderr.slice(stderrBefore);
    beforeAll(async () => {
        pack = await sharedPack();
        stderrBefore = pack.stderr.length;
        await pack.configure({});
    }, PROCESS_TIMEOUT_MS);

    it(
        `Analyze and AnalyzeStack answer ${SAMPLE} hostile resources cleanly`,
        async () => {
            const resources = fc.sample(analyzedResourceArb, { numRuns: SAMPLE, seed: 20261126 });
            const texts: string[] = [];
            for (const r of resources) {
                const res = await pack.analyze(r);
                texts.push(...res.diagnostics.map((d) => d.message), ...res.notApplicable.map((n) => n.reason));
            }
            for (const stack of fc.sample(stackArb, { numRuns: 20, seed: 7 })) {
                const res = await pack.analyzeStack(stack);
                texts.push(...res.diagnostics.map((d) => d.message), ...res.notApplicable.map((n) => n.reason));
            }
            expect(texts.length).toBeGreaterThan(SAMPLE);
            for (const t of texts) {
                expect(t).not.toMatch(/defect in the policy pack|can't run policy/);
                expect(leakIn(t), t).toBeUndefined();
            }
            expect(stderr()).toBe("");
        },
        Math.max(PROCESS_TIMEOUT_MS, SAMPLE * 100),
    );

    it("every generated SSE-KMS object behind an OBS provider over HTTP gets a mandatory obs-sse-transfer-protocol", async () => {
        for (const r of fc.sample(kmsOverHttpArb, { numRuns: Math.min(SAMPLE, 100), seed: 20261127 })) {
            const res = await pack.analyze(r);
            const found = res.diagnostics.filter((d) => d.policyName === "obs-sse-transfer-protocol");
            expect(
                found.map((d) => d.enforcementLevel),
                r.name,
            ).toEqual(["mandatory"]);
            // The table is the one the host's cloud publishes: otc-s3 for OTC hosts, huawei-obs for Huawei hosts.
            const table = /myhuaweicloud/.test(at(found, 0).message) ? "huawei-obs" : "otc-s3";
            expect(at(found, 0).message).toContain(
                `"${r.name}" would call OBS over HTTP, which the OBS SSE matrix does not allow for:\n  - PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: ${table} matrix table 2`,
            );
        }
    });

    it(
        "secret-wrapped endpoints (aws endpoints, huaweicloud endpoints.obs, opentelekomcloud authUrl and region): no marker, host, path or length in any message; verdict unchanged",
        async () => {
            let mandatory = 0;
            await fc.assert(
                fc.asyncProperty(secretEndpointArb, async (c) => {
                    const self = { urn: c.provider.urn, type: c.provider.type, name: c.provider.name, properties: c.provider.properties };
                    const results = [await pack.analyze(c.resource), await pack.analyze(self), await pack.analyzeStack([self, c.resource])];
                    const texts = results.flatMap((res) => [
                        ...res.diagnostics.map((d) => d.message),
                        ...res.notApplicable.map((n) => n.reason),
                    ]);
                    for (const t of texts) {
                        expect(t).not.toMatch(/defect in the policy pack|can't run policy/);
                        expect(leakIn(t), t).toBeUndefined();
                        for (const f of c.forbidden) expect(t.toLowerCase().includes(f.toLowerCase()), `shows ${f}: ${t}`).toBe(false);
                        for (const n of c.secretLengths) expect(t).not.toMatch(new RegExp(`\\b${n} characters?\\b`));
                    }
                    if (c.provider.type !== "pulumi:providers:opentelekomcloud" && surelyMandatory(c.endpoint)) {
                        const found = at(results, 0).diagnostics.filter((d) => d.policyName === "obs-sse-transfer-protocol");
                        expect(
                            found.map((d) => d.enforcementLevel),
                            JSON.stringify(found),
                        ).toEqual(["mandatory"]);
                        expect(at(found, 0).message).toMatch(/endpoints(\[\d+\]\.s3(api)?|\.obs)? \(sensitive\) is an http:\/\/ URL/);
                        mandatory++;
                    }
                }),
                runParameters(
                    SECRET_RUNS,
                    process.env.FUZZ_SEED
                        ? Number(process.env.FUZZ_SEED)
                        : process.env.FUZZ_E2E_SAMPLE !== undefined
                          ? undefined
                          : 20261208,
                ),
            );
            expect(mandatory).toBeGreaterThan(0);
            expect(stderr()).toBe("");
        },
        Math.max(PROCESS_TIMEOUT_MS, SECRET_RUNS * 500),
    );
});
