// Evaluating the few configuration expressions plan JSON lets one evaluate. Plan JSON records a
// constant as its value, and anything else only as the references it makes: `var.x`,
// `"http://${var.x}"` and `format("%s", var.x)` all read `{"references": ["var.x"]}`. So an
// argument that is not a constant is unknown, saying what it is built from; the one exception is
// a variable (chain) whose value is an absolute http(s) URL, whose scheme and host no template
// around it can change (see `evaluate`). Sensitive variables come back wrapped in the core's `Sensitive` (named Secret here).
import { Sensitive as Secret } from "../../policies/values";
import { Unknown } from "./hcl/values";
import { printable } from "../../policies/printable";
import { InputError, isRecord, type ConfigModule, type Expression, type ExpressionBlock, type ModuleCall, type Plan } from "./plan";

/**
 * How deep plan values (after-values, variables, expressions) may nest. Real plans stay within a
 * few dozen levels; deeper input is refused rather than walked, so that no recursion overflows.
 */
export const DEPTH_LIMIT = 100;

/** A problem with the plan's content; the caller names the plan file in front of the message. */
export class PlanContentError extends InputError {}

/** A value the plan does not hold. */
export class Unresolved {
    constructor(readonly why: string) {}
}

/** A module instance's static configuration and how it was called (for `var.*`). */
export interface ModuleScope {
    readonly module: ConfigModule;
    /** `module.a.module.b` (static, without instance keys); "" for the root module. */
    readonly address: string;
    /** The call of this module and the scope it was called from; absent for the root module. */
    readonly call?: { readonly call: ModuleCall; readonly parent: ModuleScope };
}

/** `map[key]` when `key` is the map's own property (never an inherited `constructor` or `__proto__`). */
export function own<T>(map: { readonly [key: string]: T } | undefined, key: string): T | undefined {
    return map !== undefined && map !== null && typeof map === "object" && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Sets an own property, also for the key `__proto__` (which plain assignment would turn into a prototype change). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    else target[key] = value;
}

/**
 * Whether `value` nests deeper than `limit` levels of arrays, objects and Secrets. Recursive only
 * down to `limit`, so that it is safe on any input.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
    return deeperThan(value, 0, limit);
}

function deeperThan(v: unknown, depth: number, limit: number): boolean {
    const inner = v instanceof Secret ? (v.value as unknown) : v;
    if (typeof inner !== "object" || inner === null) return false;
    if (depth >= limit) return true;
    for (const x of Array.isArray(inner) ? (inner as unknown[]) : Object.values(inner)) if (deeperThan(x, depth + 1, limit)) return true;
    return false;
}

function isExpressionLeaf(e: ExpressionBlock | Expression): e is { constant_value?: unknown; references?: readonly string[] } {
    if (!isRecord(e)) return false;
    const keys = Object.keys(e);
    return keys.length === 0 || keys.every((k) => k === "constant_value" || k === "references");
}

/** A reference as messages show it: printable, and cut short when it is longer than any real name. */
function shownReference(ref: string): string {
    return printable(ref.length > 120 ? `${ref.slice(0, 120)}…` : ref);
}

/**
 * What an expression refers to, as messages name it: the references that no shorter one already
 * covers (`local.cfg.s3` and `local.cfg` → `local.cfg`), at most five.
 */
export function describeReferences(refs: readonly string[]): string {
    const roots = refs.filter((r) => !refs.some((p) => p !== r && (r.startsWith(`${p}.`) || r.startsWith(`${p}[`))));
    const unique = [...new Set(roots)];
    const shown = unique.slice(0, 5).map(shownReference).join(", ");
    return unique.length > 5 ? `${shown} and ${unique.length - 5} more` : shown;
}

/**
 * The variable chain an expression reads, when it reads nothing else: `var.cfg.s3` gives
 * references ["var.cfg.s3", "var.cfg"]. A template or function around one variable gives the
 * same references.
 */
