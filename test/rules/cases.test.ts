// Every rule's pass/fail table (./cases/*.cases.ts), each row with the exact verdict its policy
// must give, run through the helpers the rule tests use.
import { describe, expect, it } from "vitest";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policies/registry";
import { runResourcePolicy } from "../helpers/runPolicy";
import { runStackPolicy } from "../helpers/runStack";
import type { RuleTable } from "./cases/table";
import { copySourceCases } from "./cases/copySource.cases";
import { httpsHardeningCases } from "./cases/httpsHardening.cases";
import { inheritedEncryptionCases } from "./cases/inheritedEncryption.cases";
import { secureTransportPolicyCases } from "./cases/secureTransportPolicy.cases";
import { signatureVersionCases } from "./cases/signatureVersion.cases";
import { sseCKeyTransportCases } from "./cases/sseCKeyTransport.cases";
import { supportedAlgorithmCases } from "./cases/supportedAlgorithm.cases";
import { transferProtocolCases } from "./cases/transferProtocol.cases";
import { virtualHostedStyleCases } from "./cases/virtualHostedStyle.cases";

const tables: readonly RuleTable[] = [
    transferProtocolCases, signatureVersionCases, supportedAlgorithmCases, sseCKeyTransportCases, httpsHardeningCases,
    virtualHostedStyleCases, inheritedEncryptionCases, copySourceCases, secureTransportPolicyCases,
];

it("every policy of the pack has a table with passing and failing rows", () => {
    expect(tables.map((t) => t.policy.name)).toEqual(policies.map((p) => p.name));
    for (const t of tables) {
        expect(t.cases.some((c) => c.verdict === "pass"), t.policy.name).toBe(true);
        expect(t.cases.some((c) => Array.isArray(c.verdict)), t.policy.name).toBe(true);
    }
});

for (const { policy, cases } of tables) {
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
            if (c.says) expect(run.violations[0].message).toContain(c.says);
        });
    });
}
