// Exemptions in the policy config (policies/exemptions.ts), applied by every policy's guard
// (policies/policy.ts): the glob dialect, the expiry date, the reader of unvalidated config, and
// what a finding becomes while an exemption holds and after it expired, through the SDK's own
// Analyze/AnalyzeStack handlers and through the plain checks obs-sse-check runs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPIRY_DATE_PATTERN, exemptionFor, globMatches, isExpiryDate, readExemptions, today, withToday } from "../../policies/exemptions";
import { policies } from "../../policies/registry";
import { checkResources, checkStack, type PolicyConfig } from "../../policies/run";
import { inheritedEncryptionPolicy } from "../../policies/rules/inheritedEncryption";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { findings, resourcePolicy, stackPolicy } from "../../policies/policy";
import type { WireResource } from "../../engine/wire";
import type { ResourceInput } from "../../policies/assess";
import { awsProvider, KMS_KEY, resource, T, UNKNOWN } from "../helpers/fixtures";
import { runResourcePolicy } from "../helpers/runPolicy";
import { runStackPolicy, stackResources } from "../helpers/runStack";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const kmsObject = { bucket: "b", key: "k", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY };
const report = resource(T.objectV2, "report", kmsObject, http);
const other = resource(T.objectV2, "other", kmsObject, http);

/** Far from any real date a test may run on. */
const PAST = "2000-01-31";
const FUTURE = "2999-12-31";

describe("glob dialect: * any run of characters, ? one, everything else literal", () => {
    const urn = "urn:pulumi:dev::proj::aws:s3/bucketObjectv2:BucketObjectv2::report";
    const child = "urn:pulumi:dev::proj::my:app:Store$aws:s3/bucketV2:BucketV2::data-$1";

    it("matches URNs across ::, / and $", () => {
        expect(globMatches(urn, urn)).toBe(true);
        expect(globMatches("urn:pulumi:dev::proj::*::report", urn)).toBe(true);
        expect(globMatches("urn:pulumi:*::*::aws:s3/*::*", urn)).toBe(true);
        expect(globMatches("*BucketObjectv2::rep?rt", urn)).toBe(true);
        expect(globMatches("urn:pulumi:dev::proj::my:app:Store$*::data-$?", child)).toBe(true);
        expect(globMatches("*$aws:s3/bucketV2:BucketV2::*", child)).toBe(true);
        expect(globMatches("urn:pulumi:prod::*", urn)).toBe(false);
        expect(globMatches("*::repor", urn)).toBe(false);
        expect(globMatches("?", "")).toBe(false);
        expect(globMatches("*", "")).toBe(true);
    });

    it("treats regex and brace characters literally", () => {
        expect(globMatches("a.b", "a.b")).toBe(true);
        expect(globMatches("a.b", "axb")).toBe(false);
        expect(globMatches("[ab]", "a")).toBe(false);
        expect(globMatches("{a,b}", "a")).toBe(false);
        expect(globMatches("(x)+", "(x)+")).toBe(true);
        expect(globMatches("!x", "y")).toBe(false);
    });

    it("agrees with an anchored regular expression built from the pattern", () => {
        const alphabet = fc.constantFrom("a", "b", ":", "/", "$", "*", "?", ".", "é", "😀");
        fc.assert(
            fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(alphabet, { maxLength: 10 }), (pattern, text) => {
                const glob = pattern.join("");
                const source = [...glob]
                    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
                    .join("");
                const oracle = new RegExp(`^${source}$`, "su");
                expect(globMatches(glob, text.join(""))).toBe(oracle.test(text.join("")));
            }),
        );
    });
});

describe("expiry dates: calendar dates YYYY-MM-DD", () => {
    it("accepts exactly the real calendar dates", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
                const text = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
                const date = new Date(0);
                date.setUTCFullYear(y, m - 1, d);
                const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
                expect(isExpiryDate(text), text).toBe(real);
            }),
        );
        for (const leap of ["2024-02-29", "2000-02-29", "1600-02-29"]) expect(isExpiryDate(leap), leap).toBe(true);
        for (const bad of ["2100-02-29", "1900-02-29", "2027-02-30", "2027-04-31", "2027-4-1", " 2027-04-01", "2027-04-01T00:00"])
            expect(isExpiryDate(bad), bad).toBe(false);
    });

    it("uses only syntax RE2 (the Pulumi engine's gojsonschema) shares with ECMAScript", () => {
        // No lookaround, backreferences or named groups: RE2 rejects them.
        expect(EXPIRY_DATE_PATTERN).not.toMatch(/\(\?[=!<]|\\[1-9]|\(\?</);
    });

    it("today is UTC, and injectable", () => {
        expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(withToday("2030-06-01", () => today())).toBe("2030-06-01");
        expect(() => withToday("2030-06-31", () => today())).toThrow("YYYY-MM-DD");
    });
});

