// Every example program, captured under Pulumi's mocks and replayed to the pack launched as the
// CLI launches it, yields exactly its expected diagnostics.
import { beforeAll, describe, expect, it } from "vitest";
import { type CapturedProgram, type PackProcess, replayProgram, type ReplayResult, SECRET_SIG } from "../../testing";
import { capturedExample } from "../support/captureCache";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { at, field } from "../support/items";

const programs: Record<string, CapturedProgram> = {};

const summary = (r: ReplayResult) => r.diagnostics.map((d) => `${d.phase} ${d.enforcementLevel} ${d.policyName} ${d.resourceName}`).sort();

describe("example programs through the pack", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    beforeAll(async () => {
        const [p, compliant, violations] = await Promise.all([sharedPack(), capturedExample("compliant"), capturedExample("violations")]);
        pack = p;
        programs.compliant = compliant;
        programs.violations = violations;
    }, PROCESS_TIMEOUT_MS);

    async function run(name: string, config = {}) {
        const program = field(programs, name);
        await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
        await pack.configure(config);
        return replayProgram(pack, program);
    }

    it("compliant: no diagnostics at all", async () => {
        const r = await run("compliant");
        expect(summary(r)).toEqual([]);
        // Every OBS resource was judged, not skipped: the S3 resources are applicable to the transfer-protocol rule.
        const skipped = r.notApplicable.filter((n) => n.policyName === "obs-sse-transfer-protocol" && /aws:s3\//.test(n.urn));
        expect(skipped.map((n) => n.urn)).toEqual([]);
    });

    it("violations: exactly the expected diagnostics", async () => {
        expect(summary(await run("violations"))).toEqual([
            "analyze advisory obs-https-hardening kms-copy-http",
            "analyze advisory obs-https-hardening kms-over-http",
            "analyze advisory obs-https-hardening kms-stack-key",
            "analyze advisory obs-https-hardening ssec-copy-insecure",
            "analyze advisory obs-virtual-hosted-style obs-http",
            "analyze mandatory obs-sse-c-key-transport ssec-copy-http",
            "analyze mandatory obs-sse-c-key-transport ssec-copy-insecure",
            "analyze mandatory obs-sse-supported-algorithm sse-s3-object",
            "analyze mandatory obs-sse-transfer-protocol kms-copy-http",
            "analyze mandatory obs-sse-transfer-protocol kms-over-http",
            "analyze mandatory obs-sse-transfer-protocol kms-stack-key",
            "analyze mandatory obs-sse-transfer-protocol ssec-copy-http",
            "analyzeStack advisory obs-secure-transport-policy http-bucket",
            "analyzeStack advisory obs-secure-transport-policy kms-default",
            "analyzeStack advisory obs-secure-transport-policy named",
            "analyzeStack advisory obs-sse-inherited-encryption inherits-kms",
            "analyzeStack advisory obs-sse-inherited-encryption named-literal-object",
        ]);
    });

    it("violations: the plain-AWS provider's resources are out of scope", async () => {
        const r = await run("violations");
        expect(r.diagnostics.filter((d) => /aws-logs|aws-kms-object|aws-frankfurt/.test(d.urn))).toEqual([]);
        const na = r.notApplicable.filter((n) => n.urn.endsWith("::aws-kms-object") && n.policyName === "obs-sse-transfer-protocol");
        expect(at(na, 0).reason).toMatch(/aws-frankfurt" sets no S3 endpoint/);
    });

    it("violations with remediation: providers are fixed, what needs a decision stays", async () => {
        const r = await run("violations", { "obs-sse-transfer-protocol": "remediate", "obs-virtual-hosted-style": "remediate" });
        const fixed = Object.fromEntries(r.remediated.map((x) => [x.urn.split("::").pop(), x]));
        expect(Object.keys(fixed).sort()).toEqual(["default_7_48_0", "obs-http"]);
        // Both fixes land on obs-http; its inputs keep their serialized form and their secrets.
        const obsHttp = r.remediated.filter((x) => x.urn.endsWith("::obs-http")).pop()!.properties;
        expect(obsHttp.endpoints).toBe('[{"s3":"https://obs.eu-de.otc.t-systems.com"}]');
        expect(obsHttp.s3UsePathStyle).toBe("false");
        expect(obsHttp.accessKey).toMatchObject({ "4dabf18193072939515e22adb298388d": SECRET_SIG });
        expect(fixed.default_7_48_0.properties.endpoints).toBe('[{"s3":"https://obs.eu-de.otc.t-systems.com"}]');
        expect(summary(r)).toEqual([
            "analyze advisory obs-https-hardening ssec-copy-insecure",
            "analyze mandatory obs-sse-c-key-transport ssec-copy-insecure",
            "analyze mandatory obs-sse-supported-algorithm sse-s3-object",
            "analyzeStack advisory obs-secure-transport-policy http-bucket",
            "analyzeStack advisory obs-secure-transport-policy kms-default",
            "analyzeStack advisory obs-secure-transport-policy named",
        ]);
    });

    it("keeps the example's secrets out of every message", async () => {
        const r = await run("violations");
        const text = JSON.stringify(r.diagnostics);
        const checked = Object.values(field(programs, "violations").config).filter((v) => v.length >= 16 && !/^(https?:|arn:|\[)/.test(v));
        // The example must hold secrets for this test to mean anything.
        expect(checked.length).toBeGreaterThan(0);
        for (const v of checked) expect(text).not.toContain(v);
    });
});
