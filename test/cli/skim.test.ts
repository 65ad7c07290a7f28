// Leaving out the members of a plan's text that no reader reads (planned_values, prior_state,
// resource_drift) before parsing: the document parsed is the whole one with those values null,
// and text that is not JSON stays not JSON (JSON.parse judges it, with the same message).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TextParts } from "../../cli/input";
import { readJsonInput } from "../../cli/terraform/plan";
import { unreadMembersLeftOut } from "../../cli/terraform/skim";

function assembled(text: string, parts: TextParts): string {
    const bytes = Buffer.from(text, "utf8");
    return parts.map((p) => (typeof p === "string" ? p : bytes.toString("utf8", p[0], p[1]))).join("");
}

/** What JSON.parse makes of a text: the value, or that it throws. */
function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
        return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
        return { ok: false };
    }
}

/** The text the reader parses: the parts picked, or all of it. */
function textRead(text: string): string {
    const parts = unreadMembersLeftOut(Buffer.from(text, "utf8"));
    return parts === undefined ? text : assembled(text, parts);
}

const UNREAD = ["planned_values", "prior_state", "resource_drift"];

describe("unreadMembersLeftOut", () => {
    it("replaces the values of planned_values, prior_state and resource_drift by null, and keeps every other byte", () => {
        const text = `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"a":"}]\\"["}]}},\n "resource_changes":[{"address":"x","change":{"after":{"planned_values":1}}}], "prior_state" : [1, -2.5e+3, true, false, null, "\\u00e9"],"configuration":{}}`;
        const parts = unreadMembersLeftOut(Buffer.from(text, "utf8"));
        expect(parts).toBeDefined();
        const doc = JSON.parse(assembled(text, parts!)) as Record<string, unknown>;
        expect(doc).toEqual({ ...(JSON.parse(text) as object), planned_values: null, prior_state: null });
        // A nested member of the same name is kept.
        expect(JSON.stringify(doc.resource_changes)).toContain('"planned_values":1');
    });

    it("leaves documents alone that are not objects, have no format_version, or nothing to leave out", () => {
        for (const text of [
            "[1,2]",
            '"planned_values"',
            '{"planned_values":{}}',
            '{"format_version":"1.2","resource_changes":[]}',
            '{"version":4,"resources":[]}',
        ])
            expect(unreadMembersLeftOut(Buffer.from(text, "utf8")), text).toBeUndefined();
    });

    it("leaves the whole text to JSON.parse when a member left out is not exactly JSON", () => {
        for (const bad of ["{,}", "[1,]", "[01]", "[1.]", '"\\x"', '"\u0001"', "tru", "[1 2]", '{"a" 1}', "{", '"\\u12g4"', "-", "1e"]) {
            const text = `{"format_version":"1.2","planned_values":${bad},"resource_changes":[]}`;
            expect(unreadMembersLeftOut(Buffer.from(text, "utf8")), bad).toBeUndefined();
        }
    });

    it("a text is JSON after leaving out exactly when it was before, and parses to the same document but the values left out", () => {
        const member = fc.oneof(
            fc.constantFrom(...UNREAD, "format_version", "resource_changes", "configuration", "planned_values "),
            fc.string({ maxLength: 6 }),
        );
        const value = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 12 }));
        const document = fc
            .array(fc.tuple(member, value, fc.constantFrom("", " ", "\n\t")), { maxLength: 6 })
            .map((members) => `{${members.map(([k, v, ws]) => `${ws}${JSON.stringify(k)}${ws}:${ws}${v}${ws}`).join(",")}}`);
        fc.assert(
            fc.property(document, (text) => {
                const before = parsed(text);
                const after = parsed(textRead(text));
                expect(after.ok).toBe(before.ok);
                if (before.ok && after.ok && textRead(text) !== text) {
                    const expected = { ...(before.value as Record<string, unknown>) };
                    for (const k of UNREAD) if (Object.hasOwn(expected, k)) expected[k] = null;
                    expect(after.value).toEqual(expected);
                }
            }),
            { numRuns: 500 },
        );
    });

    it("a plan whose planned_values is not JSON is still no JSON to the command", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-skim-"));
        const file = path.join(dir, "plan.json");
        writeFileSync(file, '{"format_version":"1.2","planned_values":{"a":[1,]},"resource_changes":[]}');
        expect(() => readJsonInput(file)).toThrow(/plan\.json: is not JSON/);
        writeFileSync(file, '{"format_version":"1.2","planned_values":{"a":[1]},"resource_changes":[]}');
        expect(readJsonInput(file).doc).toEqual({ format_version: "1.2", planned_values: null, resource_changes: [] });
    });
});