function variableChain(refs: readonly string[]): [string, ...string[]] | undefined {
    const longest = [...refs].sort((a, b) => b.length - a.length)[0];
    if (longest === undefined) return undefined;
    if (!/^var\.[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/.test(longest)) return undefined;
    if (!refs.every((r) => longest === r || longest.startsWith(`${r}.`))) return undefined;
    const [, name, ...attrs] = longest.split(".");
    return name === undefined ? undefined : [name, ...attrs];
}

/** `var.x`, or `var.x of module.m` inside a module, for messages. */
function variableLabel(scope: ModuleScope, chain: readonly string[]): string {
    const name = shownReference(`var.${chain.join(".")}`);
    return scope.address ? `${name} of ${printable(scope.address)}` : name;
}

/**
 * An absolute http:// or https:// URL's scheme and host (with its port, if it names one), or
 * undefined. Text with an "@" after its host is not read (its host cannot be told apart from user
 * info a stray "/" cut short), as the pack's endpoint parser does not read it either.
 */
function schemeAndHost(text: string): string | undefined {
    const scheme = /^(https?):\/\//i.exec(text);
    if (!scheme) return undefined;
    const rest = text.slice(scheme[0].length);
    const end = rest.search(/[/?#\\]/);
    if (end >= 0 && rest.indexOf("@", end) >= 0) return undefined;
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return undefined;
    }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return undefined;
    return `${url.protocol}//${url.host}`;
}

/** Sensitive values' contents, and whether they were sensitive. */
function unwrap(v: unknown): { value: unknown; sensitive: boolean } {
    let value = v;
    let sensitive = false;
    while (value instanceof Secret) {
        value = value.value as unknown;
        sensitive = true;
    }
    return { value, sensitive };
}

const wrap = (value: unknown, sensitive: boolean): unknown =>
    sensitive && value !== null && value !== undefined && !(value instanceof Unresolved) && !(value instanceof Secret)
        ? new Secret(value)
        : value;

function checkedDepth(value: unknown, what: () => string): unknown {
    if (nestsDeeperThan(value, DEPTH_LIMIT))
        throw new PlanContentError(`${what()} nests deeper than ${DEPTH_LIMIT} levels, more than this checker reads`);
    return value;
}

/**
 * The value of variable `name` in `scope`: a root variable from the plan's variables (or its
 * default), a module variable from the expression its call passes (or its default). Wrapped in
 * `Secret` when the variable is declared sensitive (or its value came from a sensitive one).
 * `notes` collects how values were read, for messages.
 */
export function resolveVariable(plan: Plan, scope: ModuleScope, name: string, notes: string[] = [], depth = 0): unknown {
    const decl = own(scope.module.variables, name);
    const sensitive = isRecord(decl) && decl.sensitive === true;
    let value: unknown;
    if (!scope.call) {
        const entry = own(plan.variables, name);
        value = isRecord(entry) && Object.hasOwn(entry, "value") ? entry.value : isRecord(decl) ? (decl.default ?? null) : null;
    } else {
        const passed = own(scope.call.call.expressions, name);
        value =
            passed !== undefined
                ? evaluate(plan, passed, scope.call.parent, notes, depth + 1)
                : isRecord(decl)
                  ? (decl.default ?? null)
                  : null;
    }
    checkedDepth(value, () => `variable ${variableLabel(scope, [name])}`);
    return wrap(value, sensitive);
}

/** The value a variable chain (`var.cfg.s3`) reads, Secret-wrapped if any step was sensitive. */
function chainValue(plan: Plan, scope: ModuleScope, chain: readonly [string, ...string[]], notes: string[], depth: number): unknown {
    const [name, ...attrs] = chain;
    const first = unwrap(resolveVariable(plan, scope, name, notes, depth));
    let v = first.value;
    let sensitive = first.sensitive;
    for (const attr of attrs) {
        if (v instanceof Unresolved) return v;
        const step = unwrap(isRecord(v) ? (own(v, attr) ?? null) : null);
        v = step.value;
        sensitive ||= step.sensitive;
    }
    return wrap(v, sensitive);
}

/**
 * The value of an expression in `scope`, or Unresolved (possibly nested inside blocks).
 *
 * An expression that is not a constant is recorded only by its references, so it is Unresolved,
 * with one exception: references to one variable chain whose value is an absolute http:// or
 * https:// URL. Whatever template or function surrounds it (`"${var.x}/tenant"`), the URL's
 * scheme and host stay, so those are taken (scheme and host only: the template may extend the
 * path, which is therefore not claimed), and `notes` says so.
 */
export function evaluate(plan: Plan, expr: Expression | ExpressionBlock, scope: ModuleScope, notes: string[] = [], depth = 0): unknown {
    if (depth > DEPTH_LIMIT)
        throw new PlanContentError(
            `an expression ${scope.address ? `in ${printable(scope.address)} ` : ""}nests deeper than ${DEPTH_LIMIT} levels, more than this checker reads`,
        );
    if (Array.isArray(expr)) return expr.map((block: ExpressionBlock) => evaluate(plan, block, scope, notes, depth + 1));
    if (isExpressionLeaf(expr)) {
        if (Object.hasOwn(expr, "constant_value"))
            return checkedDepth(
                expr.constant_value,
                () => `a constant ${scope.address ? `in ${printable(scope.address)}` : "of the configuration"}`,
            );
        const refs = Array.isArray(expr.references) ? expr.references.filter((r): r is string => typeof r === "string") : [];
        if (refs.length === 0)
            return new Unresolved("set by a function call or expression without references, which plan JSON does not evaluate");
        const chain = variableChain(refs);
        if (chain) {
            const { value, sensitive } = unwrap(chainValue(plan, scope, chain, notes, depth));
            const origin = typeof value === "string" ? schemeAndHost(value) : undefined;
            if (origin !== undefined) {
                notes.push(
                    `the scheme and host were taken from ${variableLabel(scope, chain)}, whose value is an absolute URL; plan JSON records only that the expression refers to it, so a path the expression may add is not known`,
                );
                return wrap(origin, sensitive);
            }
        }
        return new Unresolved(`built from ${describeReferences(refs)}${scope.address ? ` (in ${printable(scope.address)})` : ""}`);
    }
    if (!isRecord(expr)) return new Unresolved("set by an expression of an unexpected shape");
    // A nested block written as one object (NestingSingle/Group) or a map of labelled blocks.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(expr)) setOwn(out, k, evaluate(plan, v as Expression, scope, notes, depth + 1));
    return out;
}

/** Whether a value is a mark of something not known: the plan's Unresolved, or the HCL evaluator's Unknown. */
export function unknownWhy(v: unknown): string | undefined {
    if (v instanceof Unresolved || v instanceof Unknown) return v.why;
    return undefined;
}

/** The first Unresolved in a value (possibly nested), with its path below the value (`[0].s3`) and why it is not known. */
export function firstUnresolved(v: unknown, path = ""): { readonly path: string; readonly why: string } | undefined {
    const why = unknownWhy(v);
    if (why !== undefined) return { path, why };
    if (v instanceof Secret) return firstUnresolved(v.value, path);
    if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) {
            const u = firstUnresolved(x, `${path}[${i}]`);
            if (u) return u;
        }
    } else if (isRecord(v)) {
        for (const [k, x] of Object.entries(v)) {
            const u = firstUnresolved(x, `${path}.${printable(k)}`);
            if (u) return u;
        }
    }
    return undefined;
}

/**
 * The module scopes along a static module path (names without instance keys), from the root;
 * undefined when a call is missing from the configuration.
 */
export function scopeAt(plan: Plan, moduleNames: readonly string[]): ModuleScope | undefined {
    let scope: ModuleScope = { module: plan.configuration?.root_module ?? {}, address: "" };
    for (const name of moduleNames) {
        const call = own(scope.module.module_calls, name);
        if (!isRecord(call)) return undefined;
        const module = isRecord(call.module) ? call.module : {};
        scope = { module, address: scope.address ? `${scope.address}.module.${name}` : `module.${name}`, call: { call, parent: scope } };
    }
    return scope;
}

/** Module names of a module address: `module.a["k"].module.b` → ["a", "b"]. */
export function moduleNamesOf(moduleAddress: string | undefined): string[] {
    if (!moduleAddress) return [];
    const names: string[] = [];
    const re = /module\.([A-Za-z0-9_-]+)(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/g;
    // Group 1 is not optional, so every match has it.
    for (let m = re.exec(moduleAddress); m; m = re.exec(moduleAddress)) names.push(m[1]!);
    return names;
}
