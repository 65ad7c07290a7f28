// The parts of a Terraform JSON document's text worth parsing. A plan repeats every value in
// planned_values (and, for resources that exist, in prior_state and resource_drift), which the
// checker never reads: on a large plan they are 40% or more of the text, and parsing them only to
// drop them costs as much time again, in the parser and in the garbage collector. The document is
// scanned once, byte by byte; the values of those top-level members, checked against the JSON
// grammar, are replaced by `null` (so that the members are still there, as the kind of the
// document is told by them). The rest is kept byte for byte, so JSON.parse judges it as before; a
// left-out value that is not exactly JSON leaves the text whole to JSON.parse, whose verdict
// then stands.
import type { TextParts } from "../input";

/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- bytes (numbers) are compared with the
   const enum below on purpose: the compiler writes its members as number literals in the loops. */

/** Top-level members of `terraform show -json` output that no reader of the command reads. */
const UNREAD_MEMBERS: ReadonlySet<string> = new Set(["planned_values", "prior_state", "resource_drift"]);

/** Scanning failed: the text is not (exactly) JSON by this scanner's reading. */
const FAIL = -1;

const enum Byte {
    Tab = 0x09,
    Newline = 0x0a,
    Return = 0x0d,
    Space = 0x20,
    Quote = 0x22,
    Plus = 0x2b,
    Comma = 0x2c,
    Minus = 0x2d,
    Dot = 0x2e,
    Slash = 0x2f,
    Zero = 0x30,
    One = 0x31,
    Nine = 0x39,
    Colon = 0x3a,
    UpperE = 0x45,
    OpenBracket = 0x5b,
    Backslash = 0x5c,
    CloseBracket = 0x5d,
    LowerB = 0x62,
    LowerE = 0x65,
    LowerF = 0x66,
    LowerN = 0x6e,
    LowerR = 0x72,
    LowerT = 0x74,
    LowerU = 0x75,
    OpenBrace = 0x7b,
    CloseBrace = 0x7d,
}

function skipWhitespace(b: Uint8Array, i: number): number {
    for (;;) {
        const c = b[i];
        if (c !== Byte.Space && c !== Byte.Newline && c !== Byte.Return && c !== Byte.Tab) return i;
        i++;
    }
}

function isHex(c: number | undefined): boolean {
    return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** The end of the string starting at `i` (a quote), or FAIL. Bytes of 0x80 and above were checked as UTF-8 before. */
function skipString(b: Uint8Array, i: number): number {
    const n = b.length;
    i++;
    while (i < n) {
        const c = b[i]!;
        if (c === Byte.Quote) return i + 1;
        if (c === Byte.Backslash) {
            const e = b[i + 1];
            if (e === Byte.LowerU) {
                if (!(isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5]))) return FAIL;
                i += 6;
            } else if (
                e === Byte.Quote ||
                e === Byte.Backslash ||
                e === Byte.Slash ||
                e === Byte.LowerB ||
                e === Byte.LowerF ||
                e === Byte.LowerN ||
                e === Byte.LowerR ||
                e === Byte.LowerT
            ) {
                i += 2;
            } else return FAIL;
        } else if (c < 0x20) return FAIL;
        else i++;
    }
    return FAIL;
}

function isDigit(c: number | undefined): boolean {
    return c !== undefined && c >= Byte.Zero && c <= Byte.Nine;
}

/** The end of the number starting at `i`, or FAIL: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function skipNumber(b: Uint8Array, i: number): number {
    if (b[i] === Byte.Minus) i++;
    if (b[i] === Byte.Zero) i++;
    else if (b[i] !== undefined && b[i]! >= Byte.One && b[i]! <= Byte.Nine) while (isDigit(b[++i]));
    else return FAIL;
    if (b[i] === Byte.Dot) {
        if (!isDigit(b[++i])) return FAIL;
        while (isDigit(b[++i]));
    }
    if (b[i] === Byte.LowerE || b[i] === Byte.UpperE) {
        i++;
        if (b[i] === Byte.Plus || b[i] === Byte.Minus) i++;
        if (!isDigit(b[i])) return FAIL;
        while (isDigit(b[++i]));
    }
    return i;
}

function skipLiteral(b: Uint8Array, i: number, word: string): number {
    for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return FAIL;
    return i + word.length;
}

/** What the scanner expects next inside the containers it is in. */
const enum Expect {
    Value,
    Key,
    /** After a value: a comma or the end of the innermost container. */
    After,
}

