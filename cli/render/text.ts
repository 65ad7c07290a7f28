// The text report of obs-sse-check, for a person at a terminal: findings that share a cause (one
// http provider behind eight objects) are one block listing the resources, each policy's
// description is printed once, prose is wrapped at 100 columns (never inside a URL, a path, an
// address or a quoted name), and colour is used only where the caller says the output is a
// terminal (see colorWanted). Every name that came from input goes through printable(), field by
// field; colour codes are added after that, so input can never bring its own.
import { styleText } from "node:util";
import { printable } from "../../policies/printable";
import { counts, isSuppressed, messageAfter, type Finding, type InputReport, type Level } from "../report";

/** Text output shows at most this many characters of one message; JSON and SARIF carry it whole. */
export const MAX_TEXT_MESSAGE_CHARS = 4096;

/** The width prose is wrapped to. */
export const TEXT_WIDTH = 100;

/** A group lists at most this many resources by name; the json format lists every one. */
export const MAX_LISTED_RESOURCES = 20;

export interface TextOptions {
    /** Colour (ANSI SGR codes): red mandatory, yellow advisory, dim details. Default: none. */
    readonly color?: boolean;
    /** Columns to wrap prose to (default TEXT_WIDTH). */
    readonly width?: number;
    /**
     * Each policy's description, by policy name. A message that starts with its policy's
     * description (as the analyzer server writes them) has it shown once per report instead.
     */
    readonly descriptions?: ReadonlyMap<string, string>;
    /** Which findings fail the run (--fail-on): what the closing line reports. Default "mandatory". */
    readonly failOn?: "mandatory" | "advisory" | "never";
    /** The --baseline file as given, named in the line counting unchanged findings. */
    readonly baseline?: string;
}

/** What colour decisions read: the stream's TTY flag and the environment. */
export interface ColorContext {
    readonly isTTY?: boolean;
}

/**
 * Whether to colour what is written to `stream`. NO_COLOR set to anything but the empty string
 * disables colour (it wins over FORCE_COLOR); FORCE_COLOR enables it even without a terminal,
 * except FORCE_COLOR=0 or false, which disable it; otherwise colour only on a terminal whose
 * TERM is not "dumb".
 */
export function colorWanted(stream: ColorContext, env: Readonly<Record<string, string | undefined>>): boolean {
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    const force = env.FORCE_COLOR;
    if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
    return stream.isTTY === true && env.TERM !== "dumb";
}

/** A message for the terminal: cut at MAX_TEXT_MESSAGE_CHARS with a note, each line made printable (its newlines kept). */
export function textMessageLines(message: string): string[] {
    let shown = message;
    let note: string | undefined;
    if (message.length > MAX_TEXT_MESSAGE_CHARS) {
        let end = MAX_TEXT_MESSAGE_CHARS;
        // Not between the two halves of a surrogate pair.
        const code = message.charCodeAt(end - 1);
        if (code >= 0xd800 && code <= 0xdbff) end -= 1;
        shown = message.slice(0, end);
        note = `… (message cut at ${end} of ${message.length} characters; the json and sarif formats carry it whole)`;
    }
    const lines = shown.split("\n").map(printable);
    if (note !== undefined) lines.push(note);
    return lines;
}

/** Second halves of surrogate pairs: where a code unit is not a column of its own. */
const LOW_SURROGATE = /[\udc00-\udfff]/;

/** Columns a line takes: one per code point (the report's own wide symbols are in headings, never wrapped). */
function columns(text: string): number {
    if (!LOW_SURROGATE.test(text)) return text.length;
    let n = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        // The second half of a surrogate pair adds nothing.
        if (c < 0xdc00 || c > 0xdfff) n++;
    }
    return n;
}

