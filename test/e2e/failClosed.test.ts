// What `pulumi preview` shows when a policy of the pack crashes, through the analyzer protocol:
// a pack whose policies are built with the pack's own resourcePolicy/stackPolicy and throw.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackProcess } from "../../engine/pack";
import { resource, T } from "../helpers/fixtures";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { at } from "../support/items";

const object = resource(T.objectV2, "my-object", { bucket: "b", key: "k", content: "x" });

describe("a crashing policy through the analyzer protocol", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    beforeAll(async () => {
        pack = await PackProcess.launch(path.resolve(__dirname, "../fixtures/faulty-pack"), { timeoutMs: PROCESS_TIMEOUT_MS });
    }, PROCESS_TIMEOUT_MS);
    afterAll(async () => {
        await pack?.close();
    });

    it("reports a crashed check and a crashed stack check at the policies' levels, without the error text", async () => {
        await pack.configure({ "remediation-crashes": "disabled" });
        const analyzed = await pack.analyze(object);
        expect(analyzed.diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["check-crashes", "mandatory"]]);
        expect(at(analyzed.diagnostics, 0).message).toContain(
            'check-crashes could not decide for aws:s3/bucketObjectv2:BucketObjectv2 "my-object"',
        );
        const stack = await pack.analyzeStack([object]);
        expect(stack.diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["stack-check-crashes", "mandatory"]]);
        await pack.configure({ "check-crashes": "advisory" });
        expect((await pack.analyze(object)).diagnostics.find((d) => d.policyName === "check-crashes")?.enforcementLevel).toBe("advisory");
        for (const d of [...analyzed.diagnostics, ...stack.diagnostics]) expect(d.message).not.toMatch(/AKIA|cret|cannot parse/);
        expect(pack.stderr).not.toMatch(/AKIA/);
    });

    it("reports a crashed remediation in the Analyze that follows it, as the engine runs them", async () => {
        await pack.configure({ "check-crashes": "disabled", "stack-check-crashes": "disabled", "remediation-crashes": "remediate" });
        const remediated = await pack.remediate(object);
        expect(remediated.remediations).toEqual([]);
        const analyzed = await pack.analyze(object);
        expect(analyzed.diagnostics).toHaveLength(1);
        expect(analyzed.diagnostics[0]).toMatchObject({ policyName: "remediation-crashes", enforcementLevel: "mandatory" });
        expect(at(analyzed.diagnostics, 0).message).toContain(
            'remediation-crashes could not remediate aws:s3/bucketObjectv2:BucketObjectv2 "my-object"',
        );
        expect(at(analyzed.diagnostics, 0).message).not.toMatch(/AKIA|cret|cannot parse/);
    });
});
