import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PackPolicy, PackStackPolicy } from "../policies/policy";
import { policies } from "../policies/registry";
import { MATRIX_DOC_URL } from "../policies/rules/transferProtocol";
import { withPolicyTable } from "../scripts/policyDocs";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../engine/config";
import { analyzerInfo } from "../cli/config";
import { loadRuleFiles, registryProblems } from "./helpers/ruleFiles";
import { at } from "./support/items";

const root = join(__dirname, "..");

const isStackPolicy = (p: PackPolicy): p is PackStackPolicy => "validateStack" in p;

describe("the registry (policies/registry.ts)", () => {
    // The names, default levels and options are pinned by test/fixtures/policy-contract.json (test/contract.test.ts).
    it("lists every policy that a policies/rules/*.ts exports, exactly once, and nothing else", async () => {
        const ruleFiles = await loadRuleFiles();
        expect(ruleFiles.length).toBeGreaterThan(0);
        expect(registryProblems(ruleFiles, policies)).toEqual([]);
        expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
    });

    it("the check names the rule file the registry forgot, a policy listed twice and one from no rule file", () => {
        const a = at(policies, 0);
        const b = at(policies, 1);
        const c = at(policies, 2);
        const problems = registryProblems(
            [
                { rule: "alpha", policies: [["alphaPolicy", a]] },
                { rule: "beta", policies: [["betaPolicy", b]] },
            ],
            [a, a, c],
        );
        expect(problems).toHaveLength(3);
        expect(problems[0]).toContain(`lists ${a.name} (alphaPolicy of policies/rules/alpha.ts) 2 times`);
        expect(problems[1]).toContain("policies/rules/beta.ts exports betaPolicy");
        expect(problems[1]).toContain("import it there");
        expect(problems[2]).toContain(`lists ${c.name}, which no policies/rules/*.ts exports`);
    });

    it("the check finds a rule file that exports two policies", () => {
        const a = at(policies, 0);
        const b = at(policies, 1);
        expect(
            registryProblems(
                [
                    {
                        rule: "alpha",
                        policies: [
                            ["alphaPolicy", a],
                            ["betaPolicy", b],
                        ],
                    },
                ],
                [a, b],
            ),
        ).toEqual([expect.stringContaining("policies/rules/alpha.ts exports 2 policies (alphaPolicy, betaPolicy)")]);
    });
});

describe("policy metadata", () => {
    it.each(policies.map((p) => [p.name, p] as const))("%s carries complete metadata", (_n, p) => {
        expect(p.description).toMatch(/^[A-Z].{20,200}\.$/);
        expect(["low", "medium", "high", "critical"]).toContain(p.severity);
        expect(p.tags.length).toBeGreaterThan(0);
        expect(p.tags).toContain("obs");
        expect(p.remediationSteps).toMatch(/^[A-Z].{20,}\.$/);
        // Policies judged by the matrix link to the matrix page; the others to the page their rule comes from.
        if (p.tags.includes("matrix")) expect(p.url).toBe(MATRIX_DOC_URL);
        else expect(p.url).toMatch(/^https:\/\/docs\.otc\.t-systems\.com\/object-storage-service\/(s3api|api-ref)\/[a-z0-9_/-]+\.html$/);
        if (!p.tags.includes("matrix")) expect(p.url).not.toBe(MATRIX_DOC_URL);
        // Mandatory only where OBS refuses the request (matrix, algorithm) or key material is exposed.
        if (p.enforcementLevel === "mandatory")
            expect(
                p.tags.some((t) => ["matrix", "algorithm", "key-material"].includes(t)),
                p.name,
            ).toBe(true);
        expect(p.configSchema.properties).toHaveProperty("obsHosts");
        expect(p.configSchema.properties).toHaveProperty("edition");
        if (p.reads.kind === "stack") expect(isStackPolicy(p) && typeof p.validateStack).toBe("function");
        else expect("validateResource" in p && typeof p.validateResource).toBe("function");
    });

    it("the policies that judge signatures, and only they, take providerSignatures", () => {
        expect(policies.filter((p) => "providerSignatures" in (p.configSchema.properties ?? {})).map((p) => p.name)).toEqual([
            "obs-sse-signature-version",
            "obs-sse-inherited-encryption",
            "obs-sse-copy-source",
        ]);
    });
});

describe("README", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");

    it("holds the policy table generated from the metadata (run npm run docs to refresh)", () => {
        expect(withPolicyTable(readme)).toBe(readme);
    });

    it("shows an example policy config that the engine would accept", () => {
        const example = JSON.parse(readFileSync(join(root, "examples", "policy-config.json"), "utf8")) as PolicyConfigFile;
        const info = analyzerInfo();
        const reconciled = reconcilePolicyConfig(info, example);
        expect(Object.keys(reconciled)).toEqual(policies.map((p) => p.name));
        expect(readme).toContain(JSON.stringify(example, null, 2));
    });
});