describe("reading exemptions the engine did not validate", () => {
    it("keeps well-formed entries and names each malformed one without quoting it", () => {
        const reading = readExemptions({
            exemptions: [
                { resource: "report", reason: "legacy gateway" },
                { resource: "x", reason: "  " },
                { resource: "secret-name", reason: "r", expires: "31.12.2030" },
                { resource: "y", reason: "r", note: "hunter2" },
                "hunter2",
                { reason: "r" },
            ],
        });
        expect(reading.exemptions).toEqual([{ resource: "report", reason: "legacy gateway" }]);
        expect(reading.problems).toEqual([
            "policy option exemptions[1].reason must be a reason of 1 to 500 characters, got a string of 2 characters; the entry was ignored",
            "policy option exemptions[2].expires must be a calendar date YYYY-MM-DD, the last day the exemption holds, got a string of 10 characters; the entry was ignored",
            "policy option exemptions[3] has a key other than resource, reason and expires; the entry was ignored",
            "policy option exemptions[4] must be an object with resource and reason, got a string of 7 characters; the entry was ignored",
            "policy option exemptions[5].resource must be a URN, name or glob of 1 to 1000 characters, got nothing; the entry was ignored",
        ]);
        expect(readExemptions({ exemptions: "report" }).problems).toEqual([
            "policy option exemptions must be a list of {resource, reason, expires}, got a string of 6 characters; it was ignored",
        ]);
    });

    it("prefers an exemption that holds over an expired one, and reports an expired one as ended", () => {
        const list = [
            { resource: "report", reason: "old", expires: PAST },
            { resource: "rep*", reason: "new", expires: FUTURE },
        ];
        expect(exemptionFor(list, ["urn", "report"], "2026-12-07")).toEqual({ reason: "new", expires: FUTURE, expired: false });
        expect(exemptionFor(list.slice(0, 1), ["urn", "report"], "2026-12-07")).toEqual({ reason: "old", expires: PAST, expired: true });
        // The expiry is the last day the exemption holds.
        expect(exemptionFor(list.slice(0, 1), ["report"], PAST)?.expired).toBe(false);
        expect(exemptionFor(list.slice(0, 1), ["report"], "2000-02-01")?.expired).toBe(true);
        expect(exemptionFor(list, ["reporter2"], "2026-12-07")?.reason).toBe("new");
        expect(exemptionFor(list, ["other"], "2026-12-07")).toBeUndefined();
    });
});