/** Quoted text kept whole: a for_each key in an address (`["a b"]`), or a short quoted name. */
const QUOTED = /\["(?:[^"\\]|\\.)*"\]|"(?:[^"\\]|\\.){0,32}"/g;

/** Where a brace at `start` closes (strings in double quotes skipped), or -1: a JSON snippet is one word. */
function closingBrace(text: string, start: number): number {
    let depth = 0;
    let quoted = false;
    for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === "\\") i++;
            else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) return i;
    }
    return -1;
}

/** The spans of a line never broken: JSON objects (`{"` to its closing brace) and QUOTED text, in order. */
function unbrokenSpans(text: string): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    let at = 0;
    // After a brace that never closes, braces are text (each try would scan to the end again).
    let braces = true;
    while (at < text.length) {
        const brace = braces ? text.indexOf('{"', at) : -1;
        QUOTED.lastIndex = at;
        const quote = QUOTED.exec(text);
        if (brace >= 0 && (quote === null || brace <= quote.index)) {
            const end = closingBrace(text, brace);
            if (end >= 0) {
                spans.push([brace, end + 1]);
                at = end + 1;
                continue;
            }
            braces = false;
        }
        if (quote === null) break;
        spans.push([quote.index, quote.index + quote[0].length]);
        at = quote.index + Math.max(quote[0].length, 1);
    }
    return spans;
}

/** The words of a line: split at spaces, except inside the spans unbrokenSpans names (`\"` does not end a quote). */
function wordsOf(text: string): string[] {
    const words: string[] = [];
    let start = 0;
    let from = 0;
    const breakAt = (end: number) => {
        for (let i = text.indexOf(" ", from); i >= 0 && i < end; i = text.indexOf(" ", i + 1)) {
            words.push(text.slice(start, i));
            start = i + 1;
        }
    };
    for (const [spanStart, spanEnd] of unbrokenSpans(text)) {
        breakAt(spanStart);
        from = spanEnd;
    }
    breakAt(text.length);
    words.push(text.slice(start));
    return words;
}

/**
 * Words laid out on lines of at most `width` columns: `first` starts the first line, `hang` each
 * further one; a word longer than the width stands alone on its line, never broken.
 */
function fill(words: Iterable<string>, first: string, hang: string, width: number): string[] {
    const out: string[] = [];
    let current = first;
    let used = columns(first);
    let empty = true;
    const hangColumns = columns(hang);
    for (const word of words) {
        if (word === "" && empty) continue;
        const w = columns(word);
        if (empty) {
            current += word;
            used += w;
            empty = false;
        } else if (used + 1 + w <= width) {
            current += ` ${word}`;
            used += 1 + w;
        } else {
            out.push(current);
            current = hang + word;
            used = hangColumns + w;
        }
    }
    out.push(current);
    return out;
}

/**
 * One line of prose, wrapped to `width` columns at spaces: a word (a URL, a path, an address, a
 * quoted name) is never broken, and one longer than the width stands alone on its line.
 * Continuation lines hang under the text after a leading "- " or "Fix: ", otherwise two columns in.
 */
export function wrapLine(line: string, indent: string, width: number = TEXT_WIDTH): string[] {
    // A line no longer in code units than the width fits (a code point takes one or two units).
    if (indent.length + line.length <= width) return [indent + line];
    let spaces = 0;
    while (line.charCodeAt(spaces) === 0x20) spaces++;
    const text = spaces === 0 ? line : line.slice(spaces);
    const own = line.slice(0, line.length - text.length);
    const first = indent + own;
    if (columns(first) + columns(text) <= width) return [first + text];
    const hang = first + (text.startsWith("- ") ? "  " : text.startsWith("Fix: ") ? "     " : "  ");
    return fill(wordsOf(text), first, hang, width);
}

type Style = "red" | "yellow" | "dim" | "bold" | "green";

const LEVEL_ORDER: Record<Level, number> = { mandatory: 0, advisory: 1 };
const LEVEL_STYLE: Record<Level, Style> = { mandatory: "red", advisory: "yellow" };

