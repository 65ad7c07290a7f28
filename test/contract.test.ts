// Renaming a policy or one of its options, or changing an option's type, enum or default, breaks
// every organization's saved policy config (`pulumi policy enable --config`). This test makes such a
// change deliberate: it fails until test/fixtures/policy-contract.json is updated with it, and the
// change belongs in CHANGELOG.md.
import { describe, expect, it } from "vitest";
import { policies } from "../policies/registry";
import { CONTRACT_FILE, contractOf, expectedContract } from "./helpers/contract";

describe("stable contract: policy names and config schemas", () => {
    it(`matches ${CONTRACT_FILE.split("/").slice(-2).join("/")}`, () => {
        expect(contractOf(policies)).toEqual(expectedContract());
    });

    it("the committed contract names every policy once", () => {
        const names = expectedContract().map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names.length).toBeGreaterThan(0);
    });
});
