// The in-process check of a captured program (cli/pulumi/program.ts) on what only a hand-made
// policy can show: a remediation that crashes changes nothing and is reported by its policy's
// validation, as the pack's SDK handlers report it.
import { describe, expect, it } from "vitest";
import { checkCapturedProgram } from "../../cli/pulumi/program";
import type { CapturedProgram } from "../../engine/capture";
import { findings, resourcePolicy, stackPolicy } from "../../policies/policy";
import { resource, T } from "../helpers/fixtures";
import { crashWithSecretText, probeMeta } from "../helpers/probes";
import { sdkAnalyze, sdkRemediate } from "../helpers/sdk";

const meta = probeMeta("crash-probe", "Crash probe.", "mandatory");
const crash = crashWithSecretText;
const object = resource(T.objectV2, "my-object", { bucket: "b" });
const program: CapturedProgram = { project: "p", stack: "dev", config: {}, resources: [object] };

describe("a program checked in-process", () => {
    it("a crashed remediation changes nothing and is reported once, at mandatory, as the SDK reports it", async () => {
        const inProcess = checkCapturedProgram(program, [resourcePolicy(meta, () => findings(), crash)], {
            "crash-probe": { enforcementLevel: "remediate", properties: {} },
        });
        const served = resourcePolicy(meta, () => findings(), crash);
        expect(await sdkRemediate([served], object)).toEqual([]);
        const viaSdk = await sdkAnalyze([served], object, {}, "remediate");
        expect(inProcess.remediated).toEqual([]);
        expect(inProcess.records.map((r) => [r.level, r.subject, r.message])).toEqual(
            viaSdk.diagnostics.map((d) => [d.enforcementLevel, object.urn, d.message]),
        );
        expect(inProcess.records).toHaveLength(1);
        expect(inProcess.records[0]!.message).toContain('crash-probe could not remediate aws:s3/bucketObjectv2:BucketObjectv2 "my-object"');
        expect(inProcess.records[0]!.message).not.toMatch(/AKIA|cret/);
        expect(inProcess.records[0]!.finding.cause).toBe("internal-error");
    });

    it("a remediation that works is listed, and the resource is judged as remediated", () => {
        const remedied = resourcePolicy(
            meta,
            (r) => {
                const props = r.props as Record<string, unknown>;
                return props.bucket === "fixed" ? findings() : findings({ message: "not fixed" });
            },
            (r) => {
                r.props.bucket = "fixed";
                return true;
            },
        );
        const at = (level: "remediate" | "mandatory") =>
            checkCapturedProgram(program, [remedied], { "crash-probe": { enforcementLevel: level, properties: {} } });
        expect(at("remediate")).toMatchObject({ records: [], remediated: [{ urn: object.urn, policyName: "crash-probe" }] });
        expect(at("mandatory").records.map((r) => r.message)).toEqual(["Crash probe.\nnot fixed"]);
        // The captured inputs are not changed.
        expect(object.properties.bucket).toBe("b");
    });
});

describe("a program's report", () => {
    it("a finding about the stack as a whole is the (stack)'s, as for stack exports; its record's exemption is its suppression", async () => {
        const { programReport } = await import("../../cli/main.js");
        const policy = stackPolicy(meta, () => findings({ message: "the stack at large" }, { message: "a bucket", urn: object.urn }));
        const config = {
            "crash-probe": {
                enforcementLevel: "mandatory" as const,
                properties: { exemptions: [{ resource: "my-object", reason: "known" }] },
            },
        };
        const checked = checkCapturedProgram(program, [policy], config);
        const report = programReport(
            "prog",
            {
                dir: "/nowhere/prog",
                stack: "dev",
                stackConfigFile: undefined,
                stackLabel: "stack dev",
                resourceCount: 1,
                packLabel: "obs-sse@v1 (in-process)",
                remediated: [],
                diagnostics: checked.records.map((r) => ({
                    policyName: r.policy,
                    enforcementLevel: r.level,
                    severity: "high",
                    message: r.message,
                    urn: r.subject,
                    resourceType: r.resourceType,
                    resourceName: r.resourceName,
                    finding: r.finding,
                })),
            },
            "/nowhere",
        );
        expect(report.findings.map((f) => [f.resource, f.resourceType, f.resourceName, f.enforcementLevel, f.suppression?.reason])).toEqual(
            [
                ["(stack)", "stack", "(stack)", "mandatory", undefined],
                [object.urn, "aws:s3/bucketObjectv2:BucketObjectv2", "my-object", "advisory", "known"],
            ],
        );
        expect(report.findings.every((f) => f.calls !== undefined && f.cause !== undefined)).toBe(true);
    });
});
