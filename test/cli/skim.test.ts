// Leaving out the members of a plan's text that no reader reads (planned_values, prior_state,
// resource_drift) before parsing: the document parsed is the whole one with those values null,
// and text that is not JSON stays not JSON (JSON.parse judges it, with the same message).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TextParts } from "../../cli/input";
import {
    planOf,
    readJsonInput,
    resourceChangesOf,
    WholeReadingNeeded,
    wholeDocumentOf,
    wholePlanOf,
    type Plan,
} from "../../cli/terraform/plan";
import { changesSplit, unreadMembersLeftOut } from "../../cli/terraform/skim";

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

/** A text split by changesSplit, put back together: the document parsed from its skeleton, with its elements parsed one by one. */
function splitParsed(text: string): { ok: true; value: unknown } | { ok: false } | undefined {
    const bytes = Buffer.from(text, "utf8");
    const split = changesSplit(bytes);
    if (split === undefined) return undefined;
    const skeleton = parsed(assembled(text, split.skeleton));
    if (!skeleton.ok) return skeleton;
    const changes: unknown[] = [];
    for (let i = 0; i < split.changes.length; i += 2) {
        const element = parsed(bytes.toString("utf8", split.changes[i], split.changes[i + 1]));
        if (!element.ok) return element;
        changes.push(element.value);
    }
    const doc = skeleton.value as Record<string, unknown>;
    expect(doc.resource_changes).toEqual([]);
    return { ok: true, value: { ...doc, resource_changes: changes } };
}

describe("changesSplit", () => {
    it("splits resource_changes into its elements, with the document around it and the unread members left out", () => {
        const text = `{"format_version":"1.2","planned_values":{"a":[1]},"resource_changes" : [ {"address":"a","x":"],}\\"[{"} ,\n{"address":"b","y":[[],{}]}\t],"configuration":{}}`;
        const split = changesSplit(Buffer.from(text, "utf8"));
        expect(split?.changes).toHaveLength(4);
        expect(splitParsed(text)).toEqual({ ok: true, value: { ...(JSON.parse(text) as object), planned_values: null } });
        expect(splitParsed('{"format_version":"1.2","resource_changes":[]}')).toEqual({
            ok: true,
            value: { format_version: "1.2", resource_changes: [] },
        });
    });

    it("does not split documents where JSON.parse's choice of resource_changes is not plain (twice, or a name written with escapes), or no array", () => {
        for (const text of [
            '{"format_version":"1.2","resource_changes":[1],"resource_changes":[2]}',
            '{"format_version":"1.2","resource_changes":[1],"resource\\u005fchanges":[2]}',
            '{"format_version":"1.2","resource_changes":null}',
            '{"resource_changes":[1]}',
            '{"format_version":"1.2","resource_changes":[1,]}',
            '{"format_version":"1.2","resource_changes":[,1]}',
            '{"format_version":"1.2","resource_changes":[1 2]}',
        ])
            expect(changesSplit(Buffer.from(text, "utf8")), text).toBeUndefined();
    });

    it("a text split is JSON exactly when it was whole, and parses to the same document but the values left out", () => {
        const member = fc.oneof(
            fc.constantFrom(...UNREAD, "format_version", "resource_changes", "configuration"),
            fc.string({ maxLength: 4 }),
        );
        const element = fc.oneof(fc.json({ maxDepth: 3 }), fc.constantFrom("tru", "[1,]", '{"a":1]', '"\\x"', "{", "}", "]", "1e", '"a"b'));
        const ws = fc.constantFrom("", " ", "\n\t");
        const array = fc
            .tuple(fc.array(fc.tuple(element, ws), { maxLength: 4 }), ws, fc.constantFrom("", "", "", "", ",", " ,"))
            .map(([items, w, trailer]) => `[${w}${items.map(([v, s]) => `${s}${v}${s}`).join(",")}${trailer}]`);
        const value = fc.oneof(fc.json({ maxDepth: 2 }), array);
        // A format_version and a resource_changes array among other members, in any order.
        const document = fc
            .tuple(fc.array(fc.tuple(member, value, ws), { maxLength: 4 }), array, ws, fc.nat(), fc.nat())
            .map(([others, changes, w, at, versionAt]) => {
                const members: Array<[string, string, string]> = [...others];
                members.splice(at % (members.length + 1), 0, ["resource_changes", changes, w]);
                members.splice(versionAt % (members.length + 1), 0, ["format_version", '"1.2"', ""]);
                return `{${members.map(([k, v, s]) => `${s}${JSON.stringify(k)}${s}:${s}${v}${s}`).join(",")}}`;
            });
        let splits = 0;
        fc.assert(
            fc.property(document, (text) => {
                const split = splitParsed(text);
                if (split === undefined) return;
                splits++;
                const whole = parsed(text);
                expect(split.ok).toBe(whole.ok);
                if (whole.ok && split.ok) {
                    const expected = { ...(whole.value as Record<string, unknown>) };
                    for (const k of UNREAD) if (Object.hasOwn(expected, k)) expected[k] = null;
                    expect(split.value).toEqual(expected);
                }
            }),
            { numRuns: 1000 },
        );
        // Most documents are split (not those with resource_changes twice, or an array whose brackets or commas this scanner refuses).
        expect(splits).toBeGreaterThan(150);
    });
});

