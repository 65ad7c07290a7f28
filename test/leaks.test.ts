// The leak property at every edge of obs-sse-check, in every output format: Terraform plans whose
// endpoints come from sensitive root and module variables, whose attributes are marked in
// after_sensitive, and whose plain endpoints and credentials carry secret markers; and Pulumi
// program directories whose stack file holds markers in credentials and endpoints (plain,
// `secure:`, and in broken YAML). No output shows a marker, and for a sensitive source nothing
// derived from it (host, path, region, length); the verdict stays what the matrix says.
// FUZZ_RUNS scales the plan property as in test/fuzz.test.ts; FUZZ_PROGRAM_RUNS the program one
// (each program run launches a pack and captures a program: seconds each).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leakIn } from "./fuzz/arbitraries";
import { buildPlan, planCaseArb } from "./fuzz/leaks";
import { runCommand, type CommandResult } from "./cli/runCommand";

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : RUNS > 1_000 ? undefined : 20261207;
const TIMEOUT = Math.max(60_000, RUNS * 60);
const FORMATS = ["text", "json", "sarif"] as const;

interface JsonReport {
    findings: Array<{ policy: string; enforcementLevel: string; resource: string; message: string }>;
    summary: { mandatory: number };
}

/** Asserts that `out` shows no marker, none of `forbidden`, and no "<n> characters" for `lengths`. */
function expectNothingSecret(out: string, label: string, forbidden: readonly string[] = [], lengths: readonly number[] = []): void {
    expect(leakIn(out), `${label} leaks part of a marker:\n${out}`).toBeUndefined();
    const lower = out.toLowerCase();
    for (const f of forbidden) expect(lower.includes(f.toLowerCase()), `${label} shows ${JSON.stringify(f)} of a sensitive value:\n${out}`).toBe(false);
    for (const n of lengths) expect(out, `${label} gives the length of a sensitive value`).not.toMatch(new RegExp(`\\b${n} characters?\\b`));
    expect(out, label).not.toMatch(/internal error|defect in the policy pack/);
}

describe("Terraform plans with sensitive and credentialed endpoints, in every format", () => {
    it("no marker, nothing derived from a sensitive value, and the verdict the matrix gives", async () => {
        let sawMandatory = 0;
        await fc.assert(fc.asyncProperty(planCaseArb, async (c) => {
            const built = buildPlan(c);
            const text = JSON.stringify(built.plan);
            const results = new Map<string, CommandResult>();
            for (const format of FORMATS) results.set(format, await runCommand(["--format", format, "-"], { cwd: process.cwd(), stdin: text }));
            const json = JSON.parse(results.get("json")!.stdout) as JsonReport;
            const verdict = json.summary.mandatory > 0 ? 1 : 0;
            for (const [format, r] of results) {
                expect(r.code, `${format}: exit code\n${r.stderr}`).toBe(verdict);
                expectNothingSecret(`${r.stdout}\n${r.stderr}`, format, built.forbidden, built.sensitiveLengths);
            }
            for (const address of built.mandatory) {
                const found = json.findings.filter((f) => f.resource === address && f.policy === "obs-sse-transfer-protocol");
                expect(found.map((f) => f.enforcementLevel), `${address}: ${JSON.stringify(json.findings)}`).toContain("mandatory");
                sawMandatory++;
            }
        }), { numRuns: RUNS, seed });
        // The generators reach the case the verdict claim is about.
        expect(sawMandatory).toBeGreaterThan(0);
    }, TIMEOUT);
});
