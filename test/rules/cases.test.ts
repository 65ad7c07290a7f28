// Every rule's pass/fail table, found by convention (test/rules/cases/<rule>.cases.ts beside
// policies/rules/<rule>.ts), each row with the exact verdict its policy must give, run through the
// helpers the rule tests use.
import { describe, expect, it } from "vitest";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PackPolicy } from "../../policies/policy";
import { policies } from "../../policies/registry";
import { casesProblems, loadCasesFiles, loadRuleFiles, type CasesFile, type RuleFile } from "../helpers/ruleFiles";
import { runResourcePolicy } from "../helpers/runPolicy";
import { runStackPolicy } from "../helpers/runStack";
import type { RuleTable } from "./cases/table";
import { at } from "../support/items";

describe("pass/fail tables", async () => {
    const [ruleFiles, casesFiles] = await Promise.all([loadRuleFiles(), loadCasesFiles()]);
    const tables = casesFiles.flatMap((c) => c.tables.map(([, t]) => t));
    // In registry order, so the report reads like the pack's policy list.
    const order = (t: RuleTable) => (policies.indexOf(t.policy) + policies.length + 1) % (policies.length + 1);
    const ordered = [...tables].sort((a, b) => order(a) - order(b));

    it("finds the rules and tables by file name (guards the convention itself)", () => {
        expect(ruleFiles.map((f) => f.rule)).toContain("transferProtocol");
        expect(ruleFiles.map((f) => f.rule)).not.toContain("scope");
        expect(casesFiles.find((c) => c.rule === "transferProtocol")?.tables.map(([, t]) => t.policy.name)).toEqual([
            "obs-sse-transfer-protocol",
        ]);
    });

    it("every registered rule has a table beside it, and every table has a rule", () => {
        expect(casesProblems(ruleFiles, casesFiles, policies)).toEqual([]);
        expect(new Set(ordered.map((t) => t.policy))).toEqual(new Set(policies));
    });

    it.each(ordered.map((t) => [t.policy.name, t] as const))("%s's table has passing and failing rows", (_name, t) => {
        expect(t.cases.some((c) => c.verdict === "pass")).toBe(true);
        expect(t.cases.some((c) => Array.isArray(c.verdict))).toBe(true);
    });

    for (const { policy, cases } of ordered) {
        describe(policy.name, () => {
            it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
                const run = Array.isArray(c.input)
                    ? await runStackPolicy(policy as StackValidationPolicy, c.input, c.config)
                    : await runResourcePolicy(policy as ResourceValidationPolicy, c.input as never, c.config);
                if (c.verdict === "not-applicable") {
                    expect(run.notApplicable).toBeDefined();
                    if (c.says) expect(run.notApplicable).toContain(c.says);
                    return;
                }
                expect(run.notApplicable).toBeUndefined();
                const levels = run.violations.map((v) => v.enforcementLevel);
                expect(levels, run.violations.map((v) => v.message).join("\n---\n")).toEqual(c.verdict === "pass" ? [] : c.verdict);
                if (c.says) expect(at(run.violations, 0).message).toContain(c.says);
            });
        });
    }
});

describe("the convention check says what is missing and what to do", () => {
    const a = at(policies, 0);
    const b = at(policies, 1);
    const rules: RuleFile[] = [
        { rule: "alpha", policies: [["alphaPolicy", a]] },
        { rule: "beta", policies: [["betaPolicy", b]] },
    ];
    const table = (policy: PackPolicy): RuleTable => ({ policy, cases: [] });

    it("is content when each rule has its own table", () => {
        const cases: CasesFile[] = [
            { rule: "alpha", tables: [["alphaCases", table(a)]] },
            { rule: "beta", tables: [["betaCases", table(b)]] },
        ];
        expect(casesProblems(rules, cases, [a, b])).toEqual([]);
    });

    it("names the cases file a registered rule lacks", () => {
        const problems = casesProblems(rules, [{ rule: "alpha", tables: [["alphaCases", table(a)]] }], [a, b]);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain("policies/rules/beta.ts");
        expect(problems[0]).toContain("add test/rules/cases/beta.cases.ts");
    });

    it("finds a table without a rule, with no table, or for another rule's policy", () => {
        const cases: CasesFile[] = [
            { rule: "alpha", tables: [["alphaCases", table(b)]] },
            { rule: "beta", tables: [] },
            { rule: "gamma", tables: [["gammaCases", table(a)]] },
        ];
        const problems = casesProblems(rules, cases, [a, b]);
        expect(problems).toHaveLength(3);
        expect(problems[0]).toContain(`alphaCases checks ${b.name}, not the policy of policies/rules/alpha.ts`);
        expect(problems[1]).toContain("test/rules/cases/beta.cases.ts exports 0 tables");
        expect(problems[2]).toContain("test/rules/cases/gamma.cases.ts belongs to no rule");
    });
});
