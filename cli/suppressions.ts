// In-source suppressions: a line comment directly above a Terraform block or attribute,
//
//   # obs-sse:ignore:<policy>[,<policy>...][:exp:YYYY-MM-DD] <reason>
//   // obs-sse:ignore:<policy>[,<policy>...][:exp:YYYY-MM-DD] <reason>
//
// suppresses the findings of those policies located at that block (anywhere inside it) or that
// attribute, and the findings whose subject is that block (when they are located elsewhere, at an
// argument of the resource's provider). The expiry is the last day the directive holds, for every policy it names; the reason
// is required. Directives are read from the comments of the HCL tree (so text in a heredoc is
// never one), and checked strictly: a comment that starts with `obs-sse:` and is not a valid
// directive, a directive that names an unknown policy, one that is not directly above a block or
// an attribute (a blank line between them, or code before it on its line) is bad input (exit 2),
// with the file, the line and what is wrong, never silently ignored.
import { closestName, shownName } from "../policies/configErrors";
import { InputError } from "./inputError";
import type { Finding, InputReport, Suppression } from "./report";
import type { HclNode, HclTree } from "./terraform/hcl/parser";

/** One directive as written: the policies it names, its expiry and reason, and where it is. */
export interface Directive {
    readonly policies: readonly string[];
    /** YYYY-MM-DD, the last day it holds. */
    readonly expires?: string;
    readonly reason: string;
}

/** What is wrong with a comment that looks like a directive (never quoting the comment). */
export interface DirectiveProblem {
    readonly problem: string;
}

const PREFIX = "obs-sse:";
const DIRECTIVE = /^obs-sse:ignore:([a-z0-9-]+(?:,[a-z0-9-]+)*)(?::exp:(\d{4}-\d{2}-\d{2}))?(?:[ \t]+(\S.*))?$/;