describe("exempted findings in the pack (the SDK's Analyze handler)", () => {
    it("every policy declares the exemptions option", () => {
        for (const p of policies) expect(Object.keys(p.configSchema.properties ?? {}), p.name).toContain("exemptions");
    });

    it("while the exemption holds: advisory, low, saying so and why, other resources unaffected", async () => {
        const config = { exemptions: [{ resource: report.urn, reason: "legacy gateway, see TICKET-1", expires: FUTURE }] };
        const exempted = await runResourcePolicy(transferProtocolPolicy, report, config);
        expect(exempted.violations).toHaveLength(1);
        expect(exempted.violations[0]!.enforcementLevel).toBe("advisory");
        expect(exempted.violations[0]!.message).toContain(
            `Exempted by the policy config until ${FUTURE}: legacy gateway, see TICKET-1. Reported as advisory while the exemption holds.\n`,
        );
        expect(exempted.violations[0]!.message).toContain('"report" would call OBS over HTTP');
        const untouched = await runResourcePolicy(transferProtocolPolicy, other, config);
        expect(untouched.violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
        expect(untouched.violations[0]!.message).not.toContain("Exempted");
    });

    it("by name or glob, without expiry", async () => {
        for (const pattern of ["report", "rep?rt", "*::report", "urn:pulumi:*"]) {
            const { violations } = await runResourcePolicy(transferProtocolPolicy, report, {
                exemptions: [{ resource: pattern, reason: "r" }],
            });
            expect(
                violations.map((v) => v.enforcementLevel),
                pattern,
            ).toEqual(["advisory"]);
            expect(violations[0]!.message).toContain("Exempted by the policy config: r. Reported as advisory");
        }
    });

    it("after it expired: at the policy's level again, saying the exemption ended", async () => {
        const { violations } = await runResourcePolicy(transferProtocolPolicy, report, {
            exemptions: [{ resource: "report", reason: "legacy gateway", expires: PAST }],
        });
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
        expect(violations[0]!.message).toContain(
            `\nIts exemption in the policy config expired after ${PAST} (reason: legacy gateway), so it is reported again.`,
        );
    });

    it("the date is the injected one: the same exemption holds on its last day and ends the day after", () => {
        const config: PolicyConfig = {
            [transferProtocolPolicy.name]: {
                enforcementLevel: "mandatory",
                properties: { exemptions: [{ resource: "report", reason: "r", expires: "2027-03-31" }] },
            },
        };
        const on = (date: string) =>
            withToday(date, () => checkResources([transferProtocolPolicy], stackResources([report]) as ResourceInput[], config));
        expect(on("2027-03-31").map((r) => [r.level, r.finding.exemption])).toEqual([
            ["advisory", { reason: "r", expires: "2027-03-31", expired: false }],
        ]);
        expect(on("2027-04-01").map((r) => [r.level, r.finding.exemption])).toEqual([
            ["mandatory", { reason: "r", expires: "2027-03-31", expired: true }],
        ]);
    });

    it("a reason is shown printable: control characters escaped", async () => {
        const { violations } = await runResourcePolicy(transferProtocolPolicy, report, {
            exemptions: [{ resource: "report", reason: "ok\u001b[2J\nfake line" }],
        });
        expect(violations[0]!.message).toContain("Exempted by the policy config: ok\\u001b[2J\\nfake line.");
    });

    it("malformed entries exempt nothing and are named in an advisory finding", async () => {
        const { violations } = await runResourcePolicy(transferProtocolPolicy, report, {
            exemptions: [{ resource: "report" }],
        });
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory", "advisory"]);
        expect(violations[1]!.message).toContain("policy option exemptions[0].reason must be a reason of 1 to 500 characters, got nothing");
    });

    it("a check that crashed is reported at its level, exempted or not", async () => {
        const crashing = resourcePolicy({ ...transferProtocolPolicy, name: "obs-crashing" }, () => {
            throw new Error("boom");
        });
        const { violations } = await runResourcePolicy(crashing, report, { exemptions: [{ resource: "*", reason: "r" }] });
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
        expect(violations[0]!.message).toContain("could not decide");
    });
});

describe("exempted findings of stack policies", () => {
    const b = resource(
        T.bucket,
        "data",
        {
            bucket: "data",
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
        },
        http,
    );
    const plain: WireResource = {
        ...resource(
            T.objectV2,
            "plain",
            { serverSideEncryption: "", kmsKeyId: "", bucket: UNKNOWN.string, key: "a.txt", content: "x" },
            http,
        ),
        propertyDependencies: { bucket: [b.urn] },
        dependencies: [b.urn],
    };

    it("name the resource the finding is about", async () => {
        // This rule's findings are advisory by their source: the exemption shows in the message and the record.
        const exempted = (v: { message: string }) => v.message.includes("Exempted by the policy config");
        const before = await runStackPolicy(inheritedEncryptionPolicy, [b, plain]);
        expect(before.violations.map((v) => [v.urn, exempted(v)])).toEqual([[plain.urn, false]]);
        const after = await runStackPolicy(inheritedEncryptionPolicy, [b, plain], { exemptions: [{ resource: "plain", reason: "r" }] });
        expect(after.violations.map((v) => [v.urn, exempted(v)])).toEqual([[plain.urn, true]]);
        // Exempting the bucket does not exempt the object the finding is about.
        const bucketOnly = await runStackPolicy(inheritedEncryptionPolicy, [b, plain], { exemptions: [{ resource: "data", reason: "r" }] });
        expect(bucketOnly.violations.map((v) => [v.urn, exempted(v)])).toEqual([[plain.urn, false]]);
    });

    it("a finding about the stack as a whole is exempted by (stack), or the root stack resource's URN or name", () => {
        const stackWide = stackPolicy({ ...inheritedEncryptionPolicy, name: "obs-stack-wide" }, () =>
            findings({ message: "about the stack" }),
        );
        const root: WireResource = {
            urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
            type: "pulumi:pulumi:Stack",
            name: "proj-dev",
            properties: {},
        };
        const resolved = stackResources([root, b]) as unknown as Parameters<typeof stackWide.checkStack>[0];
        const levels = (exemptions: unknown[]) =>
            checkStack([stackWide], resolved, { [stackWide.name]: { enforcementLevel: "mandatory", properties: { exemptions } } }).map(
                (r) => r.level,
            );
        expect(levels([])).toEqual(["mandatory"]);
        expect(levels([{ resource: "data", reason: "r" }])).toEqual(["mandatory"]);
        for (const named of ["(stack)", root.urn, "proj-dev", "*pulumi:Stack*"])
            expect(levels([{ resource: named, reason: "r" }]), named).toEqual(["advisory"]);
    });
});