function plural(n: number, noun: string, nouns = `${noun}s`): string {
    return `${n} ${n === 1 ? noun : nouns}`;
}

/** One finding's text, as the renderer groups it. */
interface Variant {
    /** The message without its policy's description. */
    readonly message: string;
    /** The message without its description and without the subject's own label, when that label starts it. */
    readonly rest: string | undefined;
    readonly members: Finding[];
}

/** Findings of one policy, level and cause: one block of the report. */
interface Block {
    readonly policy: string;
    readonly level: Level;
    /** In the order first seen. */
    readonly variants: Variant[];
    /** The variants by the text their findings share: the rest after the label, or the whole message. */
    readonly byRest: Map<string, Variant>;
    readonly byMessage: Map<string, Variant>;
    readonly findings: Finding[];
    /** Whether a finding's message starts with its policy's description (shown once, before the first such block). */
    described: boolean;
}

/** Whether `message` continues at `at` with a space or a colon (what follows a label). */
function labelEnds(message: string, at: number): boolean {
    const next = message.charCodeAt(at);
    return next === 0x20 || next === 0x3a;
}

/**
 * The message with the subject's own label removed, when it starts with one (followed by a space
 * or a colon): `type "name"` or the name alone (as the pack and the Terraform reader write them).
 * Compared in place, without building the labels.
 */
function withoutOwnLabel(f: Finding, message: string): string | undefined {
    const type = f.resourceType;
    const name = f.resourceName;
    if (name === "") return undefined;
    const quotedEnd = type.length + name.length + 3;
    if (
        message.startsWith(type) &&
        message.charCodeAt(type.length) === 0x20 &&
        message.charCodeAt(type.length + 1) === 0x22 &&
        message.startsWith(name, type.length + 2) &&
        message.charCodeAt(quotedEnd - 1) === 0x22 &&
        labelEnds(message, quotedEnd)
    )
        return message.slice(quotedEnd);
    if (message.startsWith(name) && labelEnds(message, name.length)) return message.slice(name.length);
    return undefined;
}

/** The finding's message without its policy's description (when it starts with it, followed by a line break). */
function withoutDescription(f: Finding, descriptions: ReadonlyMap<string, string> | undefined): { message: string; described: boolean } {
    const description = descriptions?.get(f.policy);
    if (description !== undefined && description !== "") {
        // As the front end recorded it, when it did: the message is not read (nor copied whole) again.
        const text = messageAfter(f, description);
        if (text !== undefined) return { message: text, described: true };
        if (f.message === description) return { message: "", described: true };
        if (f.message.charCodeAt(description.length) === 0x0a && f.message.startsWith(description))
            return { message: f.message.slice(description.length + 1), described: true };
    }
    return { message: f.message, described: false };
}

/** The value at `key`, made by `make` when there is none yet. */
function got<K, V>(map: Map<K, V>, key: K, make: () => V): V {
    let value = map.get(key);
    if (value === undefined) map.set(key, (value = make()));
    return value;
}

/**
 * The blocks of one input, in report order (mandatory first, then in the order reported). Findings
 * share a block when they have the same policy, level and cause; without a cause, when their
 * messages are the same but for the subject's own label at the start.
 */