/** Whether YYYY-MM-DD names a day of the calendar (2027-02-30 does not). */
export function isCalendarDate(text: string): boolean {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (m === null) return false;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today's date in UTC, as YYYY-MM-DD: what expiries are compared with. */
export function utcDate(now: Date): string {
    return now.toISOString().slice(0, 10);
}

/**
 * The directive of one comment's text (with its `#` or `//`), a problem when it starts like one but
 * is not valid, or undefined when it is an ordinary comment. `known` are the policy names.
 */
export function parseDirective(comment: string, known: readonly string[]): Directive | DirectiveProblem | undefined {
    const body = comment.replace(/^(?:#|\/\/)[ \t]*/, "").trimEnd();
    if (!body.toLowerCase().startsWith(PREFIX)) return undefined;
    const m = DIRECTIVE.exec(body);
    if (m === null) {
        if (!body.startsWith(`${PREFIX}ignore:`))
            return {
                problem:
                    "a comment starting with obs-sse: must be a directive: obs-sse:ignore:<policy>[,<policy>][:exp:YYYY-MM-DD] <reason>",
            };
        const rest = body.slice(`${PREFIX}ignore:`.length);
        if (/^[^ \t]*:exp:(?!\d{4}-\d{2}-\d{2}(?:[ \t]|$))/.test(rest)) return { problem: "the expiry must be a date written YYYY-MM-DD" };
        return {
            problem:
                "expected obs-sse:ignore:<policy>[,<policy>][:exp:YYYY-MM-DD] <reason>: policy names are lowercase, separated by commas without spaces",
        };
    }
    const [, names = "", expires, reason] = m;
    const policies = names.split(",");
    for (const name of policies) {
        if (!known.includes(name)) {
            const closest = closestName(name, known);
            return {
                problem: `${shownName(name)} is not a policy of this pack${closest !== undefined ? `; did you mean ${closest}?` : `; its policies are ${known.join(", ")}`}`,
            };
        }
    }
    if (new Set(policies).size !== policies.length) return { problem: "a policy is named twice" };
    if (expires !== undefined && !isCalendarDate(expires)) return { problem: "the expiry is not a date of the calendar (YYYY-MM-DD)" };
    if (reason === undefined || reason.trim() === "")
        return {
            problem: "the reason is missing: write why after the policies, e.g. `# obs-sse:ignore:<policy> accepted by security review`",
        };
    return { policies, ...(expires !== undefined && { expires }), reason: reason.trim() };
}

function isProblem(d: Directive | DirectiveProblem): d is DirectiveProblem {
    return "problem" in d;
}

/** A problem of a file: its line (1-based) and what is wrong. */
export interface FileProblem {
    readonly line: number;
    readonly problem: string;
}

/** The directives of one file, by the 0-based row of the block or attribute they are above. */
export interface FileDirectives {
    readonly tree: HclTree;
    readonly byRow: ReadonlyMap<number, readonly Directive[]>;
    readonly problems: readonly FileProblem[];
}

/** Whether a node is alone on its rows: nothing but whitespace before it on its first line. */
function ownLine(node: HclNode, lines: readonly string[]): boolean {
    const line = lines[node.startPosition.row] ?? "";
    return line.slice(0, node.startPosition.column).trim() === "";
}

/** The block or attribute that starts on `row`, if any. */
function targetAt(tree: HclTree, row: number, lines: readonly string[]): HclNode | undefined {
    const line = lines[row];
    if (line === undefined) return undefined;
    const column = line.length - line.trimStart().length;
    let node: HclNode | null = tree.rootNode.namedDescendantForPosition({ row, column });
    for (; node !== null; node = node.parent) {
        if (node.startPosition.row !== row) return undefined;
        if (node.type === "block" || node.type === "attribute") return node;
    }
    return undefined;
}

/** Reads the directives of one parsed file. */
export function fileDirectives(tree: HclTree, text: string, known: readonly string[]): FileDirectives {
    const lines = text.split(/\r?\n/);
    const byRow = new Map<number, Directive[]>();
    const problems: FileProblem[] = [];
    const comments = tree.rootNode.descendantsOfType("comment");
    for (const comment of comments) {
        const row = comment.startPosition.row;
        const body = comment.text;
        const isLine = body.startsWith("#") || body.startsWith("//");
        if (!isLine) {
            if (/obs-sse:/i.test(body))
                problems.push({ line: row + 1, problem: "a directive must be a line comment (# or //), not /* */" });
            continue;
        }
        const parsed = parseDirective(body, known);
        if (parsed === undefined) continue;
        if (isProblem(parsed)) {
            problems.push({ line: row + 1, problem: parsed.problem });
            continue;
        }
        if (!ownLine(comment, lines)) {
            problems.push({ line: row + 1, problem: "a directive must be on a line of its own, directly above the block or attribute" });
            continue;
        }
        // The run of comment lines it is part of ends directly above the target.
        let below = row + 1;
        while (below < lines.length && /^\s*(?:#|\/\/)/.test(lines[below] ?? "")) below++;
        const target = targetAt(tree, below, lines);
        if (target === undefined) {
            problems.push({
                line: row + 1,
                problem: "the directive is not directly above a block or an attribute (no blank line may come between them)",
            });
            continue;
        }
        const list = byRow.get(below) ?? [];
        for (const earlier of list) {
            if (earlier.policies.some((p) => parsed.policies.includes(p)))
                problems.push({ line: row + 1, problem: `a policy is named by two directives above line ${below + 1}` });
        }
        list.push(parsed);
        byRow.set(below, list);
    }
    return { tree, byRow, problems };
}

/** The directive naming `policy` that applies at a location: above the attribute or any enclosing block. */
export function directiveFor(file: FileDirectives, line: number, column: number, policy: string): Directive | undefined {
    const row = line - 1;
    let node: HclNode | null = file.tree.rootNode.namedDescendantForPosition({ row, column: Math.max(0, column - 1) });
    const rows = new Set<number>([row]);
    for (; node !== null; node = node.parent) if (node.type === "block" || node.type === "attribute") rows.add(node.startPosition.row);
    // Nearest first: the attribute's own directive, then the blocks around it.
    for (const r of [...rows].sort((a, b) => b - a)) {
        const found = file.byRow.get(r)?.find((d) => d.policies.includes(policy));
        if (found !== undefined) return found;
    }
    return undefined;
}

export interface SuppressionContext {
    /** The text of a source file (relative to the working directory), read once, bounded. */
    readonly readSource: (file: string) => string;
    /** Parses HCL (cli/terraform/hcl/parser.ts parseHcl). */
    readonly parse: (text: string) => Promise<HclTree>;
    /** Today, YYYY-MM-DD (UTC). */
    readonly today: string;
    readonly policyNames: readonly string[];
}

/** Files whose comments can hold directives: Terraform's native syntax (JSON has no comments). */
function isHclFile(file: string): boolean {
    return file.endsWith(".tf");
}

/** At most this many problems are listed in the error; the count says how many there were. */
const MAX_LISTED_PROBLEMS = 10;

/**
 * The reports with each finding that a directive covers given its `suppression` (kind "inSource";
 * `expired` when its day has passed). Every .tf file a finding points at, and every source file a
 * report lists, is checked: any bad directive is an InputError naming the file and line.
 */
export async function applyInSourceSuppressions(reports: readonly InputReport[], ctx: SuppressionContext): Promise<InputReport[]> {
    const files = new Set<string>();
    for (const r of reports) {
        for (const f of r.sourceFiles ?? []) if (isHclFile(f)) files.add(f);
        for (const f of r.findings)
            for (const at of [f.location, f.subjectLocation]) if (at !== undefined && isHclFile(at.file)) files.add(at.file);
    }
    if (files.size === 0) return [...reports];
    const read = new Map<string, FileDirectives>();
    const problems: string[] = [];
    for (const file of [...files].sort()) {
        const text = ctx.readSource(file);
        // A file without the prefix holds no directive: not parsed again here.
        if (!text.includes(PREFIX) && !/obs-sse:/i.test(text)) continue;
        const directives = fileDirectives(await ctx.parse(text), text, ctx.policyNames);
        read.set(file, directives);
        for (const p of directives.problems) problems.push(`${file}:${p.line}: ${p.problem}`);
    }
    if (problems.length > 0) {
        // One line (the command escapes line breaks in messages, as names in them may hold any character).
        const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join("; ");
        const more = problems.length > MAX_LISTED_PROBLEMS ? `; … and ${problems.length - MAX_LISTED_PROBLEMS} more` : "";
        throw new InputError(
            `${problems.length === 1 ? "a suppression comment is" : `${problems.length} suppression comments are`} not valid: ${listed}${more}`,
        );
    }
    return reports.map((r) => ({
        ...r,
        findings: r.findings.map((f) => {
            if (f.suppression !== undefined && !f.suppression.expired) return f;
            // Where the finding is located first, then the subject's own block (when the location is elsewhere).
            let directive: Directive | undefined;
            for (const at of [f.location, f.subjectLocation]) {
                const file = at !== undefined ? read.get(at.file) : undefined;
                directive ??= file && at && directiveFor(file, at.line, at.column, f.policy);
            }
            if (directive === undefined) return f;
            return { ...f, suppression: suppressionOf(directive, ctx.today) } satisfies Finding;
        }),
    }));
}

function suppressionOf(d: Directive, today: string): Suppression {
    return {
        kind: "inSource",
        reason: d.reason,
        ...(d.expires !== undefined && { expires: d.expires }),
        expired: d.expires !== undefined && d.expires < today,
    };
}