/** The end of the JSON value starting at `i` (after whitespace), or FAIL. Iterative: any depth. */
export function skipValue(b: Uint8Array, i: number): number {
    // Open containers, innermost last: true for an object, false for an array.
    const open: boolean[] = [];
    let expect = Expect.Value;
    for (;;) {
        i = skipWhitespace(b, i);
        const c = b[i];
        if (expect === Expect.Key) {
            if (c !== Byte.Quote) return FAIL;
            i = skipWhitespace(b, skipString(b, i));
            if (i < 0 || b[i] !== Byte.Colon) return FAIL;
            i++;
            expect = Expect.Value;
            continue;
        }
        if (expect === Expect.After) {
            if (open.length === 0) return i;
            const inObject = open[open.length - 1];
            if (c === Byte.Comma) {
                i++;
                expect = inObject ? Expect.Key : Expect.Value;
            } else if (c === (inObject ? Byte.CloseBrace : Byte.CloseBracket)) {
                i++;
                open.pop();
            } else return FAIL;
            continue;
        }
        switch (c) {
            case Byte.OpenBrace:
                i = skipWhitespace(b, i + 1);
                if (b[i] === Byte.CloseBrace) {
                    i++;
                    expect = Expect.After;
                } else {
                    open.push(true);
                    expect = Expect.Key;
                }
                continue;
            case Byte.OpenBracket:
                i = skipWhitespace(b, i + 1);
                if (b[i] === Byte.CloseBracket) {
                    i++;
                    expect = Expect.After;
                } else open.push(false);
                continue;
            case Byte.Quote:
                i = skipString(b, i);
                break;
            case Byte.LowerT:
                i = skipLiteral(b, i, "true");
                break;
            case Byte.LowerF:
                i = skipLiteral(b, i, "false");
                break;
            case Byte.LowerN:
                i = skipLiteral(b, i, "null");
                break;
            default:
                i = skipNumber(b, i);
        }
        if (i < 0) return FAIL;
        expect = Expect.After;
    }
}

/**
 * The end of the value starting at `i` by its strings and brackets only, or FAIL: for members that
 * are kept, whose text JSON.parse reads (and judges) whole anyway.
 */
function skipKeptValue(b: Uint8Array, i: number): number {
    const n = b.length;
    let depth = 0;
    while (i < n) {
        const c = b[i]!;
        if (c === Byte.Quote) {
            i++;
            for (;;) {
                if (i >= n) return FAIL;
                const s = b[i]!;
                if (s === Byte.Quote) break;
                i += s === Byte.Backslash ? 2 : 1;
            }
            i++;
            if (depth === 0) return i;
            continue;
        }
        if (c === Byte.OpenBrace || c === Byte.OpenBracket) depth++;
        else if (c === Byte.CloseBrace || c === Byte.CloseBracket) {
            if (depth === 0) return i;
            if (--depth === 0) return i + 1;
        } else if (depth === 0 && (c === Byte.Comma || c === Byte.Space || c === Byte.Newline || c === Byte.Return || c === Byte.Tab))
            return i;
        i++;
    }
    return depth === 0 ? i : FAIL;
}

/**
 * The parts of a JSON text (UTF-8 bytes, already checked as such) to parse in place of all of it:
 * the whole text but the values of the top-level members no reader reads, each replaced by `null`;
 * or undefined to parse it all (not an object, no `format_version` member, nothing to leave out,
 * or not exactly JSON).
 */
export function unreadMembersLeftOut(b: Uint8Array): TextParts | undefined {
    const scanned = scanTopLevel(b, false);
    return scanned === undefined || scanned.parts.length === 1 ? undefined : scanned.parts;
}