export function groupFindings(findings: readonly Finding[], descriptions?: ReadonlyMap<string, string>): Block[] {
    // A stable sort, as the Pulumi CLI's: mandatory first, otherwise in the order reported.
    const sorted: Finding[] = [];
    const later: Finding[] = [];
    for (const f of findings) (LEVEL_ORDER[f.enforcementLevel] === 0 ? sorted : later).push(f);
    for (const f of later) sorted.push(f);
    const blocks: Block[] = [];
    // Blocks by level and policy, then by what their findings share: a cause, or a variant's text.
    // Maps of maps, so that no key joins a finding's texts into a new string.
    interface Keyed {
        readonly byCause: Map<string, Block>;
        readonly byRest: Map<string, Block>;
        readonly byMessage: Map<string, Block>;
        /** The block of the last finding, and its key: findings of one cause mostly come one after another. */
        last?: { readonly blocks: Map<string, Block>; readonly key: string; readonly block: Block };
    }
    const byPolicy = new Map<string, Keyed>();
    for (const f of sorted) {
        const { message, described } = withoutDescription(f, descriptions);
        const rest = withoutOwnLabel(f, message);
        const keyed = got(byPolicy, `${f.enforcementLevel}\u0000${f.policy}`, (): Keyed => ({
            byCause: new Map(),
            byRest: new Map(),
            byMessage: new Map(),
        }));
        const [blocksOf, blockKey] =
            f.cause !== undefined ? [keyed.byCause, f.cause] : rest !== undefined ? [keyed.byRest, rest] : [keyed.byMessage, message];
        // The last block is compared first (its key compared, not hashed again).
        const last = keyed.last;
        const block =
            last !== undefined && last.blocks === blocksOf && last.key === blockKey
                ? last.block
                : got(blocksOf, blockKey, () => {
                      const made: Block = {
                          policy: f.policy,
                          level: f.enforcementLevel,
                          variants: [],
                          byRest: new Map(),
                          byMessage: new Map(),
                          findings: [],
                          described: false,
                      };
                      blocks.push(made);
                      return made;
                  });
        keyed.last = { blocks: blocksOf, key: blockKey, block };
        block.findings.push(f);
        block.described ||= described;
        // The text two findings must share to be one variant: the rest after the label, or the whole message.
        // The last variant is compared first, as the last block is.
        const lastVariant = block.variants[block.variants.length - 1];
        const variant =
            lastVariant !== undefined &&
            (rest !== undefined ? lastVariant.rest === rest : lastVariant.rest === undefined && lastVariant.message === message)
                ? lastVariant
                : got(rest !== undefined ? block.byRest : block.byMessage, rest ?? message, () => {
                      const made: Variant = { message, rest, members: [] };
                      block.variants.push(made);
                      return made;
                  });
        variant.members.push(f);
    }
    return blocks;
}

/** Where a finding's subject is written, as `file:line` (printable), or "" when unknown. */
export function locationText(f: Finding): string {
    return f.location !== undefined ? `${printable(f.location.file)}:${f.location.line}` : "";
}

/** What an expired suppression says under its finding. */
function expiredNote(f: Finding): string | undefined {
    const s = f.suppression;
    if (s === undefined || !s.expired) return undefined;
    const where = s.kind === "inSource" ? "the suppression comment" : "the exemption in the policy config";
    return `Note: ${where} for ${f.resourceName} expired after ${s.expires ?? "its last day"}, so this counts again (reason given: ${s.reason})`;
}

/** Distinct subjects of findings, in order. */
function subjectsOf(findings: readonly Finding[]): readonly Finding[] {
    // Most blocks of a large report hold one finding: no set for them.
    if (findings.length <= 1) return findings;
    const seen = new Set<string>();
    return findings.filter((f) => {
        if (seen.has(f.resource)) return false;
        seen.add(f.resource);
        return true;
    });
}

class Writer {
    /** Policies whose description was printed. */
    readonly described = new Set<string>();
    constructor(readonly options: TextOptions) {}

    get width(): number {
        return this.options.width ?? TEXT_WIDTH;
    }

    paint(style: Style, text: string): string {
        return this.options.color === true && text !== "" ? styleText(style, text, { validateStream: false }) : text;
    }

    /** Message lines (printable already), wrapped; the "Fix:" label bold, matrix citations ("- ...") dim. */
    *messageLines(lines: readonly string[], indent: string): Generator<string> {
        for (const line of lines) {
            const trimmed = line.trimStart();
            const wrapped = wrapLine(line, indent, this.width);
            const [first] = wrapped;
            if (trimmed.startsWith("Fix:") && first !== undefined) {
                const at = first.indexOf("Fix:");
                yield first.slice(0, at) + this.paint("bold", "Fix:") + first.slice(at + 4);
                yield* wrapped.slice(1);
            } else if (trimmed.startsWith("- ")) {
                for (const w of wrapped) yield this.paint("dim", w);
            } else yield* wrapped;
        }
    }

