// The parts of `terraform show -json` plan output the checker reads (format_version 1.x), with
// the narrowing that turns an arbitrary JSON document into them. Field names mirror
// hashicorp/terraform-json; unknown properties are ignored, as the format asks of consumers.
import { bodyText, readPlanBody, STDIN_INPUT, type Utf8Body } from "../input";
import { InputError } from "../inputError";
import { changesSplit, unreadMembersLeftOut } from "./skim";

export { InputError };

/** A configuration expression: a constant, references, a nested block (object) or a list of blocks. */
export type Expression =
    { readonly constant_value?: unknown; readonly references?: readonly string[] } | ExpressionBlock | readonly ExpressionBlock[];
export type ExpressionBlock = { readonly [attribute: string]: Expression };

export interface ResourceChange {
    readonly address: string;
    readonly module_address?: string;
    readonly mode: "managed" | "data";
    readonly type: string;
    readonly name: string;
    readonly index?: number | string;
    readonly provider_name: string;
    readonly change: {
        readonly actions: readonly string[];
        readonly after: unknown;
        readonly after_unknown?: unknown;
        readonly after_sensitive?: unknown;
    };
}

export interface ConfigResource {
    readonly address: string;
    readonly mode: "managed" | "data";
    readonly type: string;
    readonly name: string;
    readonly provider_config_key?: string;
    readonly expressions?: ExpressionBlock;
}

export interface ConfigVariable {
    readonly default?: unknown;
    readonly sensitive?: boolean;
}

export interface ModuleCall {
    readonly expressions?: ExpressionBlock;
    readonly module?: ConfigModule;
}

export interface ConfigModule {
    readonly resources?: readonly ConfigResource[];
    readonly module_calls?: { readonly [name: string]: ModuleCall };
    readonly variables?: { readonly [name: string]: ConfigVariable };
}

export interface ProviderConfig {
    readonly name: string;
    readonly full_name?: string;
    readonly alias?: string;
    readonly module_address?: string;
    readonly expressions?: ExpressionBlock;
}

export interface Plan {
    readonly format_version: string;
    readonly terraform_version?: string;
    readonly variables?: { readonly [name: string]: { readonly value?: unknown } };
    readonly resource_changes?: readonly ResourceChange[];
    readonly configuration?: {
        readonly provider_config?: { readonly [key: string]: ProviderConfig };
        readonly root_module?: ConfigModule;
    };
    readonly complete?: boolean;
    readonly errored?: boolean;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isResourceChange(v: unknown): v is ResourceChange {
    return (
        isRecord(v) &&
        typeof v.address === "string" &&
        typeof v.type === "string" &&
        typeof v.name === "string" &&
        (v.mode === "managed" || v.mode === "data") &&
        typeof v.provider_name === "string" &&
        isRecord(v.change) &&
        Array.isArray(v.change.actions) &&
        v.change.actions.every((a) => typeof a === "string")
    );
}

/**
 * Reads a JSON input (a file, or "-" for standard input), bounded and decoded as cli/input.ts
 * does. Messages name the input, never its content (plans and states hold secrets in clear text).
 * With `changesOneByOne`, a plan's resource_changes are left in its text, to be parsed one by one
 * as the reader reads them (see resourceChangesOf): the document has `resource_changes: []`.
 */
export function readJsonInput(input: string, options: { readonly changesOneByOne?: boolean } = {}): { doc: unknown; file: string } {
    const file = input === STDIN_INPUT ? "standard input" : input;
    const body = readPlanBody(input);
    if ("text" in body) return { doc: parsedJson(body.text, file), file };
    const split = options.changesOneByOne === true ? changesSplit(body.utf8) : undefined;
    if (split === undefined) return { doc: parsedWhole(body, file), file };
    const doc = parsedJson(bodyText(body, split.skeleton), file);
    if (isRecord(doc)) changesInText.set(doc, { file, body, ranges: split.changes });
    return { doc, file };
}

/** A JSON text parsed; refused as no JSON, naming `file`. */
function parsedJson(text: string, file: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        // The parser's message quotes the text around the error: not repeated here.
        throw new InputError(`${file}: is not JSON; expected the output of \`terraform show -json <planfile>\``);
    }
}

/** UTF-8 JSON parsed whole, but for the members no reader reads (planned_values, prior_state), left out before parsing. */
function parsedWhole(body: Utf8Body, file: string): unknown {
    return parsedJson(bodyText(body, unreadMembersLeftOut(body.utf8)), file);
}

/** resource_changes left in the text of a plan read with changesOneByOne: the element byte ranges (start, end, in turn). */
interface ChangesInText {
    readonly file: string;
    readonly body: Utf8Body;
    readonly ranges: readonly number[];
}

/**
 * Documents read with their resource_changes left in the text, by document: the text until the
 * reader has read them (then `read`, and the text is let go, a plan's largest part).
 */
const changesInText = new WeakMap<object, ChangesInText | "read">();

/** Lets go of the text of a plan's resource changes once they are read (see changesOneByOne): reading them again is an error. */
export function changesRead(plan: Plan): void {
    if (changesInText.has(plan)) changesInText.set(plan, "read");
}

/**
 * A document read with its resource_changes left in its text (readJsonInput's changesOneByOne, and
 * not read since), parsed whole from the text it was read from; undefined for any other document.
 */
