// A sample of the fuzzed resources through the real pack and the analyzer protocol: what the
// engine would see. No RPC fails, no defect is reported, no secret is echoed.
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackProcess } from "../../testing";
import { analyzedResourceArb, SECRET_MARKERS, stackArb } from "../fuzz/arbitraries";

const SAMPLE = Number(process.env.FUZZ_E2E_SAMPLE ?? 150);

describe("fuzzed input through the analyzer protocol", () => {
    let pack: PackProcess;
    beforeAll(async () => {
        pack = await PackProcess.launch(path.resolve(__dirname, "../.."));
        await pack.configure({});
    });
    afterAll(async () => {
        await pack?.close();
    });

    it(`Analyze and AnalyzeStack answer ${SAMPLE} hostile resources cleanly`, async () => {
        const resources = fc.sample(analyzedResourceArb, { numRuns: SAMPLE, seed: 20261126 });
        const texts: string[] = [];
        for (const r of resources) {
            const res = await pack.analyze(r);
            texts.push(...res.diagnostics.map((d) => d.message), ...res.notApplicable.map((n) => n.reason));
        }
        for (const stack of fc.sample(stackArb, { numRuns: 20, seed: 7 })) {
            const res = await pack.analyzeStack(stack);
            texts.push(...res.diagnostics.map((d) => d.message));
        }
        expect(texts.length).toBeGreaterThan(SAMPLE);
        for (const t of texts) {
            expect(t).not.toMatch(/defect in the policy pack|can't run policy/);
            for (const s of SECRET_MARKERS) expect(t.includes(s), t).toBe(false);
        }
        expect(pack.stderr).toBe("");
    }, Math.max(120_000, SAMPLE * 100));
});