/**
 * A plan's text split for reading its resource changes one by one: `skeleton`, the parts of the
 * text to parse as the document (as unreadMembersLeftOut leaves them, with the value of
 * `resource_changes` replaced by `[]`), and `changes`, the byte ranges of the elements of
 * `resource_changes` (start and end of each, in turn), each a JSON text of its own. Undefined when
 * the text is not split so (not an object with `format_version` and a `resource_changes` array, a
 * top-level name written with escapes or twice, or not JSON by this scanner's reading).
 * JSON.parse still judges every part: the text is JSON exactly when the skeleton and every
 * element are, as the array's brackets, commas and whitespace were checked here.
 */
export function changesSplit(b: Uint8Array): { skeleton: TextParts; changes: number[] } | undefined {
    const scanned = scanTopLevel(b, true);
    return scanned?.changes === undefined ? undefined : { skeleton: scanned.parts, changes: scanned.changes };
}

/** The elements of the array starting at `i` (an opening bracket): their byte ranges pushed on `into`, and the array's end; or FAIL. */
function arrayElements(b: Uint8Array, i: number, into: number[]): number {
    i = skipWhitespace(b, i + 1);
    if (b[i] === Byte.CloseBracket) return i + 1;
    for (;;) {
        const end = skipKeptValue(b, i);
        if (end < 0 || end === i) return FAIL;
        into.push(i, end);
        i = skipWhitespace(b, end);
        if (b[i] === Byte.Comma) i = skipWhitespace(b, i + 1);
        else if (b[i] === Byte.CloseBracket) return i + 1;
        else return FAIL;
    }
}

/**
 * One pass over the top-level members: the parts to parse (every byte but the values of the unread
 * members, each `null`) and, when `split` is asked and the text is a plan with a `resource_changes`
 * array, that array's elements instead of its text (the array written `[]` in the parts).
 */
function scanTopLevel(b: Uint8Array, split: boolean): { parts: TextParts; changes?: number[] } | undefined {
    let i = skipWhitespace(b, 0);
    if (b[i] !== Byte.OpenBrace) return undefined;
    i = skipWhitespace(b, i + 1);
    const parts: Array<readonly [number, number] | string> = [];
    let from = 0;
    let versioned = false;
    let changes: number[] | undefined;
    if (b[i] !== Byte.CloseBrace) {
        for (;;) {
            if (b[i] !== Byte.Quote) return undefined;
            const keyEnd = skipString(b, i);
            if (keyEnd < 0) return undefined;
            // Names with escapes are never the members looked for, as Terraform writes them.
            const name = keyEnd - i <= 32 ? Buffer.from(b.buffer, b.byteOffset + i + 1, keyEnd - i - 2).toString("latin1") : "";
            // A split must know which resource_changes JSON.parse keeps: no name written with
            // escapes (which may spell it), and it once.
            if (split && (b.subarray(i + 1, keyEnd - 1).includes(Byte.Backslash) || (name === "resource_changes" && changes !== undefined)))
                return undefined;
            i = skipWhitespace(b, keyEnd);
            if (b[i] !== Byte.Colon) return undefined;
            const start = skipWhitespace(b, i + 1);
            // What is left out must be exactly JSON: only what is kept is parsed.
            const unread = UNREAD_MEMBERS.has(name);
            let end: number;
            if (split && name === "resource_changes" && b[start] === Byte.OpenBracket) {
                const elements: number[] = [];
                end = arrayElements(b, start, elements);
                changes = elements;
                if (end >= 0) {
                    parts.push([from, start], "[]");
                    from = end;
                }
            } else end = unread ? skipValue(b, start) : skipKeptValue(b, start);
            if (end < 0) return undefined;
            if (name === "format_version") versioned = true;
            if (unread) {
                parts.push([from, start], "null");
                from = end;
            }
            i = skipWhitespace(b, end);
            if (b[i] === Byte.Comma) i = skipWhitespace(b, i + 1);
            else if (b[i] === Byte.CloseBrace) break;
            else return undefined;
        }
    }
    if (skipWhitespace(b, i + 1) !== b.length) return undefined;
    if (!versioned) return undefined;
    parts.push([from, b.length]);
    return { parts, ...(changes !== undefined && { changes }) };
}
