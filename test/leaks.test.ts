// The leak property at every edge of obs-sse-check, in every output format: Terraform plans whose
// endpoints come from sensitive root and module variables, whose attributes are marked in
// after_sensitive, and whose plain endpoints and credentials carry secret markers; and Pulumi
// program directories whose stack file holds markers in credentials and endpoints (plain,
// `secure:`, and in broken YAML). No output shows a marker, and for a sensitive source nothing
// derived from it (host, path, region, length); the verdict stays what the matrix says.
// FUZZ_PLAN_RUNS scales the plan property (each run is three commands, a fraction of a second);
// FUZZ_PROGRAM_RUNS the program ones (each program is a pack launch and a capture: seconds). `npm
// run fuzz` sets both; FUZZ_SEED replays a run.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { leakIn } from "./fuzz/arbitraries";
import { buildPlan, planCaseArb, stackFileArb, stackFileText, stackSurelyMandatory } from "./fuzz/leaks";
import { runCommand, type CommandResult } from "./cli/runCommand";
import { KMS_OBJECT_PROGRAM, ScratchPrograms } from "./support/programs";
import { at } from "./support/items";
import { runParameters } from "./support/fuzz";
import { PROCESS_TIMEOUT_MS } from "./support/timeouts";

const RUNS = Number(process.env.FUZZ_PLAN_RUNS ?? 15);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : RUNS > 100 ? undefined : 20261207;
const TIMEOUT = Math.max(120_000, RUNS * 1_000);
const PROGRAM_RUNS = Number(process.env.FUZZ_PROGRAM_RUNS ?? 3);
const FORMATS = ["text", "json", "sarif", "junit", "github"] as const;

interface JsonReport {
    findings: Array<{ policy: string; enforcementLevel: string; resource: string; message: string; input: string }>;
    summary: { mandatory: number };
}

/** Asserts that `out` shows no marker, none of `forbidden`, and no "<n> characters" for `lengths`. */
function expectNothingSecret(out: string, label: string, forbidden: readonly string[] = [], lengths: readonly number[] = []): void {
    expect(leakIn(out), `${label} leaks part of a marker:\n${out}`).toBeUndefined();
    const lower = out.toLowerCase();
    for (const f of forbidden)
        expect(lower.includes(f.toLowerCase()), `${label} shows ${JSON.stringify(f)} of a sensitive value:\n${out}`).toBe(false);
    for (const n of lengths)
        expect(out, `${label} gives the length of a sensitive value`).not.toMatch(new RegExp(`\\b${n} characters?\\b`));
    expect(out, label).not.toMatch(/internal error|defect in the policy pack/);
}

describe("Terraform plans with sensitive and credentialed endpoints, in every format", () => {
    it(
        "no marker, nothing derived from a sensitive value, and the verdict the matrix gives",
        async () => {
            let sawMandatory = 0;
            await fc.assert(
                fc.asyncProperty(planCaseArb, async (c) => {
                    const built = buildPlan(c);
                    const text = JSON.stringify(built.plan);
                    const results = new Map<string, CommandResult>();
                    for (const format of FORMATS)
                        results.set(format, await runCommand(["--format", format, "-"], { cwd: process.cwd(), stdin: text }));
                    const json = JSON.parse(results.get("json")!.stdout) as JsonReport;
                    const verdict = json.summary.mandatory > 0 ? 1 : 0;
                    for (const [format, r] of results) {
                        expect(r.code, `${format}: exit code\n${r.stderr}`).toBe(verdict);
                        expectNothingSecret(`${r.stdout}\n${r.stderr}`, format, built.forbidden, built.sensitiveLengths);
                    }
                    for (const address of built.mandatory) {
                        const found = json.findings.filter((f) => f.resource === address && f.policy === "obs-sse-transfer-protocol");
                        expect(
                            found.map((f) => f.enforcementLevel),
                            `${address}: ${JSON.stringify(json.findings)}`,
                        ).toContain("mandatory");
                        sawMandatory++;
                    }
                }),
                runParameters(RUNS, seed),
            );
            // The generators reach the case the verdict claim is about.
            expect(sawMandatory).toBeGreaterThan(0);
        },
        TIMEOUT,
    );
});

describe("a Terraform plan cut short around sensitive values, in every format", () => {
    it(
        "exit 2 naming standard input, and nothing of the text",
        async () => {
            await fc.assert(
                fc.asyncProperty(planCaseArb, fc.nat(), async (c, cut) => {
                    const text = JSON.stringify(buildPlan(c).plan);
                    const truncated = text.slice(0, 1 + (cut % (text.length - 1)));
                    for (const format of FORMATS) {
                        const r = await runCommand(["--format", format, "-"], { cwd: process.cwd(), stdin: truncated });
                        expectNothingSecret(`${r.stdout}\n${r.stderr}`, format);
                        expect(r.code, format).toBe(2);
                        expect(r.stdout, format).toBe("");
                        expect(r.stderr, format).toContain("standard input: is not JSON");
                    }
                }),
                runParameters(Math.max(5, Math.floor(RUNS / 5)), seed),
            );
        },
        TIMEOUT,
    );
});

