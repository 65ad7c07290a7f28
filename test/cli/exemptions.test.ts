// obs-sse-check applies the exemptions of its --config (the same file as pulumi's
// --policy-pack-config) to plans and programs alike: an exempted finding is advisory and carries
// its suppression (kind external), an expired one counts again and says so; bad exemptions are
// refused (exit 2) naming the policy and the field, never the value. Program findings carry the
// construction site of their resource.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { runCommand } from "./runCommand";

const ROOT = path.resolve(__dirname, "../..");
const PLAN = "examples/terraform/templated-endpoints/plan.json";
const PROTOCOL = "obs-sse-transfer-protocol";
/** Far from any date the suite may run on. */
const PAST = "2000-01-31";
const FUTURE = "2999-12-31";
const PLANTED = "AKIAPLANTEDSECRET";

const scratch = mkdtempSync(path.join(tmpdir(), "obs-sse-exemptions-"));
let written = 0;
function configFile(content: unknown): string {
    const file = path.join(scratch, `config-${written++}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
}

interface JsonFinding {
    policy: string;
    enforcementLevel: string;
    resource: string;
    message: string;
    location?: { file: string; line: number; column: number };
    suppression?: { kind: string; reason: string; expires?: string; expired: boolean };
}

async function check(args: string[]): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
    const r = await runCommand(["--format", "json", ...args], { cwd: ROOT });
    return { code: r.code, stderr: r.stderr, findings: r.code === 2 ? [] : (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}

describe("exemptions on Terraform plans", () => {
    const address = "aws_s3_object.via_http_var";

    it("while it holds: advisory, exit 0, with the suppression as data", async () => {
        const before = await check([PLAN]);
        expect(before.code).toBe(1);
        expect(before.findings.filter((f) => f.policy === PROTOCOL && f.resource === address).map((f) => f.enforcementLevel)).toEqual([
            "mandatory",
        ]);
        const config = configFile({
            [PROTOCOL]: { exemptions: [{ resource: "aws_s3_object.via_*", reason: "migrating, TICKET-7", expires: FUTURE }] },
        });
        const r = await check(["--config", config, PLAN]);
        expect(r.code).toBe(0);
        const exempted = r.findings.filter((f) => f.policy === PROTOCOL && f.resource === address);
        expect(exempted.map((f) => [f.enforcementLevel, f.suppression])).toEqual([
            ["advisory", { kind: "external", reason: "migrating, TICKET-7", expires: FUTURE, expired: false }],
        ]);
        expect(exempted[0]!.message).toContain(`Exempted by the policy config until ${FUTURE}: migrating, TICKET-7.`);
        // Other policies' findings on the same resource are not exempted.
        expect(r.findings.filter((f) => f.policy !== PROTOCOL).every((f) => f.suppression === undefined)).toBe(true);
    });

    it("SARIF: a result suppressed externally with its reason while the exemption holds, not once it expired", async () => {
        const suppressionsOf = async (expires: string) => {
            const config = configFile({ [PROTOCOL]: { exemptions: [{ resource: address, reason: "migrating", expires }] } });
            const r = await runCommand(["--format", "sarif", "--config", config, PLAN], { cwd: ROOT });
            const log = JSON.parse(r.stdout) as {
                runs: Array<{
                    results: Array<{
                        ruleId: string;
                        suppressions?: unknown;
                        locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>;
                    }>;
                }>;
            };
            return log.runs[0]!.results.filter(
                (x) => x.ruleId === PROTOCOL && x.locations[0]!.logicalLocations[0]!.fullyQualifiedName === address,
            ).map((x) => x.suppressions);
        };
        // An expired one stays on the result as "rejected", so code scanning shows the result as open.
        expect(await suppressionsOf(FUTURE)).toEqual([
            [{ kind: "external", status: "accepted", justification: "migrating", properties: { expires: FUTURE, expired: false } }],
        ]);
        expect(await suppressionsOf(PAST)).toEqual([
            [{ kind: "external", status: "rejected", justification: "migrating", properties: { expires: PAST, expired: true } }],
        ]);
    });

    it("once expired: mandatory again, exit 1, saying it expired", async () => {
        const config = configFile({ [PROTOCOL]: { exemptions: [{ resource: address, reason: "migrating", expires: PAST }] } });
        const r = await check(["--config", config, PLAN]);
        expect(r.code).toBe(1);
        const ended = r.findings.filter((f) => f.policy === PROTOCOL && f.resource === address);
        expect(ended.map((f) => [f.enforcementLevel, f.suppression])).toEqual([
            ["mandatory", { kind: "external", reason: "migrating", expires: PAST, expired: true }],
        ]);
        expect(ended[0]!.message).toContain(`Its exemption in the policy config expired after ${PAST} (reason: migrating)`);
    });

    it("bad exemptions: exit 2 naming the file, policy and field, never the value", async () => {
        for (const [exemptions, field] of [
            [[{ resource: PLANTED }], "exemptions.0.reason is required"],
            [[{ resource: "x", reason: "r", expires: "2027-13-01" }], "exemptions.0.expires: Does not match pattern"],
            [{ resource: PLANTED, reason: "r" }, "exemptions: Invalid type. Expected: array, given: object"],
            [[{ resource: "x", reason: "r", owner: PLANTED }], "exemptions.0: Additional property owner is not allowed"],
        ] as const) {
            const file = configFile({ [PROTOCOL]: { exemptions } });
            const r = await runCommand(["--config", file, PLAN], { cwd: ROOT });
            expect(r.code).toBe(2);
            expect(r.stderr).toContain(`${file}: validating policy config`);
            expect(r.stderr).toContain(`${PROTOCOL}: ${field}`);
            expect(r.stderr).not.toContain(PLANTED);
        }
    });
});

describe("Pulumi program directories", { timeout: PROCESS_TIMEOUT_MS }, () => {
    it("findings at the resource's construction site; exemptions applied by the pack and recorded as suppressions", async () => {
        const config = configFile({
            [PROTOCOL]: {
                exemptions: [
                    { resource: "kms-over-http", reason: "legacy importer", expires: FUTURE },
                    { resource: "*::kms-copy-http", reason: "copy job", expires: PAST },
                ],
            },
        });
        const r = await check(["--config", config, "examples/violations"]);
        expect(r.code).toBe(1);
        const of = (name: string) => r.findings.filter((f) => f.policy === PROTOCOL && f.resource.endsWith(`::${name}`));
        const exempted = of("kms-over-http");
        expect(exempted.map((f) => [f.enforcementLevel, f.suppression, f.location])).toEqual([
            [
                "advisory",
                { kind: "external", reason: "legacy importer", expires: FUTURE, expired: false },
                { file: "examples/violations/index.ts", line: 65, column: 1 },
            ],
        ]);
        expect(exempted[0]!.message).toContain(`Exempted by the policy config until ${FUTURE}: legacy importer.`);
        const ended = of("kms-copy-http");
        expect(ended.map((f) => [f.enforcementLevel, f.suppression, f.location])).toEqual([
            [
                "mandatory",
                { kind: "external", reason: "copy job", expires: PAST, expired: true },
                { file: "examples/violations/index.ts", line: 87, column: 1 },
            ],
        ]);
        // Not exempted: no suppression, but still located.
        const plain = of("kms-stack-key");
        expect(plain.map((f) => [f.enforcementLevel, f.suppression, f.location])).toEqual([
            ["mandatory", undefined, { file: "examples/violations/index.ts", line: 78, column: 1 }],
        ]);
    });
});
