// Terraform's built-in functions that configurations use to build provider and resource arguments,
// over HclValue, with Terraform's argument conversions and errors. A function missing here is not
// evaluated: the evaluator makes its result Unknown, naming the function.
//
// Regular expressions: Terraform uses Go's RE2 syntax. Patterns are translated to JavaScript's
// RegExp for the common subset (named groups (?P<n>...), (?i)/(?s)/(?m) flags, \A and \z);
// RE2-only constructs that JavaScript lacks are an error, and JavaScript-only ones (lookaround,
// backreferences), which RE2 rejects, are rejected too.
import { createHash } from "node:crypto";
import {
    compareStrings,
    ConversionError,
    convert,
    describeValueType,
    formatNumber,
    hasKey,
    isList,
    isObject,
    makeObject,
    mark,
    parseNumber,
    Sensitive,
    setOf,
    sortedKeys,
    typeOf,
    withType,
    collectionKind,
    convertible,
    typeName,
    unify,
    Unknown,
    unmark,
    unmarkDeep,
    valuesEqual,
    type HclObject,
    type HclType,
    type HclValue,
} from "./values";

/** Reports an invalid call; the message names what is wrong, never a value. */
export type Fail = (message: string) => never;
type Implementation = (args: readonly HclValue[], fail: Fail) => HclValue;

interface FunctionSpec {
    readonly call: Implementation;
    /** Arguments with unknown parts do not make the result unknown (the function looks at them itself). */
    readonly acceptsUnknown?: boolean;
    /** Arguments keep their sensitive marks (the function handles them itself). */
    readonly acceptsMarks?: boolean;
}

const FUNCTIONS = new Map<string, FunctionSpec>();

function define(name: string, call: Implementation, options: Omit<FunctionSpec, "call"> = {}): void {
    FUNCTIONS.set(name, { call, ...options });
}

export function isKnownFunction(name: string): boolean {
    return FUNCTIONS.has(name);
}

/** The names of the functions evaluated here (others evaluate to Unknown). */
export function knownFunctionNames(): string[] {
    return [...FUNCTIONS.keys(), "try", "can"].sort();
}

function firstUnknown(value: HclValue): Unknown | undefined {
    const v = unmark(value).value;
    if (v instanceof Unknown) return v;
    if (isList(v)) {
        for (const e of v) {
            const u = firstUnknown(e);
            if (u) return u;
        }
    } else if (isObject(v)) {
        for (const k of Object.keys(v)) {
            const u = firstUnknown(v[k]!);
            if (u) return u;
        }
    }
    return undefined;
}

/** Calls a built-in function: unknown arguments make an unknown result, sensitive ones a sensitive result. */
export function callFunction(name: string, args: readonly HclValue[], fail: Fail): HclValue {
    const spec = FUNCTIONS.get(name);
    if (!spec) return new Unknown(`function ${name}() is not evaluated`);
    if (spec.acceptsMarks) return spec.call(args, fail);
    const plain: HclValue[] = [];
    let sensitive = false;
    for (const a of args) {
        const u = unmarkDeep(a);
        if (u.sensitive) sensitive = true;
        plain.push(u.value);
    }
    if (!spec.acceptsUnknown) {
        for (const a of plain) {
            const unknown = firstUnknown(a);
            if (unknown) return mark(unknown, sensitive);
        }
    }
    try {
        const result = spec.call(plain, fail);
        if (typeof result === "number" && !Number.isFinite(result)) return fail("the result is out of the range of numbers");
        return mark(result, sensitive);
    } catch (e) {
        if (e instanceof ConversionError) return fail(e.message);
        throw e;
    }
}

// ---------------------------------------------------------------------------------------------
// Argument helpers

function arity(args: readonly HclValue[], min: number, max: number, fail: Fail): void {
    if (args.length < min)
        fail(`not enough arguments (${min === max ? `${min} required` : `at least ${min} required`}, ${args.length} given)`);
    if (args.length > max) fail(`too many arguments (${min === max ? `${max} allowed` : `at most ${max} allowed`}, ${args.length} given)`);
}

function ordinal(i: number): string {
    return ["first", "second", "third", "fourth", "fifth"][i] ?? `argument ${i + 1}`;
}

