import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policies } from "../policies/registry";
import { MATRIX_DOC_URL } from "../policies/rules/transferProtocol";
import { withPolicyTable } from "../scripts/policyDocs";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../engine/config";
import type { AnalyzerInfo } from "../engine/pack";

const EXPECTED = {
    "obs-sse-transfer-protocol": "mandatory",
    "obs-sse-signature-version": "mandatory",
    "obs-sse-supported-algorithm": "mandatory",
    "obs-sse-c-key-transport": "mandatory",
    "obs-https-hardening": "advisory",
    "obs-virtual-hosted-style": "advisory",
    "obs-sse-inherited-encryption": "advisory",
    "obs-sse-copy-source": "mandatory",
    "obs-secure-transport-policy": "advisory",
} as const;

const STACK_POLICIES = ["obs-sse-inherited-encryption", "obs-sse-copy-source", "obs-secure-transport-policy"];

const root = join(__dirname, "..");

describe("policy metadata", () => {
    it("has exactly the fixed policy names with their default levels", () => {
        expect(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]))).toEqual(EXPECTED);
    });

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
        if (p.enforcementLevel === "mandatory") expect(p.tags.some((t) => ["matrix", "algorithm", "key-material"].includes(t)), p.name).toBe(true);
        expect(p.configSchema.properties).toHaveProperty("obsHosts");
        expect(p.configSchema.properties).toHaveProperty("edition");
        if (STACK_POLICIES.includes(p.name)) expect("validateStack" in p && typeof p.validateStack).toBe("function");
        else expect("validateResource" in p && typeof p.validateResource).toBe("function");
    });

    it("the policies that judge signatures, and only they, take providerSignatures", () => {
        expect(policies.filter((p) => "providerSignatures" in (p.configSchema.properties ?? {})).map((p) => p.name))
            .toEqual(["obs-sse-signature-version", "obs-sse-inherited-encryption", "obs-sse-copy-source"]);
    });
});

describe("README", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");

    it("holds the policy table generated from the metadata (run npm run docs to refresh)", () => {
        expect(withPolicyTable(readme)).toBe(readme);
    });

    it("shows an example policy config that the engine would accept", () => {
        const example = JSON.parse(readFileSync(join(root, "examples", "policy-config.json"), "utf8")) as PolicyConfigFile;
        const info: AnalyzerInfo = {
            name: "obs-sse", displayName: "", version: "0.0.0", supportsConfig: true, description: "",
            policies: policies.map((p) => ({
                name: p.name, displayName: "", description: p.description, enforcementLevel: p.enforcementLevel, severity: p.severity,
                tags: [...p.tags], remediationSteps: p.remediationSteps, url: p.url, policyType: STACK_POLICIES.includes(p.name) ? "stack" : "resource",
                configSchema: { properties: p.configSchema.properties as Record<string, unknown>, required: [] },
            })),
        };
        const reconciled = reconcilePolicyConfig(info, example);
        expect(Object.keys(reconciled)).toEqual(policies.map((p) => p.name));
        expect(readme).toContain(JSON.stringify(example, null, 2));
    });
});
