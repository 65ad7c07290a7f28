// Renaming a policy or one of its options, changing an option's type, enum or default, or changing
// a policy's default level breaks (or silently changes) every organization's saved policy config
// (`pulumi policy enable --config`). This test makes such a change deliberate: it fails, saying
// what to write, until test/fixtures/policy-contract.json is updated with it, and the change
// belongs in CHANGELOG.md. A new policy has to be added there on purpose too.
import { assert, describe, expect, it } from "vitest";
import { policies } from "../policies/registry";
import { CONTRACT_FILE, contractDifferences, contractOf, expectedContract, type PolicyContract } from "./helpers/contract";
import { at } from "./support/items";

describe("stable contract: policy names, default levels and config schemas", () => {
    it(`matches ${CONTRACT_FILE.split("/").slice(-2).join("/")}`, () => {
        // Each difference says exactly what to change in the fixture (and CHANGELOG.md), printed as is.
        const differences = contractDifferences(contractOf(policies), expectedContract());
        if (differences.length > 0) throw new Error(`The pack differs from its pinned contract:\n\n${differences.join("\n\n")}`);
        expect(contractOf(policies)).toEqual(expectedContract());
    });

    it("the committed contract names every policy once, each with its default level", () => {
        const pinned = expectedContract();
        const names = pinned.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names.length).toBeGreaterThan(0);
        for (const p of pinned) expect(["advisory", "mandatory"], p.name).toContain(p.enforcementLevel);
    });
});

describe("what the contract check tells a contributor", () => {
    const pinned = contractOf(policies);
    const first = at(pinned, 0);
    const second = at(pinned, 1);

    it("a new policy: the entry to add, where, and the CHANGELOG line", () => {
        const fresh: PolicyContract = {
            name: "obs-new-rule",
            enforcementLevel: "advisory",
            configSchema: { properties: { edition: { type: "string" } }, required: [] },
        };
        const [message, ...rest] = contractDifferences([...pinned, fresh], pinned);
        expect(rest).toEqual([]);
        assert(message);
        expect(message).toContain(
            `New policy "obs-new-rule": if it is meant to ship, add this entry to the "policies" list of test/fixtures/policy-contract.json (after "${at(pinned, pinned.length - 1).name}"`,
        );
        expect(message).toContain("CHANGELOG.md");
        // The entry itself, as JSON that parses back to the contract.
        expect(JSON.parse(message.slice(message.indexOf("\n")))).toEqual(fresh);
    });

    it("a changed option or default level: which, and the entry to replace", () => {
        const changed: PolicyContract = {
            ...first,
            enforcementLevel: first.enforcementLevel === "mandatory" ? "advisory" : "mandatory",
            configSchema: {
                ...first.configSchema,
                properties: { ...first.configSchema.properties, obsHosts: { type: "string" }, extra: { type: "boolean" } },
            },
        };
        const [message, ...rest] = contractDifferences([changed, ...pinned.slice(1)], pinned);
        expect(rest).toEqual([]);
        assert(message);
        expect(message).toContain(`"${first.name}" no longer matches its pinned contract: option extra added; option obsHosts changed`);
        expect(message).toContain(`default level ${first.enforcementLevel} became ${changed.enforcementLevel}`);
        expect(JSON.parse(message.slice(message.indexOf("\n")))).toEqual(changed);
    });

    it("a removed policy, and a reordered list", () => {
        expect(contractDifferences(pinned.slice(1), pinned)).toEqual([
            expect.stringContaining(`"${first.name}" is pinned in test/fixtures/policy-contract.json but the pack has no such policy`),
        ]);
        expect(contractDifferences([second, first, ...pinned.slice(2)], pinned)).toEqual([
            expect.stringContaining("in another order than policies/registry.ts"),
        ]);
    });
});
