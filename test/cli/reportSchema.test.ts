// Findings as data in obs-sse-check's reports: every JSON report follows the published schema,
// findings on plans carry their judged calls (with the matrix rows they cite) and their fix, and
// SARIF results carry the same as properties with a fingerprint of policy, subject and cause.
import { readdirSync, existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../cli/config";
import { renderJson, renderSarif, type InputReport } from "../../cli/output";
import { checkPlan } from "../../cli/terraform/check";
import { policies } from "../../policies/registry";
import { isUnknown, UNKNOWN_VALUE } from "../../policies/values";
import { reportSchemaErrors } from "../support/reportSchema";
import { at } from "../support/items";

const EXAMPLES = path.resolve(__dirname, "../../examples/terraform");
const CONFIG = loadConfig(undefined);
const plans = readdirSync(EXAMPLES).filter((d) => existsSync(path.join(EXAMPLES, d, "plan.json")));

async function reportOf(name: string): Promise<InputReport> {
    return (await checkPlan(path.join(EXAMPLES, name, "plan.json"), CONFIG)).report;
}

interface JsonFinding {
    policy: string;
    resource: string;
    enforcementLevel: string;
    message: string;
    calls?: Array<{ interface: string; protocol: string; row?: { edition: string; table: number; row: number } }>;
    fix?: { kind: string; field?: string; value?: string };
}

describe("the JSON report", () => {
    it("follows schema/obs-sse-check-report.schema.json for every example plan", async () => {
        expect(plans.length).toBeGreaterThan(5);
        for (const name of plans) expect(reportSchemaErrors(renderJson([await reportOf(name)])), name).toEqual([]);
    });

    it("the schema is not vacuous: it refuses a finding without its policy, and a call without its interface", async () => {
        const doc = JSON.parse(renderJson([await reportOf("endpoint-variable")])) as { findings: Array<Record<string, unknown>> };
        expect(doc.findings.length).toBeGreaterThan(0);
        const noPolicy = structuredClone(doc);
        delete at(noPolicy.findings, 0).policy;
        expect(reportSchemaErrors(JSON.stringify(noPolicy)).join()).toContain("policy");
        const badCall = structuredClone(doc);
        at(badCall.findings, 0).calls = [{ encryption: "SSE-KMS", protocol: "HTTP" }];
        expect(reportSchemaErrors(JSON.stringify(badCall)).join()).toContain("interface");
    });

    it("a plan finding over HTTP carries its calls with the cited rows and a fix that sets the provider's endpoint argument", async () => {
        const doc = JSON.parse(renderJson([await reportOf("endpoint-variable")])) as { findings: JsonFinding[] };
        const protocol = doc.findings.filter((f) => f.policy === "obs-sse-transfer-protocol" && f.enforcementLevel === "mandatory");
        expect(protocol.length).toBeGreaterThan(0);
        for (const f of protocol) {
            expect(f.calls!.length).toBeGreaterThan(0);
            for (const c of f.calls!) {
                expect(c.protocol).toBe("HTTP");
                expect(f.message).toContain(`${c.row!.edition} matrix table ${c.row!.table} `);
                expect(f.message).toContain(c.interface);
            }
            expect(f.fix).toMatchObject({ kind: "set", field: "endpoints[0].s3" });
            expect(f.fix!.value).toMatch(/^https:\/\//);
            expect(f.message).toContain(f.fix!.value!);
        }
    });
});

describe("the SARIF report", () => {
    interface SarifResult {
        ruleId: string;
        partialFingerprints: Record<string, string>;
        properties?: { calls?: unknown[]; fix?: unknown };
        locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>;
    }
    const resultsOf = (report: InputReport): SarifResult[] =>
        at((JSON.parse(renderSarif([report], policies, () => "mandatory")) as { runs: Array<{ results: SarifResult[] }> }).runs, 0).results;

    it("results carry calls and fix as properties, and a fingerprint of policy, subject and cause that a re-run keeps", async () => {
        const first = resultsOf(await reportOf("endpoint-variable"));
        const again = resultsOf(await reportOf("endpoint-variable"));
        expect(first.some((r) => (r.properties?.calls?.length ?? 0) > 0 && r.properties?.fix !== undefined)).toBe(true);
        expect(again.map((r) => r.partialFingerprints)).toEqual(first.map((r) => r.partialFingerprints));
        for (const r of first) expect(Object.keys(r.partialFingerprints)).toEqual(["obsSseFinding/v2"]);
    });

    it("two findings of one policy on one resource for different causes get different fingerprints", async () => {
        const report = await reportOf("endpoint-variable");
        const f = at(report.findings, 0);
        const twin: InputReport = {
            ...report,
            findings: [f, { ...f, cause: `${f.cause ?? ""}|another` }, { ...f, message: `${f.message} (reworded)` }],
        };
        const [a, b, c] = resultsOf(twin).map((r) => r.partialFingerprints["obsSseFinding/v2"]);
        expect(a).not.toBe(b);
        // A reworded message is the same finding.
        expect(c).toBe(a);
    });
});

describe("the core's unknown mark", () => {
    it("reads as unknown, as the engine's sentinels do", () => {
        expect(isUnknown(UNKNOWN_VALUE)).toBe(true);
        expect(isUnknown("04da6b54-80e4-46f7-96ec-b56ff0331ba9")).toBe(true);
        expect(isUnknown({})).toBe(false);
        expect(Object.isFrozen(UNKNOWN_VALUE)).toBe(true);
    });
});