/**
 * Formats the i-th program case is checked in: each a pack launch and a capture, so a default run
 * gives each case one format in turn (every format is covered); FUZZ_PROGRAM_RUNS checks every
 * case in every format.
 */
const formatsOf = (i: number): ReadonlyArray<(typeof FORMATS)[number]> =>
    process.env.FUZZ_PROGRAM_RUNS === undefined ? [at(FORMATS, i % FORMATS.length)] : FORMATS;

describe("Pulumi programs whose stack file holds credentials and endpoints with markers, in every format", () => {
    const scratch = new ScratchPrograms();
    afterAll(() => scratch.remove());
    const programSeed = process.env.FUZZ_SEED
        ? Number(process.env.FUZZ_SEED)
        : process.env.FUZZ_PROGRAM_RUNS === undefined
          ? 20261209
          : undefined;

    it(
        "a broken stack file: exit 2 naming the file, line and column, and nothing of its content",
        async () => {
            const cases = fc.sample(
                stackFileArb.filter((c) => c.broken !== undefined),
                runParameters(Math.max(FORMATS.length, PROGRAM_RUNS), programSeed),
            );
            for (const [i, c] of cases.entries()) {
                const file = `Pulumi.${c.stack}.yaml`;
                const dir = scratch.write("broken", { files: { [file]: stackFileText(c), "index.ts": KMS_OBJECT_PROGRAM } });
                for (const format of formatsOf(i)) {
                    const r = await runCommand(["--format", format, dir], { cwd: scratch.root });
                    expectNothingSecret(`${r.stdout}\n${r.stderr}`, `${format} (${c.broken})`);
                    expect(r.code, format).toBe(2);
                    expect(r.stdout, format).toBe("");
                    expect(r.stderr, format).toContain(`${file}: not valid YAML (line `);
                }
            }
        },
        Math.max(PROCESS_TIMEOUT_MS, PROGRAM_RUNS * 3 * 20_000),
    );

    // The cases of one format are checked together (one pack process, a capture per program) and
    // told apart by their input.
    it(
        "plain, quoted and secure: credentials and endpoints: no marker or ciphertext in any output; the verdict the matrix gives",
        async () => {
            const valid = stackFileArb.filter((c) => c.broken === undefined);
            // The first case is one the matrix decides (an http:// OBS endpoint in the clear), so that every run checks a verdict.
            const cases = [
                ...fc.sample(valid.filter(stackSurelyMandatory), runParameters(1, programSeed)),
                ...fc.sample(valid, runParameters(Math.max(FORMATS.length, PROGRAM_RUNS) - 1, programSeed)),
            ];
            const dirs = cases.map((c) =>
                scratch.write("stack-leaks", { files: { [`Pulumi.${c.stack}.yaml`]: stackFileText(c), "index.ts": KMS_OBJECT_PROGRAM } }),
            );
            let sawMandatory = 0;
            for (const format of FORMATS) {
                const chosen = cases.flatMap((c, i) => (formatsOf(i).includes(format) ? [{ c, dir: at(dirs, i) }] : []));
                if (chosen.length === 0) continue;
                const r = await runCommand(["--format", format, ...chosen.map((x) => x.dir)], { cwd: scratch.root });
                expectNothingSecret(`${r.stdout}\n${r.stderr}`, format);
                const surely = chosen.filter((x) => stackSurelyMandatory(x.c));
                if (surely.length > 0) sawMandatory++;
                expect(r.code, `${format}: exit code\n${r.stderr}`).toBe(surely.length > 0 ? 1 : r.code === 0 ? 0 : 1);
                if (format === "text") expect(r.stdout.includes("[mandatory]"), format).toBe(r.code === 1);
                if (format === "sarif")
                    expect(
                        at((JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ level: string }> }> }).runs, 0).results.some(
                            (x) => x.level === "error",
                        ),
                        format,
                    ).toBe(r.code === 1);
                if (format !== "json") continue;
                const json = JSON.parse(r.stdout) as JsonReport;
                expect(r.code, "json: exit code").toBe(json.summary.mandatory > 0 ? 1 : 0);
                for (const { c, dir } of surely) {
                    const found = json.findings.filter(
                        (f) => f.input === dir && f.policy === "obs-sse-transfer-protocol" && f.resource.endsWith("::kms-object"),
                    );
                    expect(
                        found.map((f) => f.enforcementLevel),
                        `${stackFileText(c)}\n${JSON.stringify(json.findings)}`,
                    ).toEqual(["mandatory"]);
                }
            }
            expect(sawMandatory, "a mandatory case was checked").toBeGreaterThan(0);
        },
        Math.max(PROCESS_TIMEOUT_MS, PROGRAM_RUNS * 3 * 30_000),
    );
});