function str(args: readonly HclValue[], i: number, fail: Fail): string {
    const v = args[i] ?? null;
    if (v === null) return fail(`the ${ordinal(i)} argument must not be null`);
    if (typeof v === "string") return v;
    if (typeof v === "number") return formatNumber(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    return fail(`the ${ordinal(i)} argument must be a string, not a ${describeValueType(v)}`);
}

function num(args: readonly HclValue[], i: number, fail: Fail): number {
    const v = args[i] ?? null;
    if (v === null) return fail(`the ${ordinal(i)} argument must not be null`);
    if (typeof v === "number") return v;
    if (typeof v === "string") {
        const n = parseNumber(v);
        if (n !== undefined) return n;
        return fail(`the ${ordinal(i)} argument must be a number (a string that does not hold a number was given)`);
    }
    return fail(`the ${ordinal(i)} argument must be a number, not a ${describeValueType(v)}`);
}

function int(args: readonly HclValue[], i: number, fail: Fail): number {
    const n = num(args, i, fail);
    if (!Number.isInteger(n)) fail(`the ${ordinal(i)} argument must be a whole number`);
    if (!Number.isSafeInteger(n)) fail(`the ${ordinal(i)} argument is out of the supported range of whole numbers`);
    return n;
}

function bool(v: HclValue, what: string, fail: Fail): boolean {
    if (v === null) return fail(`${what} must not be null`);
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return fail(`${what} must be a bool, not a ${describeValueType(v)}`);
}

/** A list(T) parameter: a list, set or tuple whose elements convert to one type (to `want`, when given). */
function typedList(args: readonly HclValue[], i: number, fail: Fail, want?: HclType): readonly HclValue[] {
    const l = list(args, i, fail);
    if (want === undefined) return homogeneous(l, fail, `the ${ordinal(i)} argument`);
    // Each element converts to the wanted type (a typed list's element type must convert).
    const recorded = typeOf(l);
    const element = typeof recorded !== "string" && (recorded.kind === "list" || recorded.kind === "set") ? recorded.element : undefined;
    if (element !== undefined && !convertible(element, want))
        return fail(`the ${ordinal(i)} argument must be a list of ${typeName(want)}, not of ${typeName(element)}`);
    return withType(
        l.map((e) => convert(e, want)),
        listOf(want),
    );
}

function list(args: readonly HclValue[], i: number, fail: Fail): readonly HclValue[] {
    const v = args[i] ?? null;
    if (v === null) return fail(`the ${ordinal(i)} argument must not be null`);
    if (isList(v)) return v;
    return fail(`the ${ordinal(i)} argument must be a list, set or tuple, not a ${describeValueType(v)}`);
}

function object(args: readonly HclValue[], i: number, fail: Fail): HclObject {
    const v = args[i] ?? null;
    if (v === null) return fail(`the ${ordinal(i)} argument must not be null`);
    if (isObject(v)) return v;
    return fail(`the ${ordinal(i)} argument must be a map or object, not a ${describeValueType(v)}`);
}

/** The elements of a list converted to one type (what Terraform does for list(T) parameters). */
function homogeneous(elements: readonly HclValue[], fail: Fail, what: string): HclValue[] {
    const element = elementType(elements, fail, what);
    return withType(
        elements.map((e) => convert(e, element)),
        { kind: "list", element },
    );
}

function elementType(elements: readonly HclValue[], fail: Fail, what: string): HclType {
    const recorded = typeOf(elements);
    if (typeof recorded !== "string" && (recorded.kind === "list" || recorded.kind === "set")) return recorded.element;
    const type = unify(elements.map(typeOf));
    if (type === undefined) return fail(`${what}: the elements do not have one type`);
    return type;
}

const LIST_OF_STRINGS: HclType = { kind: "list", element: "string" };
const listOf = (element: HclType): HclType => ({ kind: "list", element });

function stringElements(elements: readonly HclValue[], fail: Fail, what: string, allowNull = false): (string | null)[] {
    return elements.map((e) => {
        if (e === null) return allowNull ? null : fail(`${what}: an element is null`);
        if (typeof e === "string") return e;
        if (typeof e === "number") return formatNumber(e);
        if (typeof e === "boolean") return e ? "true" : "false";
        return fail(`${what}: each element must be a string, not a ${describeValueType(e)}`);
    });
}

/** A bound on results that functions build by repetition (indent, range), against exhausting memory. */
const MAX_RESULT_CHARACTERS = 16 * 1024 * 1024;

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
function graphemes(s: string): string[] {
    return [...segmenter.segment(s)].map((g) => g.segment);
}

// ---------------------------------------------------------------------------------------------
// Strings

define("lower", (a, f) => (arity(a, 1, 1, f), str(a, 0, f).toLowerCase()));
define("upper", (a, f) => (arity(a, 1, 1, f), str(a, 0, f).toUpperCase()));
define("title", (a, f) => {
    arity(a, 1, 1, f);
    // Go's strings.Title: a letter after a separator (not a letter, digit, underscore or mark) is upper-cased.
    const separator = (ch: string) => (ch.charCodeAt(0) < 0x80 ? !/[A-Za-z0-9_]/.test(ch) : !/[\p{L}\p{Nd}]/u.test(ch) && /\s/u.test(ch));
    let previous = " ";
    let out = "";
    for (const ch of str(a, 0, f)) {
        out += separator(previous) ? ch.toUpperCase() : ch;
        previous = ch;
    }
    return out;
});
define("trimspace", (a, f) => (arity(a, 1, 1, f), str(a, 0, f).replace(/^\s+|\s+$/gu, "")));
define("trimprefix", (a, f) => {
    arity(a, 2, 2, f);
    const s = str(a, 0, f);
    const p = str(a, 1, f);
    return s.startsWith(p) ? s.slice(p.length) : s;
});
define("trimsuffix", (a, f) => {
    arity(a, 2, 2, f);
    const s = str(a, 0, f);
    const p = str(a, 1, f);
    return p.length > 0 && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
});
define("trim", (a, f) => {
    arity(a, 2, 2, f);
    const chars = new Set([...str(a, 1, f)]);
    const cps = [...str(a, 0, f)];
    let start = 0;
    let end = cps.length;
    while (start < end && chars.has(cps[start]!)) start++;
    while (end > start && chars.has(cps[end - 1]!)) end--;
    return cps.slice(start, end).join("");
});
define("chomp", (a, f) => (arity(a, 1, 1, f), str(a, 0, f).replace(/(\r\n|\n|\r)+$/, "")));
define("indent", (a, f) => {
    arity(a, 2, 2, f);
    const n = int(a, 0, f);
    if (n < 0) return f("the number of spaces must not be negative");
    const text = str(a, 1, f);
    const lines = text.split("\n").length;
    if (n * (lines - 1) > MAX_RESULT_CHARACTERS) return f("the result would be too large");
    return text.replace(/\n/g, "\n" + " ".repeat(Math.max(0, n)));
});
define("startswith", (a, f) => (arity(a, 2, 2, f), str(a, 0, f).startsWith(str(a, 1, f))));
define("endswith", (a, f) => (arity(a, 2, 2, f), str(a, 0, f).endsWith(str(a, 1, f))));
define("strcontains", (a, f) => (arity(a, 2, 2, f), str(a, 0, f).includes(str(a, 1, f))));
define(
    "strrev",
    (a, f) => (
        arity(a, 1, 1, f),
        graphemes(str(a, 0, f))
            .reverse()
            .join("")
    ),
);
define("substr", (a, f) => {
    arity(a, 3, 3, f);
    // cty's algorithm, quirks included: a negative offset counts from the end (and stays at the
    // start if it is still negative), and a length of 0 after a negative offset takes the rest.
    const g = graphemes(str(a, 0, f));
    let offset = int(a, 1, f);
    const length = int(a, 2, f);
    if (offset < 0) offset += g.length;
    else if (length === 0) return "";
    let rest = g;
    if (offset > 0) {
        if (offset > g.length) return "";
        rest = g.slice(offset);
    }
    if (length <= 0) return rest.join("");
    return rest.slice(0, length).join("");
});
define("join", (a, f) => {
    arity(a, 1, Infinity, f);
    if (a.length < 2) return f("at least one list is required after the separator");
    const sep = str(a, 0, f);
    const parts: string[] = [];
    for (let i = 1; i < a.length; i++) parts.push(...(stringElements(typedList(a, i, f, "string"), f, "join") as string[]));
    return parts.join(sep);
});
define("split", (a, f) => {
    arity(a, 2, 2, f);
    const sep = str(a, 0, f);
    const s = str(a, 1, f);
    return withType(sep === "" ? [...s] : s.split(sep), LIST_OF_STRINGS);
});
define("replace", (a, f) => {
    arity(a, 3, 3, f);
    const s = str(a, 0, f);
    const search = str(a, 1, f);
    const replacement = str(a, 2, f);
    if (search.length > 1 && search.startsWith("/") && search.endsWith("/")) {
        const re = compileRegex(search.slice(1, -1), f, "g");
        return s.replace(re, (...match: unknown[]) => expandGoTemplate(replacement, match));
    }
    if (search === "") return [...s].map((c) => replacement + c).join("") + replacement;
    return s.split(search).join(replacement);
});
/** Terraform leaves format() and formatlist() unknown when an argument to format is null. */
const NULL_FORMAT_ARGUMENT = (name: string) => new Unknown(`function ${name}() with a null argument (Terraform leaves the result unknown)`);

define("format", (a, f) => {
    arity(a, 1, Infinity, f);
    if (a.slice(1).some((v) => v === null)) return NULL_FORMAT_ARGUMENT("format");
    return formatGo(str(a, 0, f), a.slice(1), f);
});
define("formatlist", (a, f) => {
    arity(a, 1, Infinity, f);
    const fmt = str(a, 0, f);
    const rest = a.slice(1);
    if (rest.some((v) => v === null || (isList(v) && v.some((e) => e === null)))) return NULL_FORMAT_ARGUMENT("formatlist");
    let length: number | undefined;
    for (const v of rest) {
        if (isList(v)) {
            if (length !== undefined && v.length !== length) return f("all list arguments must have the same length");
            length = v.length;
        }
    }
    if (length === undefined) length = 1;
    const out: string[] = [];
    for (let i = 0; i < length; i++)
        out.push(
            formatGo(
                fmt,
                rest.map((v) => (isList(v) ? v[i]! : v)),
                f,
            ),
        );
    return withType(out, LIST_OF_STRINGS);
});
define("urlencode", (a, f) => {
    arity(a, 1, 1, f);
    let out = "";
    for (const byte of Buffer.from(str(a, 0, f), "utf8")) {
        const ch = String.fromCharCode(byte);
        if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
        else if (ch === " ") out += "+";
        else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
});
define("base64encode", (a, f) => (arity(a, 1, 1, f), Buffer.from(str(a, 0, f), "utf8").toString("base64")));
define("base64decode", (a, f) => {
    arity(a, 1, 1, f);
    const s = str(a, 0, f);
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return f("the argument is not valid base64");
    const bytes = Buffer.from(s, "base64");
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        return f("the decoded bytes are not valid UTF-8");
    }
});
// Digests of a string's UTF-8 bytes: hex for md5/sha*, base64 for base64sha*.
for (const [name, algorithm, encoding] of [
    ["md5", "md5", "hex"],
    ["sha1", "sha1", "hex"],
    ["sha256", "sha256", "hex"],
    ["sha512", "sha512", "hex"],
    ["base64sha256", "sha256", "base64"],
    ["base64sha512", "sha512", "base64"],
] as const) {
    define(
        name,
        (a, f) => (
            arity(a, 1, 1, f),
            createHash(algorithm)
                .update(str(a, 0, f), "utf8")
                .digest(encoding)
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Regular expressions (RE2 syntax, translated)

/** Translates an RE2 pattern to a JavaScript RegExp (the common subset; see the file comment). */
function compileRegex(pattern: string, fail: Fail, extraFlags = ""): RegExp {
    let flags = "u" + extraFlags;
    let body = pattern;
    const leading = /^\(\?([imsU]+)\)/.exec(body);
    if (leading) {
        if (leading[1]!.includes("U")) return fail("the regular expression uses the U flag, which is not supported here");
        for (const flag of leading[1]!) if (!flags.includes(flag)) flags += flag;
        body = body.slice(leading[0].length);
    }
    if (/\(\?[=!]|\(\?<[=!]/.test(body)) return fail("the regular expression uses lookaround, which RE2 does not support");
    if (/\\[1-9]/.test(body)) return fail("the regular expression uses a backreference, which RE2 does not support");
    body = body
        .replace(/\(\?P</g, "(?<")
        .replace(/\\A/g, "^")
        .replace(/\\z/g, "$(?![\\s\\S])");
    try {
        return new RegExp(body, flags);
    } catch {
        return fail("the regular expression is not valid");
    }
}

/** The result of one match as Terraform's regex() gives it: the match, a list of groups, or an object of named groups. */
function matchResult(re: RegExp, m: RegExpExecArray): HclValue {
    // A group that took no part in the match is null.
    if (m.groups && Object.keys(m.groups).length > 0) return makeObject(Object.entries(m.groups).map(([k, v]) => [k, v ?? null] as const));
    if (m.length > 1)
        return withType(
            m.slice(1).map((g) => g ?? null),
            LIST_OF_STRINGS,
        );
    void re;
    return m[0];
}

/** The type of one match of `re` (regex's result type): a string, a list of strings, or an object of strings. */
function matchType(re: RegExp): HclType {
    const empty = new RegExp(`${re.source}|`, re.flags.replace("g", "")).exec("")!;
    if (empty.groups && Object.keys(empty.groups).length > 0) {
        const attributes: Record<string, HclType> = Object.create(null) as Record<string, HclType>;
        for (const k of Object.keys(empty.groups)) attributes[k] = "string";
        return { kind: "object", attributes };
    }
    return empty.length > 1 ? LIST_OF_STRINGS : "string";
}

define("regex", (a, f) => {
    arity(a, 2, 2, f);
    const re = compileRegex(str(a, 0, f), f);
    const m = re.exec(str(a, 1, f));
    if (!m) return f("the pattern did not match the string");
    return matchResult(re, m);
});
define("regexall", (a, f) => {
    arity(a, 2, 2, f);
    const re = compileRegex(str(a, 0, f), f, "g");
    const s = str(a, 1, f);
    const out: HclValue[] = [];
    for (const m of s.matchAll(re)) out.push(matchResult(re, m as RegExpExecArray));
    return withType(out, listOf(matchType(re)));
});

/** Go's Regexp.Expand template: $1, ${1}, $name, ${name}, $$. */
function expandGoTemplate(template: string, match: readonly unknown[]): string {
    const last = match[match.length - 1];
    const named = typeof last === "object" && last !== null ? (last as Record<string, string | undefined>) : undefined;
    const groups = match.filter((m, i) => i < match.length - (named ? 3 : 2)) as (string | undefined)[];
    const group = (name: string): string => {
        if (/^\d+$/.test(name)) return groups[Number(name)] ?? "";
        return named?.[name] ?? "";
    };
    return template.replace(
        /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
        (whole, _x: string, braced: string | undefined, bare: string | undefined) => {
            if (whole === "$$") return "$";
            return group(braced ?? bare ?? "");
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Go's fmt verbs, as Terraform's format() implements them

function formatGo(fmt: string, args: readonly HclValue[], fail: Fail): string {
    let out = "";
    let argIndex = 0;
    let i = 0;
    while (i < fmt.length) {
        const ch = fmt[i]!;
        if (ch !== "%") {
            out += ch;
            i++;
            continue;
        }
        if (fmt[i + 1] === "%") {
            out += "%";
            i += 2;
            continue;
        }
        const spec = /^%([+\-# 0]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d+))?([a-zA-Z])?/.exec(fmt.slice(i));
        if (!spec || spec[5] === undefined) return fail("the format string has an unfinished verb");
        const [whole, flags = "", explicit, widthText, precisionText, verb] = spec;
        if (explicit !== undefined) argIndex = Number(explicit) - 1;
        if (argIndex < 0 || argIndex >= args.length) return fail(`the format string needs more arguments than the ${args.length} given`);
        const value = args[argIndex++]!;
        const width = widthText === undefined ? undefined : Number(widthText);
        const precision = precisionText === undefined ? undefined : Number(precisionText);
        out += pad(formatVerb(verb!, flags, precision, value, fail), width, flags);
        i += whole.length;
    }
    if (argIndex < args.length) return fail(`the format string uses fewer arguments than the ${args.length} given`);
    return out;
}

function pad(text: string, width: number | undefined, flags: string): string {
    const length = [...text].length;
    if (width === undefined || length >= width) return text;
    if (flags.includes("-")) return text + " ".repeat(width - length);
    if (flags.includes("0") && /^[+-]?\d/.test(text)) {
        const sign = /^[+-]/.test(text) ? text[0]! : "";
        return sign + "0".repeat(width - length) + text.slice(sign.length);
    }
    return " ".repeat(width - length) + text;
}

function formatVerb(verb: string, flags: string, precision: number | undefined, value: HclValue, fail: Fail): string {
    const sign = (n: number, text: string) =>
        n >= 0 && !Object.is(n, -0) ? (flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + text : text;
    switch (verb) {
        case "v": {
            if (flags.includes("#")) return jsonEncode(value);
            if (value === null) return "null";
            if (typeof value === "string") return value;
            if (typeof value === "number") return (value < 0 ? "-" : "") + goG(Math.abs(value), undefined);
            if (typeof value === "boolean") return value ? "true" : "false";
            return jsonEncode(value);
        }
        case "t":
            if (typeof value !== "boolean" && !(value === "true" || value === "false"))
                return fail(`%t requires a bool, not a ${describeValueType(value)}`);
            return String(value);
        case "s":
        case "q": {
            if (value === null) return fail(`%${verb} requires a string, not null`);
            const s = convert(value, "string") as string;
            const text = precision === undefined ? s : [...s].slice(0, precision).join("");
            return verb === "q" ? goQuote(text) : text;
        }
        case "d":
        case "b":
        case "o":
        case "x":
        case "X":
        case "e":
        case "E":
        case "f":
        case "F":
        case "g":
        case "G": {
            if (value === null) return fail(`%${verb} requires a number, not null`);
            const n = convert(value, "number") as number;
            const abs = Math.abs(n);
            switch (verb) {
                case "d":
                    if (!Number.isInteger(n)) return fail("%d requires a whole number");
                    return sign(n, (n < 0 ? "-" : "") + formatNumber(abs));
                case "b":
                case "o":
                case "x":
                case "X": {
                    if (!Number.isInteger(n)) return fail(`%${verb} requires a whole number`);
                    const radix = verb === "b" ? 2 : verb === "o" ? 8 : 16;
                    let digits = BigInt(abs).toString(radix);
                    if (verb === "X") digits = digits.toUpperCase();
                    if (flags.includes("#")) digits = (verb === "b" ? "0b" : verb === "o" ? "0" : verb === "x" ? "0x" : "0X") + digits;
                    return sign(n, (n < 0 ? "-" : "") + digits);
                }
                case "e":
                case "E": {
                    const text = goExponent(abs.toExponential(precision ?? 6));
                    return sign(n, (n < 0 ? "-" : "") + (verb === "E" ? text.toUpperCase() : text));
                }
                case "f":
                case "F":
                    return sign(n, (n < 0 ? "-" : "") + abs.toFixed(precision ?? 6));
                default: {
                    const text = goG(abs, precision);
                    return sign(n, (n < 0 ? "-" : "") + (verb === "G" ? text.toUpperCase() : text));
                }
            }
        }
        default:
            return fail(`the format string has an unsupported verb %${verb}`);
    }
}

/**
 * Go's %g of a non-negative number (big.Float's, which %v uses too): the shortest digits, or
 * `precision` significant ones; exponent form when the exponent is below -4 or reaches the
 * precision (6 for the shortest form).
 */
function goG(abs: number, precision: number | undefined): string {
    const p = precision === undefined ? undefined : Math.max(1, precision);
    const [mantissa, exponentText] = (p === undefined ? abs.toExponential() : abs.toExponential(p - 1)).split("e");
    const digits = mantissa!.replace(".", "").replace(/0+$/, "") || "0";
    const exponent = Number(exponentText);
    let eprec = p ?? 6;
    if (p !== undefined && eprec > digits.length && digits.length >= exponent + 1) eprec = digits.length;
    if (exponent < -4 || exponent >= eprec) {
        const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        return `${m}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    }
    if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return digits + "0".repeat(exponent + 1 - digits.length);
    return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Go prints exponents with at least two digits: 1e+06. */
function goExponent(text: string): string {
    return text.replace(/e([+-])(\d)$/, "e$10$2");
}

function goQuote(s: string): string {
    let out = '"';
    for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        if (ch === '"') out += '\\"';
        else if (ch === "\\") out += "\\\\";
        else if (ch === "\n") out += "\\n";
        else if (ch === "\r") out += "\\r";
        else if (ch === "\t") out += "\\t";
        else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
        else out += ch;
    }
    return out + '"';
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Terraform's jsonencode: keys sorted, numbers as Terraform prints them, <, > and & escaped as Go does. */
export function jsonEncode(value: HclValue): string {
    const v = unmark(value).value;
    if (v === null) return "null";
    if (typeof v === "string") return jsonString(v);
    if (typeof v === "number") return formatNumber(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (v instanceof Unknown) throw new ConversionError("the value is not known");
    if (isList(v)) return "[" + v.map(jsonEncode).join(",") + "]";
    const o = v as HclObject;
    return (
        "{" +
        sortedKeys(o)
            .map((k) => jsonString(k) + ":" + jsonEncode(o[k]!))
            .join(",") +
        "}"
    );
}

function jsonString(s: string): string {
    return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

function fromJson(v: unknown): HclValue {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map(fromJson);
    return makeObject(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, fromJson(e)] as const));
}

define("jsonencode", (a, f) => (arity(a, 1, 1, f), jsonEncode(a[0]!)));
define("jsondecode", (a, f) => {
    arity(a, 1, 1, f);
    try {
        return fromJson(JSON.parse(str(a, 0, f)) as unknown);
    } catch (e) {
        if (e instanceof SyntaxError) return f("the argument is not valid JSON");
        throw e;
    }
});

// ---------------------------------------------------------------------------------------------
// Type conversions

define("tostring", (a, f) => {
    arity(a, 1, 1, f);
    const v = a[0]!;
    if (v === null) return null;
    if (typeof v === "object") return f(`cannot convert a ${describeValueType(v)} to a string`);
    return convert(v, "string");
});
define("tonumber", (a, f) => {
    arity(a, 1, 1, f);
    const v = a[0]!;
    if (v === null) return null;
    if (typeof v === "string" && parseNumber(v) === undefined) return f("the string does not hold a number");
    if (typeof v !== "number" && typeof v !== "string") return f(`cannot convert a ${describeValueType(v)} to a number`);
    return convert(v, "number");
});
define("tobool", (a, f) => {
    arity(a, 1, 1, f);
    const v = a[0]!;
    if (v === null) return null;
    if (typeof v !== "boolean" && typeof v !== "string") return f(`cannot convert a ${describeValueType(v)} to a bool`);
    return convert(v, "bool");
});
function toCollection(kind: "list" | "set" | "map"): Implementation {
    return (a, f) => {
        arity(a, 1, 1, f);
        const v = a[0]!;
        if (v === null) return null;
        const elements = kind === "map" ? (isObject(v) ? Object.values(v) : undefined) : isList(v) ? v : undefined;
        if (elements === undefined) return f(`cannot convert a ${describeValueType(v)} to a ${kind}`);
        const element = unify(elements.map(typeOf));
        if (element === undefined) return f(`cannot convert a ${describeValueType(v)} to a ${kind} of any single type`);
        return convert(v, { kind, element });
    };
}
define("tolist", toCollection("list"));
define("toset", toCollection("set"));
define("tomap", toCollection("map"));

// ---------------------------------------------------------------------------------------------
// Collections

define(
    "length",
    (a, f) => {
        arity(a, 1, 1, f);
        const v = a[0]!;
        if (v instanceof Unknown) return v;
        if (v === null) return f("the argument must not be null");
        if (typeof v === "string") return graphemes(v).length;
        if (isList(v)) return v.length;
        if (isObject(v)) return Object.keys(v).length;
        return f(`the argument must be a string or a collection, not a ${describeValueType(v)}`);
    },
    { acceptsUnknown: true },
);
define("concat", (a, f) => {
    const out: HclValue[] = [];
    for (let i = 0; i < a.length; i++) {
        if (collectionKind(a[i]!) === "set") return f(`the ${ordinal(i)} argument must be a list or tuple, not a set`);
        out.push(...list(a, i, f));
    }
    // Lists (not tuples) concatenate into a list of one element type.
    if (a.length > 0 && a.every((l) => collectionKind(l) === "list")) {
        const element = unify(a.map((l) => (typeOf(l) as { element: HclType }).element));
        // (When they do not unify, the result is a tuple.)
        if (element !== undefined) return convert(out, { kind: "list", element });
    }
    return out;
});
define("element", (a, f) => {
    arity(a, 2, 2, f);
    const l = list(a, 0, f);
    const i = int(a, 1, f);
    if (l.length === 0) return f("cannot use element() with an empty list");
    if (i < 0) return f("cannot use element() with a negative index");
    return l[i % l.length]!;
});
define("index", (a, f) => {
    arity(a, 2, 2, f);
    const l = list(a, 0, f);
    const i = l.findIndex((e) => valuesEqual(e, a[1]!) === true);
    if (i < 0) return f("the item was not found in the list");
    return i;
});
define("contains", (a, f) => {
    arity(a, 2, 2, f);
    if (a[1] === null) return f("the value to look for must not be null");
    return list(a, 0, f).some((e) => valuesEqual(e, a[1]!) === true);
});
define("keys", (a, f) => (arity(a, 1, 1, f), sortedKeys(object(a, 0, f))));
define("values", (a, f) => {
    arity(a, 1, 1, f);
    const o = object(a, 0, f);
    return sortedKeys(o).map((k) => o[k]!);
});
define("lookup", (a, f) => {
    arity(a, 2, 3, f);
    const o = object(a, 0, f);
    const key = str(a, 1, f);
    // For a map (not an object), the default converts to the map's element type.
    const t = typeOf(o);
    const fallback = a.length === 3 && typeof t !== "string" && t.kind === "map" ? convert(a[2]!, t.element) : a[2];
    if (hasKey(o, key)) return o[key]!;
    if (fallback !== undefined) return fallback;
    return f("the key was not found in the map, and no default was given");
});
define("merge", (a, f) => {
    const entries = new Map<string, HclValue>();
    for (let i = 0; i < a.length; i++) {
        if (a[i] === null) continue;
        const o = object(a, i, f);
        for (const k of sortedKeys(o)) entries.set(k, o[k]!);
    }
    return makeObject(entries);
});
define("coalesce", (a, f) => {
    if (a.length === 0) return f("at least one argument is required");
    const type = unify(a.map(typeOf));
    if (type === undefined) return f("all arguments must have the same type");
    for (const v of a) {
        if (v === null || v === "") continue;
        const c = convert(v, type);
        if (c === "") continue;
        return c;
    }
    return f("no non-null, non-empty-string arguments");
});
define("coalescelist", (a, f) => {
    if (a.length === 0) return f("at least one argument is required");
    for (let i = 0; i < a.length; i++)
        if (collectionKind(a[i]!) === "set") return f(`the ${ordinal(i)} argument must be a list or tuple, not a set`);
    for (let i = 0; i < a.length; i++) {
        const l = list(a, i, f);
        if (l.length > 0) return l;
    }
    return f("no non-empty list arguments");
});
define("compact", (a, f) => {
    arity(a, 1, 1, f);
    return withType(
        stringElements(typedList(a, 0, f, "string"), f, "compact", true).filter((s): s is string => s !== null && s !== ""),
        LIST_OF_STRINGS,
    );
});
define("distinct", (a, f) => {
    arity(a, 1, 1, f);
    const l = typedList(a, 0, f);
    const out: HclValue[] = [];
    for (const e of l) if (!out.some((o) => valuesEqual(o, e) === true)) out.push(e);
    return withType(out, typeOf(l));
});
define("flatten", (a, f) => {
    arity(a, 1, 1, f);
    const out: HclValue[] = [];
    const walk = (l: readonly HclValue[]) => {
        for (const e of l) {
            if (isList(e)) walk(e);
            else out.push(e);
        }
    };
    walk(list(a, 0, f));
    return out;
});
define("zipmap", (a, f) => {
    arity(a, 2, 2, f);
    const keys = stringElements(typedList(a, 0, f, "string"), f, "zipmap keys") as string[];
    const values = list(a, 1, f);
    if (keys.length !== values.length) return f("the lists of keys and values must have the same length");
    return makeObject(keys.map((k, i) => [k, values[i]!] as const));
});
define("one", (a, f) => {
    arity(a, 1, 1, f);
    const l = list(a, 0, f);
    if (l.length > 1) return f("the list must have no more than one element");
    return l.length === 0 ? null : l[0]!;
});
define("slice", (a, f) => {
    arity(a, 3, 3, f);
    const l = list(a, 0, f);
    const start = int(a, 1, f);
    const end = int(a, 2, f);
    if (start < 0) return f("the start index must not be negative");
    if (end > l.length) return f("the end index must not be greater than the length of the list");
    if (start > end) return f("the start index must not be greater than the end index");
    return l.slice(start, end);
});
define("reverse", (a, f) => (arity(a, 1, 1, f), [...list(a, 0, f)].reverse()));
define("sort", (a, f) => {
    arity(a, 1, 1, f);
    return withType((stringElements(typedList(a, 0, f, "string"), f, "sort") as string[]).sort(compareStrings), LIST_OF_STRINGS);
});
define("chunklist", (a, f) => {
    arity(a, 2, 2, f);
    const l = typedList(a, 0, f);
    const size = int(a, 1, f);
    if (size < 0) return f("the chunk size must not be negative");
    const chunkType = typeOf(l);
    if (size === 0) return withType([l], listOf(chunkType));
    const out: HclValue[] = [];
    for (let i = 0; i < l.length; i += size) out.push(withType(l.slice(i, i + size), chunkType));
    return withType(out, listOf(chunkType));
});
define("alltrue", (a, f) => (arity(a, 1, 1, f), typedList(a, 0, f, "bool").every((e) => bool(e, "each element", f))));
define("anytrue", (a, f) => (arity(a, 1, 1, f), typedList(a, 0, f, "bool").some((e) => bool(e, "each element", f))));
/** The arguments of the set functions as sets, their elements converted to one type across all of them. */
function sets(a: readonly HclValue[], f: Fail, name: string): HclValue[][] {
    const lists = a.map((_, i) => list(a, i, f));
    // Each argument becomes a set of one element type, then the sets' element types unify.
    const type = unify(lists.map((l, i) => elementType(l, f, `${name}: the ${ordinal(i)} argument`)));
    if (type === undefined) return f(`${name}: the elements of the sets do not have one type`);
    return lists.map((l) => withType(setOf(l.map((e) => convert(e, type))), { kind: "set", element: type }));
}
const setLike = (result: HclValue[], like: HclValue[]): HclValue[] => withType(result, typeOf(like));
define("setunion", (a, f) => {
    arity(a, 1, Infinity, f);
    const all = sets(a, f, "setunion");
    return setLike(setOf(all.flat()), all[0]!);
});
define("setintersection", (a, f) => {
    arity(a, 1, Infinity, f);
    const [first, ...others] = sets(a, f, "setintersection");
    return setLike(
        first!.filter((e) => others.every((o) => o.some((x) => valuesEqual(x, e) === true))),
        first!,
    );
});
define("setsubtract", (a, f) => {
    arity(a, 2, 2, f);
    const [first, other] = sets(a, f, "setsubtract");
    return setLike(
        first!.filter((e) => !other!.some((x) => valuesEqual(x, e) === true)),
        first!,
    );
});
define("transpose", (a, f) => {
    arity(a, 1, 1, f);
    const o = object(a, 0, f);
    const out = new Map<string, string[]>();
    for (const k of sortedKeys(o)) {
        const v = o[k]!;
        if (!isList(v)) return f("each value must be a list of strings");
        for (const s of stringElements(v, f, "transpose") as string[]) out.set(s, [...(out.get(s) ?? []), k]);
    }
    return makeObject([...out.entries()].map(([k, v]) => [k, v.sort(compareStrings)] as const));
});

// ---------------------------------------------------------------------------------------------
// Numbers

define("abs", (a, f) => (arity(a, 1, 1, f), Math.abs(num(a, 0, f))));
define("ceil", (a, f) => (arity(a, 1, 1, f), Math.ceil(num(a, 0, f))));
define("floor", (a, f) => (arity(a, 1, 1, f), Math.floor(num(a, 0, f))));
define("signum", (a, f) => (arity(a, 1, 1, f), Math.sign(int(a, 0, f))));
define("pow", (a, f) => (arity(a, 2, 2, f), Math.pow(num(a, 0, f), num(a, 1, f))));
define("min", (a, f) => {
    arity(a, 1, Infinity, f);
    return Math.min(...a.map((_, i) => num(a, i, f)));
});
define("max", (a, f) => {
    arity(a, 1, Infinity, f);
    return Math.max(...a.map((_, i) => num(a, i, f)));
});
define("sum", (a, f) => {
    arity(a, 1, 1, f);
    const l = list(a, 0, f);
    if (l.length === 0) return f("cannot sum an empty list");
    return l.reduce<number>((acc, e, i) => acc + num(l, i, f), 0);
});
define("parseint", (a, f) => {
    arity(a, 2, 2, f);
    const base = int(a, 1, f);
    if (base < 2 || base > 62) return f("the base must be between 2 and 62");
    const s = str(a, 0, f);
    const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const m = /^([+-]?)(.+)$/.exec(s);
    if (!m) return f("the string is not a number in the given base");
    let n = 0;
    for (const ch of m[2]!) {
        const d = base <= 36 ? digits.indexOf(ch.toLowerCase()) : digits.indexOf(ch);
        if (d < 0 || d >= base) return f("the string is not a number in the given base");
        n = n * base + d;
    }
    return m[1] === "-" ? -n : n;
});
define("range", (a, f) => {
    arity(a, 1, 3, f);
    let start = 0;
    let limit: number;
    let step = 1;
    if (a.length === 1) limit = num(a, 0, f);
    else {
        start = num(a, 0, f);
        limit = num(a, 1, f);
        step = a.length === 3 ? num(a, 2, f) : start > limit ? -1 : 1;
    }
    if (step === 0) return f("the step must not be zero");
    if (start < limit && step < 0) return f("the step must be positive when the start is less than the limit");
    if (start > limit && step > 0) return f("the step must be negative when the start is greater than the limit");
    const out: number[] = [];
    for (let i = 0, v = start; step > 0 ? v < limit : v > limit; i++, v = start + i * step) {
        if (out.length >= 1024) return f("more than 1024 values would be produced");
        out.push(v);
    }
    return withType(out, listOf("number"));
});

// ---------------------------------------------------------------------------------------------
// Sensitivity

define("sensitive", (a, f) => (arity(a, 1, 1, f), a[0] instanceof Sensitive ? a[0] : new Sensitive(a[0]!)), {
    acceptsMarks: true,
    acceptsUnknown: true,
});
define("nonsensitive", (a, f) => (arity(a, 1, 1, f), unmark(a[0]!).value), { acceptsMarks: true, acceptsUnknown: true });
define("issensitive", (a, f) => (arity(a, 1, 1, f), unmark(a[0]!).sensitive), { acceptsMarks: true, acceptsUnknown: true });

export type { HclType };