    *block(block: Block): Generator<string> {
        const subjects = subjectsOf(block.findings);
        const [firstSubject] = subjects;
        const oneType =
            firstSubject !== undefined && subjects.every((f) => f.resourceType === firstSubject.resourceType)
                ? firstSubject.resourceType
                : undefined;
        const firstLocation = firstSubject !== undefined ? locationText(firstSubject) : "";
        const about =
            subjects.length === 1 && firstSubject !== undefined
                ? `${printable(firstSubject.resourceType)}: ${printable(firstSubject.resourceName)}${firstLocation !== "" ? `, ${firstLocation}` : ""}`
                : `${oneType !== undefined ? `${printable(oneType)}: ` : ""}${plural(subjects.length, "resource")}`;
        // The subject goes to a line of its own when the heading would be wider than the width.
        const tag = `[${block.level}]`;
        const policy = printable(block.policy);
        const head = `        - ${this.paint(LEVEL_STYLE[block.level], tag)}  ${this.paint("bold", policy)}`;
        if (columns(`        - ${tag}  ${policy}  (${about})`) <= this.width) yield `${head}  (${about})`;
        else {
            yield head;
            yield* wrapLine(`(${about})`, "            ", this.width);
        }
        const indent = "          ";
        const description = this.options.descriptions?.get(block.policy);
        if (description !== undefined && !this.described.has(block.policy) && block.described) {
            this.described.add(block.policy);
            for (const line of textMessageLines(description))
                for (const w of wrapLine(line, indent, this.width)) yield this.paint("dim", w);
        }
        const name = (f: Finding) =>
            (oneType !== undefined ? printable(f.resourceName) : `${printable(f.resourceType)}: ${printable(f.resourceName)}`) +
            (f.location !== undefined ? ` (${locationText(f)})` : "");
        const variants = block.variants.map((v) => {
            const members = subjectsOf(v.members);
            if (members.length === 1) return { list: [], lines: textMessageLines(v.message) };
            // A name is one word of the list, whatever spaces it holds.
            const listed = members
                .slice(0, MAX_LISTED_RESOURCES)
                .map((f, i, shown) => (i < shown.length - 1 || members.length > MAX_LISTED_RESOURCES ? `${name(f)},` : name(f)));
            const more =
                members.length > MAX_LISTED_RESOURCES
                    ? [`… and ${members.length - MAX_LISTED_RESOURCES} more (the json format lists every one)`]
                    : [];
            const text = v.rest !== undefined ? `Each of these ${members.length} resources${v.rest}` : v.message;
            return { list: fill(["Resources:", ...listed, ...more], indent, `${indent}  `, this.width), lines: textMessageLines(text) };
        });
        // Lines every variant ends with (where to look, what to fix) are said once, after them.
        let shared = 0;
        const [firstVariant] = variants;
        if (firstVariant !== undefined && variants.length > 1) {
            const shortest = Math.min(...variants.map((v) => v.lines.length - 1));
            while (
                shared < shortest &&
                variants.every((v) => v.lines[v.lines.length - 1 - shared] === firstVariant.lines[firstVariant.lines.length - 1 - shared])
            )
                shared++;
        }
        for (const v of variants) {
            yield* v.list;
            yield* this.messageLines(v.lines.slice(0, v.lines.length - shared), indent);
        }
        if (firstVariant !== undefined && shared > 0)
            yield* this.messageLines(firstVariant.lines.slice(firstVariant.lines.length - shared), indent);
        for (const f of block.findings) {
            const note = expiredNote(f);
            if (note !== undefined) for (const w of wrapLine(printable(note), indent, this.width)) yield this.paint("yellow", w);
        }
    }

