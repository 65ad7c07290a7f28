// A policy that crashes must not let the resource through: its finding goes out at the policy's
// configured level, names the resource and says the pack could not decide, without the exception
// text. A remediation that crashes is reported by the same policy's next validation. All through
// the SDK's own Analyze, AnalyzeStack and Remediate handlers.
import { describe, expect, it } from "vitest";
import { findings, resourcePolicy, stackPolicy, type PackPolicyMeta } from "../../policies/policy";
import { resource, T } from "../helpers/fixtures";
import { crashWithSecretText, probeMeta } from "../helpers/probes";
import { sdkAnalyze, sdkAnalyzeStack, sdkRemediate } from "../helpers/sdk";
import { at, only } from "../support/items";

const meta = (enforcementLevel: "advisory" | "mandatory"): PackPolicyMeta => probeMeta("crash-probe", "Crash probe.", enforcementLevel);
const crash = crashWithSecretText;
const object = resource(T.objectV2, "my-object", { bucket: "b" });

describe("fail closed", () => {
    it("a crashed check is reported at the policy's own level, naming the resource, without the error text", async () => {
        const res = await sdkAnalyze([resourcePolicy(meta("mandatory"), crash)], object);
        expect(res.diagnostics).toHaveLength(1);
        const d = only(res.diagnostics);
        expect(d.enforcementLevel).toBe("mandatory");
        expect(d.message).toContain('crash-probe could not decide for aws:s3/bucketObjectv2:BucketObjectv2 "my-object"');
        expect(d.message).toContain("defect in the policy pack");
        expect(d.message).not.toMatch(/AKIA|cret|parse error/);
    });

    it("follows the level the policy is configured at", async () => {
        expect(
            at((await sdkAnalyze([resourcePolicy(meta("mandatory"), crash)], object, {}, "advisory")).diagnostics, 0).enforcementLevel,
        ).toBe("advisory");
        expect(
            at((await sdkAnalyze([resourcePolicy(meta("advisory"), crash)], object, {}, "mandatory")).diagnostics, 0).enforcementLevel,
        ).toBe("mandatory");
    });

    it("a crashed stack check is reported at the policy's level", async () => {
        const res = await sdkAnalyzeStack([stackPolicy(meta("mandatory"), crash)], [object]);
        expect(res.diagnostics).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                message: expect.stringContaining("crash-probe could not decide for the stack"),
            }),
        ]);
        expect(at(res.diagnostics, 0).message).not.toMatch(/AKIA|cret/);
    });

    it("a crashed remediation changes nothing and is reported once by the policy's validation", async () => {
        const policy = resourcePolicy(meta("mandatory"), () => findings(), crash);
        expect(await sdkRemediate([policy], object)).toEqual([]);
        const after = await sdkAnalyze([policy], object, {}, "remediate");
        expect(after.diagnostics).toHaveLength(1);
        expect(at(after.diagnostics, 0).enforcementLevel).toBe("mandatory");
        expect(at(after.diagnostics, 0).message).toContain(
            'crash-probe could not remediate aws:s3/bucketObjectv2:BucketObjectv2 "my-object"',
        );
        expect(at(after.diagnostics, 0).message).not.toMatch(/AKIA|cret/);
        // Reported once; another resource's validation does not pick it up.
        expect((await sdkAnalyze([policy], object, {}, "remediate")).diagnostics).toEqual([]);
    });
});
