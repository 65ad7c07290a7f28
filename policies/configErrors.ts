// Messages about policy config files, shared by the command's --config reader (cli/config.ts) and
// the engine's reconciliation (engine/config.ts): JSON-schema errors worded as the Pulumi
// engine words them (gojsonschema), "did you mean" suggestions for misspelt names, and descriptions
// of values that never show the value itself (a config value may be a credential).
// Not loaded by the pack itself: only types come from ajv here.
import type { ErrorObject } from "ajv";
import { printable } from "./printable";

/** A config value described by its type and size, never its content. */
export function describeConfigValue(value: unknown): string {
    if (value === null) return "null";
    if (value === undefined) return "nothing";
    if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return `a string of ${[...value].length} character${[...value].length === 1 ? "" : "s"}`;
    if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
    return `a ${typeof value}`;
}

/** A name the user wrote (policy, option or map key), safe to print and bounded in length. */
export function shownName(name: string): string {
    const chars = [...name];
    return chars.length <= 80 ? printable(name) : `${printable(chars.slice(0, 60).join(""))}… (${chars.length} characters)`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
    const s = [...a];
    const t = [...b];
    const width = t.length + 1;
    // The (s.length + 1) × (t.length + 1) table, row by row; row 0 and column 0 hold the distances to "".
    const table = Array.from({ length: (s.length + 1) * width }, (_, k) => {
        const i = Math.floor(k / width);
        const j = k % width;
        return i === 0 ? j : j === 0 ? i : 0;
    });
    // Every cell read below has 0 <= i <= s.length and 0 <= j <= t.length, so it is inside the table.
    const cell = (i: number, j: number): number => table[i * width + j]!;
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            let d = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, cell(i - 2, j - 2) + 1);
            table[i * width + j] = d;
        }
    }
    return cell(s.length, t.length);
}

/**
 * The candidate closest to `name` by edit distance (ignoring case), when it is close enough to be
 * a misspelling of it: at most a third of the longer name's length, and at least 2 edits allowed.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
    if ([...name].length > 200) return undefined; // not a misspelling of any name here, and costly to compare
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
        const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    if (best === undefined) return undefined;
    const limit = Math.max(2, Math.floor(Math.max(name.length, best.length) / 3));
    return bestDistance <= limit ? best : undefined;
}

/** "; did you mean X?" for a close candidate, or else the list of valid names under `listLabel`. */
export function suggestion(name: string, candidates: readonly string[], list: readonly string[], listLabel: string): string {
    const closest = closestName(name, candidates);
    if (closest !== undefined) return `; did you mean ${closest}?`;
    return list.length === 0 ? "" : `; ${listLabel} ${list.join(", ")}`;
}

/** JSON type names as gojsonschema gives them ("integer" for whole numbers). */
export function jsonTypeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function unescapePointer(segment: string): string {
    return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The path of a value as gojsonschema names it: keys and indexes joined by ".", "(root)" for the document. */
function fieldOf(instancePath: string, extraKey?: string): string {
    const segments = instancePath === "" ? [] : instancePath.slice(1).split("/").map(unescapePointer);
    if (extraKey !== undefined) segments.push(extraKey);
    return segments.length === 0 ? "(root)" : segments.map(shownName).join(".");
}

function paramOf(e: ErrorObject, key: string): unknown {
    const params: unknown = e.params;
    return typeof params === "object" && params !== null && key in params ? (params as Record<string, unknown>)[key] : undefined;
}

export interface SchemaErrorOptions {
    /** What a value matching a pattern is, by pattern, said after the engine's wording. */
    readonly patternMeanings?: Readonly<Record<string, string>>;
}

/**
 * One ajv error (compiled with `verbose: true`) worded as the Pulumi engine's gojsonschema words it
 * ("obsHosts: Invalid type. Expected: array, given: string"), without the "(root): " prefix the
 * engine strips. Never shows the value: only its type, the schema's limits and its allowed values.
 */
export function describeSchemaError(e: ErrorObject, options: SchemaErrorOptions = {}): string {
    const field = fieldOf(e.instancePath);
    const prefix = field === "(root)" ? "" : `${field}: `;
    switch (e.keyword) {
        case "type": {
            const expected = paramOf(e, "type");
            return `${prefix}Invalid type. Expected: ${Array.isArray(expected) ? expected.join("/") : String(expected)}, given: ${jsonTypeOf(e.data)}`;
        }
        case "enum": {
            const allowed = paramOf(e, "allowedValues");
            return `${prefix}${field} must be one of the following: ${Array.isArray(allowed) ? allowed.map((v) => JSON.stringify(v)).join(", ") : ""}`;
        }
        case "const":
            return `${prefix}${field} does not match: ${JSON.stringify(paramOf(e, "allowedValue"))}`;
        case "required":
            return `${fieldOf(e.instancePath, String(paramOf(e, "missingProperty")))} is required`;
        case "additionalProperties":
            return `${prefix}Additional property ${shownName(String(paramOf(e, "additionalProperty")))} is not allowed`;
        case "minLength":
            return `${prefix}String length must be greater than or equal to ${String(paramOf(e, "limit"))}`;
        case "maxLength":
            return `${prefix}String length must be less than or equal to ${String(paramOf(e, "limit"))}`;
        case "minItems":
            return `${prefix}Array must have at least ${String(paramOf(e, "limit"))} items`;
        case "maxItems":
            return `${prefix}Array must have at most ${String(paramOf(e, "limit"))} items`;
        case "pattern": {
            const pattern = String(paramOf(e, "pattern"));
            const meaning = options.patternMeanings?.[pattern];
            return `${prefix}Does not match pattern '${pattern}'${meaning === undefined ? "" : ` (expected ${meaning})`}`;
        }
        case "format":
            return `${prefix}Does not match format '${String(paramOf(e, "format"))}'`;
        default:
            // ajv's own wording names the rule, never the value.
            return `${prefix}${e.message ?? e.keyword}`;
    }
}

/**
 * The errors of one validation as the engine lists them: gojsonschema stops at a value of the wrong
 * type, so other errors about the same value (an enum after a type error) are not reported.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], options: SchemaErrorOptions = {}): string[] {
    const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
    return errors.filter((e) => e.keyword === "type" || !wrongType.has(e.instancePath)).map((e) => describeSchemaError(e, options));
}