    /** Suppressed findings: one short line each (policy, subject, where, until when, why). */
    *suppressed(findings: readonly Finding[]): Generator<string> {
        if (findings.length === 0) return;
        yield `Suppressed (${plural(findings.length, "finding")}, not counted):`;
        for (const f of findings) {
            const s = f.suppression!;
            const where = locationText(f);
            const by = s.kind === "inSource" ? "comment" : "exemption";
            const until = s.expires !== undefined ? ` until ${s.expires}` : "";
            const line = `- ${printable(f.policy)}  (${printable(f.resourceType)}: ${printable(f.resourceName)}${where !== "" ? `, ${where}` : ""}) by ${by}${until}: ${printable(s.reason)}`;
            for (const w of wrapLine(line, "    ", this.width)) yield this.paint("dim", w);
        }
    }

    /** The heading of an input: what was read, counted as the json format counts it. */
    heading(r: InputReport): string | undefined {
        if (r.heading === undefined) return undefined;
        const what = `${printable(r.heading.shownAs)} (${printable(r.heading.source)}): ${plural(r.resources, "resource")}`;
        if (r.kind === "pulumi-program") return `Previewing ${what}`;
        const providers = r.heading.providers;
        const ofThem =
            providers === undefined || providers === 0
                ? ""
                : providers === r.resources
                  ? providers === 1
                      ? ", a provider configuration"
                      : ", all provider configurations"
                  : `, ${providers} of them ${providers === 1 ? "a provider configuration" : "provider configurations"}`;
        return `Checking ${what}${ofThem}`;
    }

    /** One input's section: heading, preamble, the policy section as the Pulumi CLI frames it, a summary. */
    *section(r: InputReport): Generator<string> {
        const heading = this.heading(r);
        if (heading !== undefined) {
            yield "";
            yield* wrapLine(heading, "", this.width);
        }
        for (const line of r.preamble) {
            // Its leading line breaks kept (a blank line before it), the rest made printable.
            const text = line.replace(/^\n+/, "");
            for (let i = 0; i < line.length - text.length; i++) yield "";
            yield* wrapLine(printable(text), "", this.width);
        }
        // Suppressed findings get a short section of their own; findings in the baseline only a count.
        const shown: Finding[] = [];
        const suppressed: Finding[] = [];
        let unchanged = 0;
        let mandatory = 0;
        for (const f of r.findings) {
            if (counts(f)) {
                shown.push(f);
                if (f.enforcementLevel === "mandatory") mandatory++;
            }
            if (isSuppressed(f)) suppressed.push(f);
            else if (f.baselineState === "unchanged") unchanged++;
        }
        const advisory = shown.length - mandatory;
        yield "Policies:";
        yield `    ${mandatory > 0 ? "❌" : shown.length > 0 ? "⚠️ " : "✅"} ${printable(r.packLabel)}`;
        for (const block of groupFindings(shown, this.options.descriptions)) yield* this.block(block);
        if (suppressed.length > 0) yield "";
        yield* this.suppressed(suppressed);
        if (unchanged > 0) {
            yield "";
            const from = this.options.baseline !== undefined ? ` ${printable(this.options.baseline)}` : "";
            yield `Baseline: ${plural(unchanged, "finding")} also in the baseline${from} ${unchanged === 1 ? "is" : "are"} not shown (the json format lists ${unchanged === 1 ? "it" : "them"}).`;
        }
        yield "";
        if (shown.length === 0) {
            yield `Summary: ${this.paint("green", "no policy violations")}${suppressed.length + unchanged > 0 ? " that count" : ""}.`;
            return;
        }
        const levels = [
            mandatory > 0 ? this.paint("red", `${mandatory} mandatory`) : "0 mandatory",
            advisory > 0 ? this.paint("yellow", `${advisory} advisory`) : "0 advisory",
        ].join(", ");
        yield `Summary: ${plural(shown.length, "policy violation")} (${levels}) on ${plural(subjectsOf(shown).length, "resource")}.`;
    }
}

