// Exemptions through the engine-faithful path: the config reconciled and validated as the Pulumi
// engine does it (engine/config.ts, with the schemas the launched pack sends in GetAnalyzerInfo),
// then Configure, Analyze and AnalyzeStack on the pack launched as the CLI launches it.
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/registry";
import { type PackProcess, PolicyConfigError } from "../../testing";
import { awsProvider, KMS_KEY, resource, T } from "../helpers/fixtures";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";

const PROTOCOL = "obs-sse-transfer-protocol";
const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const kmsOverHttp = resource(T.objectV2, "report", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, http);
/** Far from any date the suite may run on. */
const PAST = "2000-01-31";
const FUTURE = "2999-12-31";
const PLANTED = "AKIAPLANTEDSECRET";

// The worker's pack process (test/support/sharedPack.ts): each test configures it as it needs.
let pack: PackProcess;
beforeAll(async () => {
    pack = await sharedPack();
    await pack.configureStack({ stack: "dev", project: "obs-app", dryRun: true });
}, PROCESS_TIMEOUT_MS);

async function configureFailure(config: unknown): Promise<PolicyConfigError> {
    try {
        await pack.configure(config as never);
    } catch (e) {
        expect(e).toBeInstanceOf(PolicyConfigError);
        return e as PolicyConfigError;
    }
    throw new Error("expected a PolicyConfigError");
}

describe("exemptions in the launched pack", { timeout: PROCESS_TIMEOUT_MS }, () => {
    it("GetAnalyzerInfo: every policy's config schema takes exemptions", async () => {
        const info = await pack.getAnalyzerInfo();
        expect(info.policies.map((p) => p.name)).toEqual(policies.map((p) => p.name));
        for (const p of info.policies) expect(Object.keys(p.configSchema?.properties ?? {}), p.name).toContain("exemptions");
    });

    it("while an exemption holds the finding is advisory and says why; expired, it is mandatory again and says so", async () => {
        await pack.configure({ [PROTOCOL]: { exemptions: [{ resource: "*::report", reason: "legacy gateway", expires: FUTURE }] } });
        const holding = (await pack.analyze(kmsOverHttp)).diagnostics.filter((d) => d.policyName === PROTOCOL);
        expect(holding.map((d) => d.enforcementLevel)).toEqual(["advisory"]);
        expect(holding[0]!.message).toContain(`Exempted by the policy config until ${FUTURE}: legacy gateway.`);

        await pack.configure({ [PROTOCOL]: { exemptions: [{ resource: kmsOverHttp.urn, reason: "legacy gateway", expires: PAST }] } });
        const ended = (await pack.analyze(kmsOverHttp)).diagnostics.filter((d) => d.policyName === PROTOCOL);
        expect(ended.map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
        expect(ended[0]!.message).toContain(`Its exemption in the policy config expired after ${PAST} (reason: legacy gateway)`);

        // Another policy's exemption leaves this one alone.
        await pack.configure({ "obs-https-hardening": { exemptions: [{ resource: "report", reason: "r" }] } });
        const other = (await pack.analyze(kmsOverHttp)).diagnostics.filter((d) => d.policyName === PROTOCOL);
        expect(other.map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
        await pack.configure({});
    });

    it("refuses bad exemptions as the engine would, naming the policy and the field, never the value", async () => {
        const cases: Array<[unknown, string | RegExp]> = [
            [PLANTED, `${PROTOCOL}: exemptions: Invalid type. Expected: array, given: string`],
            [[PLANTED], `${PROTOCOL}: exemptions.0: Invalid type. Expected: object, given: string`],
            [[{ resource: PLANTED }], `${PROTOCOL}: exemptions.0.reason is required`],
            [[{ reason: PLANTED }], `${PROTOCOL}: exemptions.0.resource is required`],
            [
                [{ resource: "r", reason: "   " }],
                /^obs-sse-transfer-protocol: exemptions\.0\.reason: Does not match pattern '.+' \(expected a reason that is not only white space\)$/,
            ],
            [
                [{ resource: "r", reason: "r", expires: "2027-02-30" }],
                /^obs-sse-transfer-protocol: exemptions\.0\.expires: Does not match pattern '.+' \(expected a calendar date YYYY-MM-DD, the last day the exemption holds\)$/,
            ],
            [
                [{ resource: "r", reason: "r", expires: 20270101 }],
                `${PROTOCOL}: exemptions.0.expires: Invalid type. Expected: string, given: integer`,
            ],
            [[{ resource: "r", reason: "r", until: PLANTED }], `${PROTOCOL}: exemptions.0: Additional property until is not allowed`],
        ];
        const empty = await configureFailure({ [PROTOCOL]: { exemptions: [{ resource: "", reason: "" }] } });
        expect(empty.errors).toEqual([
            expect.stringMatching(/^obs-sse-transfer-protocol: exemptions\.0\.reason: Does not match pattern/),
            `${PROTOCOL}: exemptions.0.reason: String length must be greater than or equal to 1`,
            `${PROTOCOL}: exemptions.0.resource: String length must be greater than or equal to 1`,
        ]);
        for (const [exemptions, expected] of cases) {
            const e = await configureFailure({ [PROTOCOL]: { exemptions } });
            expect(e.stage).toBe("validating");
            expect(e.message).not.toContain(PLANTED);
            expect(e.errors).toEqual([typeof expected === "string" ? expected : expect.stringMatching(expected)]);
        }
        await pack.configure({});
    });

    it("AnalyzeStack: an exemption names the resource a stack finding is about", async () => {
        const bucket = resource(
            T.bucket,
            "data",
            {
                bucket: "data",
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
            },
            http,
        );
        const object = {
            ...resource(T.objectV2, "plain", { serverSideEncryption: "", kmsKeyId: "", bucket: "data", key: "a.txt", content: "x" }, http),
            propertyDependencies: { bucket: [bucket.urn] },
            dependencies: [bucket.urn],
        };
        const inherited = "obs-sse-inherited-encryption";
        const exempted = "Exempted by the policy config: objects written by the legacy importer.";
        const before = (await pack.analyzeStack([bucket, object])).diagnostics.filter((d) => d.policyName === inherited);
        await pack.configure({ [inherited]: { exemptions: [{ resource: "pla*", reason: "objects written by the legacy importer" }] } });
        const after = (await pack.analyzeStack([bucket, object])).diagnostics.filter((d) => d.policyName === inherited);
        await pack.configure({});
        expect(before.map((d) => [d.urn, d.message.includes(exempted)])).toEqual([[object.urn, false]]);
        expect(after.map((d) => [d.urn, d.enforcementLevel, d.message.includes(exempted)])).toEqual([[object.urn, "advisory", true]]);
    });
});