describe("a plan read change by change", () => {
    const change = (address: string) => ({
        address,
        mode: "managed",
        type: "aws_s3_object",
        name: "o",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["create"], after: { bucket: "b", key: address } },
    });
    const write = (text: string): string => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-split-"));
        const file = path.join(dir, "plan.json");
        writeFileSync(file, text);
        return file;
    };
    const read = (file: string): Plan => {
        const { doc, file: shown } = readJsonInput(file, { changesOneByOne: true });
        return planOf(doc, shown).plan;
    };

    it("yields the changes the whole reading has, one by one", () => {
        const whole = { format_version: "1.2", resource_changes: [change("a"), change("b")], configuration: {} };
        const file = write(JSON.stringify(whole));
        const plan = read(file);
        expect(plan.resource_changes).toEqual([]);
        expect([...resourceChangesOf(plan)]).toEqual(whole.resource_changes);
        expect(wholePlanOf(plan)?.resource_changes).toEqual(whole.resource_changes);
        // Read whole, the same plan has its changes in place.
        expect([...resourceChangesOf(planOf(readJsonInput(file).doc, file).plan)]).toEqual(whole.resource_changes);
    });

    it("gives way to the whole reading for an element that is not JSON or not a resource change, whose verdict stands", () => {
        const text = `{"format_version":"1.2","resource_changes":[${JSON.stringify(change("a"))},{"address":tru}]}`;
        const plan = read(write(text));
        expect(() => [...resourceChangesOf(plan)]).toThrow(WholeReadingNeeded);
        expect(() => wholePlanOf(plan)).toThrow(/plan\.json: is not JSON/);
        const notAChange = read(write(`{"format_version":"1.2","resource_changes":[${JSON.stringify(change("a"))},{"address":"b"}]}`));
        expect(() => [...resourceChangesOf(notAChange)]).toThrow(WholeReadingNeeded);
        expect(() => wholePlanOf(notAChange)).toThrow(/resource_changes is not a list of resource changes/);
    });

    it("parses any other document whole from the text it read: a stack export that also has a plan's members", () => {
        const exported = { version: 3, deployment: { resources: [] }, format_version: "1.2", resource_changes: [change("a")] };
        const file = write(JSON.stringify(exported));
        const { doc } = readJsonInput(file, { changesOneByOne: true });
        expect(doc).toMatchObject({ resource_changes: [] });
        expect(wholeDocumentOf(doc)).toEqual(exported);
        // A document read whole has nothing left in its text.
        expect(wholeDocumentOf(readJsonInput(file).doc)).toBeUndefined();
    });
});