/** How the closing line names the inputs of each kind: one, several, and in a list of kinds. */
const CLOSING_NOUNS: Readonly<Record<InputReport["kind"], readonly [string, string, string]>> = {
    "terraform-plan": ["the plan", "the plans", "Terraform plans"],
    "terraform-source": ["the configuration", "the configurations", "Terraform configurations"],
    "terraform-state": ["the state", "the states", "Terraform states"],
    "pulumi-stack-export": ["the stack export", "the stack exports", "Pulumi stack exports"],
    "pulumi-program": ["the preview", "the previews", "Pulumi previews"],
};

/** The closing line when a finding fails the run: "plan" for plans, "preview failed" for programs, and so on. */
export function closingLine(reports: readonly InputReport[], failOn: TextOptions["failOn"] = "mandatory"): string | undefined {
    if (failOn === "never") return undefined;
    const byKind = new Map<InputReport["kind"], { inputs: number; mandatory: number }>();
    for (const r of reports) {
        const entry = byKind.get(r.kind) ?? { inputs: 0, mandatory: 0 };
        entry.inputs++;
        for (const f of r.findings) if (f.enforcementLevel === "mandatory" && counts(f)) entry.mandatory++;
        byKind.set(r.kind, entry);
    }
    // In a fixed order of kinds, whatever the order of the inputs.
    const order = Object.keys(CLOSING_NOUNS);
    const failing = [...byKind].filter(([, e]) => e.mandatory > 0).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const total = failing.reduce((n, [, e]) => n + e.mandatory, 0);
    const violations = (n: number) => plural(n, "mandatory policy violation");
    if (total === 0) {
        if (failOn !== "advisory") return undefined;
        const advisory = reports.reduce((n, r) => n + r.findings.filter(counts).length, 0);
        return advisory > 0 ? `error: ${plural(advisory, "advisory policy violation")} (--fail-on advisory)` : undefined;
    }
    if (failing.length === 1) {
        const [kind] = failing[0]!;
        // Programs keep the preview's own wording.
        if (kind === "pulumi-program") return `error: preview failed due to ${violations(total)}`;
        return `error: ${violations(total)} in ${CLOSING_NOUNS[kind][(byKind.get(kind)?.inputs ?? 0) === 1 ? 0 : 1]}`;
    }
    return `error: ${violations(total)}: ${failing.map(([kind, e]) => `${e.mandatory} in ${CLOSING_NOUNS[kind][2]}`).join(", ")}`;
}

/** The text report, a line at a time (each piece ends with a newline). */
export function* textReport(reports: readonly InputReport[], options: TextOptions = {}): Generator<string> {
    const writer = new Writer(options);
    for (const r of reports) for (const line of writer.section(r)) yield `${line}\n`;
    const closing = closingLine(reports, options.failOn);
    if (closing !== undefined) yield `\n${writer.paint("red", "error:")}${closing.slice("error:".length)}\n`;
}

/** The text report as one string (tests, small reports). */
export function renderText(reports: readonly InputReport[], options: TextOptions = {}): string {
    let out = "";
    for (const piece of textReport(reports, options)) out += piece;
    return out;
}

/** The policy section of one input, one line a piece (as textReport writes it, without heading and preamble). */
export function* findingsSectionLines(packLabel: string, findings: readonly Finding[], options: TextOptions = {}): Generator<string> {
    const lines = new Writer(options).section({ input: "", kind: "terraform-plan", resources: 0, preamble: [], packLabel, findings });
    yield* lines;
}

/** The policy section as one string. */
export function renderFindingsSection(packLabel: string, findings: readonly Finding[], options: TextOptions = {}): string {
    return [...findingsSectionLines(packLabel, findings, options)].join("\n");
}
