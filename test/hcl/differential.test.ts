// The evaluator against Terraform itself: generated expressions (test/hcl/expressionArb.ts) are
// evaluated by both, in one `terraform console` run per test run, and must agree: the same value
// (compared as JSON) and sensitivity, or both an error. Terraform is required: without it on PATH
// this test fails (CI machines have it).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CASES } from "./cases";
import { expressionArb } from "./expressionArb";
import { evalAsOracle } from "./evalText";
import { terraformEvaluate, terraformVersion } from "./terraformOracle";

const COUNT = Number(process.env.HCL_DIFF_COUNT ?? 300);
// A fixed seed keeps CI repeatable; HCL_DIFF_SEED=<n> replays or explores another batch.
const SEED = Number(process.env.HCL_DIFF_SEED ?? 20261207);

/**
 * The same JSON value. Numbers that are not whole may differ in the last digits: Terraform computes
 * with 512-bit floats and prints them in full, JavaScript with doubles (a documented gap).
 */
function sameJson(a: string, b: string): boolean {
    const same = (x: unknown, y: unknown): boolean => {
        if (typeof x === "number" && typeof y === "number")
            return (
                x === y ||
                ((!Number.isInteger(x) || Math.abs(x) > Number.MAX_SAFE_INTEGER) && Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x)))
            );
        if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((e, i) => same(e, y[i]));
        if (typeof x === "object" && x !== null && typeof y === "object" && y !== null && !Array.isArray(x) && !Array.isArray(y)) {
            const kx = Object.keys(x).sort();
            const ky = Object.keys(y).sort();
            return (
                kx.length === ky.length &&
                kx.every((k, i) => k === ky[i] && same((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]))
            );
        }
        return x === y;
    };
    return same(JSON.parse(a), JSON.parse(b));
}

describe("HCL evaluation agrees with Terraform", () => {
    it(`on ${COUNT} generated expressions (seed ${SEED})`, async () => {
        const version = terraformVersion();
        expect(version, "terraform is not on PATH: the differential test needs Terraform (1.11) installed").toBeDefined();
        const expressions = [...new Set(fc.sample(expressionArb(3), { numRuns: COUNT, seed: SEED }))];
        const expected = terraformEvaluate(expressions);
        const mismatches: string[] = [];
        let values = 0;
        for (const [i, text] of expressions.entries()) {
            const tf = expected[i]!;
            const ours = await evalAsOracle(text);
            if (tf.kind === "value") values++;
            const agree =
                tf.kind === "error" || tf.kind === "unknown"
                    ? ours.kind === tf.kind
                    : ours.kind === "value" && ours.sensitive === tf.sensitive && sameJson(ours.json, tf.json);
            if (!agree) mismatches.push(`${text}\n    terraform: ${JSON.stringify(tf)}\n    evaluator: ${JSON.stringify(ours)}`);
        }
        expect(mismatches, `${mismatches.length} of ${expressions.length} disagree (seed ${SEED}):\n${mismatches.join("\n")}`).toEqual([]);
        // The comparison is about values: most generated expressions must evaluate without error.
        expect(values).toBeGreaterThan(expressions.length / 2);
    }, 60_000);

    it(`on the ${CASES.length} hand-written cases: their expectations are Terraform's`, () => {
        expect(terraformVersion(), "terraform is not on PATH: the differential test needs Terraform (1.11) installed").toBeDefined();
        const results = terraformEvaluate(CASES.map((c) => c.text));
        const wrong: string[] = [];
        for (const [i, c] of CASES.entries()) {
            const tf = results[i]!;
            const agree =
                c.expected === "error"
                    ? tf.kind === "error"
                    : tf.kind === "value" && tf.sensitive === (c.sensitive ?? false) && sameJson(tf.json, c.expected);
            if (!agree)
                wrong.push(
                    `${c.text}\n    expected: ${c.expected}${c.sensitive ? " (sensitive)" : ""}\n    terraform: ${JSON.stringify(tf)}`,
                );
        }
        expect(wrong, wrong.join("\n")).toEqual([]);
    }, 60_000);
});