export function wholeDocumentOf(doc: unknown): unknown {
    const inText = typeof doc === "object" && doc !== null ? changesInText.get(doc) : undefined;
    if (inText === undefined || inText === "read") return undefined;
    return parsedWhole(inText.body, inText.file);
}

/**
 * Reading a resource change one by one found what reading the whole plan would refuse or judge
 * differently (an element that is not JSON, or not a resource change): the plan must be read whole,
 * whose verdict and message stand (see wholePlanOf).
 */
export class WholeReadingNeeded extends Error {}

/**
 * A plan's resource changes: its resource_changes, or, for a plan read with changesOneByOne, its
 * elements parsed one at a time as they are iterated (each garbage once read), checked as planOf
 * checks them. Those throw WholeReadingNeeded for an element that is not JSON or not a resource change.
 */
export function resourceChangesOf(plan: Plan): Iterable<ResourceChange> {
    const inText = changesInText.get(plan);
    if (inText === undefined) return plan.resource_changes ?? [];
    if (inText === "read") throw new Error("the resource changes of a plan read change by change were read already");
    return (function* () {
        const { body, ranges } = inText;
        for (let i = 0; i < ranges.length; i += 2) {
            let rc: unknown;
            try {
                rc = JSON.parse(body.utf8.toString(body.encoding, ranges[i], ranges[i + 1]));
            } catch {
                throw new WholeReadingNeeded();
            }
            if (!isResourceChange(rc)) throw new WholeReadingNeeded();
            yield rc;
        }
    })();
}

/**
 * For a plan read with changesOneByOne, the plan read whole (parsed at once and checked by planOf,
 * whose errors it throws): what a reading of its changes one by one gives way to when it fails.
 * Undefined for a plan read whole.
 */
export function wholePlanOf(plan: Plan): Plan | undefined {
    const inText = changesInText.get(plan);
    if (inText === undefined || inText === "read") return undefined;
    return planOf(wholeDocumentOf(plan), inText.file).plan;
}

/** Reads and checks a plan file. */
export function loadPlan(input: string): { plan: Plan; warnings: string[] } {
    const { doc, file } = readJsonInput(input);
    return planOf(doc, file);
}

/**
 * Checks that a parsed document is a plan and keeps what the checker reads of it. Messages name
 * the file (`file`) and what is wrong, never the content.
 */
export function planOf(doc: unknown, file: string): { plan: Plan; warnings: string[] } {
    if (!isRecord(doc)) throw new InputError(`${file}: is JSON but not a Terraform plan (the document is not an object)`);
    if (typeof doc.format_version !== "string") throw new InputError(`${file}: is JSON but not a Terraform plan (no format_version)`);
    const major = /^(\d+)\./.exec(doc.format_version)?.[1];
    if (major !== "1" && major !== "0") {
        throw new InputError(
            `${file}: plan format_version has major version ${major ?? "(unreadable)"}; this checker reads formats 0.x and 1.x (\`terraform show -json\` of Terraform 0.12 and later)`,
        );
    }
    if (!("resource_changes" in doc) && !("planned_values" in doc) && !("configuration" in doc)) {
        throw new InputError(
            `${file}: is JSON with a format_version but no resource_changes, planned_values or configuration: a state or other document, not a plan`,
        );
    }
    if (doc.resource_changes !== undefined && (!Array.isArray(doc.resource_changes) || !doc.resource_changes.every(isResourceChange))) {
        throw new InputError(
            `${file}: resource_changes is not a list of resource changes with address, mode, type, name, provider_name and change.actions`,
        );
    }
    if (doc.configuration !== undefined && !isRecord(doc.configuration)) throw new InputError(`${file}: configuration is not an object`);
    const warnings: string[] = [];
    // Terraform 0.12 to 1.0 write format 0.1 or 0.2 (not an older Terraform than 1.0 only).
    if (major === "0")
        warnings.push(
            `${file}: plan format_version ${/^0\.\d{1,4}$/.test(doc.format_version) ? doc.format_version : "0.x"} (written by Terraform 0.12 to 1.0) is read as format 1.x; fields it lacks are taken as absent`,
        );
    if (doc.errored === true) warnings.push(`${file}: Terraform reported errors while planning (errored: true); the plan may be partial`);
    else if (doc.complete === false)
        warnings.push(
            `${file}: the plan is incomplete (complete: false, e.g. -target or deferred changes); resources outside it are not checked`,
        );
    // Only resource_changes (with their after-values and masks), configuration and variables are
    // read. Dropping the rest at once (planned_values and prior_state repeat every value) halves
    // what a large plan keeps alive, and with it the garbage collector's work.
    delete doc.planned_values;
    delete doc.prior_state;
    delete doc.resource_drift;
    // A change's before-values go by assignment, not `delete`, which would turn every change object
    // into a slower and larger dictionary; null and false (a create's) hold nothing to free.
    for (const rc of (doc.resource_changes ?? []) as Array<{ change: Record<string, unknown> }>) {
        const change = rc.change;
        if (typeof change.before === "object" && change.before !== null) change.before = null;
        if (typeof change.before_sensitive === "object" && change.before_sensitive !== null) change.before_sensitive = null;
    }
    return { plan: doc as unknown as Plan, warnings };
}
