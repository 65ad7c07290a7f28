// Evaluating the few configuration expressions plan JSON lets one evaluate: constants, and
// `var.x` (resolved from the plan's root variables, through module calls, or the variable's
// default). Anything else (locals, functions, other resources' attributes) is not recorded in a
// plan and stays unresolved, saying what it refers to.
import { isRecord, type ConfigModule, type Expression, type ExpressionBlock, type ModuleCall, type Plan } from "./plan";

/** A value the plan does not hold. */
export class Unresolved {
    constructor(readonly why: string) {}
}

/** A module instance's static configuration and how it was called (for `var.*`). */
export interface ModuleScope {
    readonly module: ConfigModule;
    /** The call of this module and the scope it was called from; absent for the root module. */
    readonly call?: { readonly call: ModuleCall; readonly parent: ModuleScope };
}

function isExpressionLeaf(e: ExpressionBlock | Expression): e is { constant_value?: unknown; references?: readonly string[] } {
    if (!isRecord(e)) return false;
    const keys = Object.keys(e);
    return keys.length === 0 || keys.every((k) => k === "constant_value" || k === "references");
}

function describeReferences(refs: readonly string[]): string {
    const first = refs[0] ?? "";
    if (first.startsWith("local.")) return `the local value ${first.split(".").slice(0, 2).join(".")}, which plan JSON does not record`;
    if (first.startsWith("var.")) return `an expression around ${first.split(".").slice(0, 2).join(".")} that plan JSON does not evaluate`;
    if (first.startsWith("data.")) return `the data source ${first.split(".").slice(0, 3).join(".")}, read only at apply`;
    if (first.startsWith("module.")) return `an output of ${first.split(".").slice(0, 2).join(".")}, which plan JSON does not record for provider configuration`;
    return `${first.split(".").slice(0, 2).join(".") || "an expression"}, which plan JSON does not record for provider configuration`;
}

/**
 * The variable chain an expression reads, when it reads nothing else: `var.cfg.s3` gives
 * references ["var.cfg.s3", "var.cfg"]. A template or function around one variable gives the
 * same references; plan JSON cannot tell them apart, so the variable's value is taken.
 */
function variableChain(refs: readonly string[]): string[] | undefined {
    if (refs.length === 0) return undefined;
    const longest = [...refs].sort((a, b) => b.length - a.length)[0];
    if (!/^var\.[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/.test(longest)) return undefined;
    if (!refs.every((r) => longest === r || longest.startsWith(`${r}.`))) return undefined;
    return longest.split(".").slice(1);
}

export function resolveVariable(plan: Plan, scope: ModuleScope, name: string): unknown {
    if (!scope.call) {
        const v = plan.variables?.[name];
        if (v && "value" in v) return v.value;
        return scope.module.variables?.[name]?.default ?? null;
    }
    const passed = scope.call.call.expressions?.[name];
    if (passed !== undefined) return evaluate(plan, passed, scope.call.parent);
    return scope.module.variables?.[name]?.default ?? null;
}

/** The value of an expression in `scope`, or Unresolved (possibly nested inside blocks). */
export function evaluate(plan: Plan, expr: Expression | ExpressionBlock, scope: ModuleScope): unknown {
    if (Array.isArray(expr)) return expr.map((block: ExpressionBlock) => evaluate(plan, block, scope));
    if (isExpressionLeaf(expr)) {
        if ("constant_value" in expr) return expr.constant_value;
        const refs = expr.references ?? [];
        const chain = variableChain(refs);
        if (!chain) return new Unresolved(refs.length > 0 ? describeReferences(refs) : "a function call or expression that plan JSON does not evaluate");
        let v = resolveVariable(plan, scope, chain[0]);
        for (const attr of chain.slice(1)) {
            if (v instanceof Unresolved) return v;
            v = isRecord(v) ? v[attr] ?? null : null;
        }
        return v;
    }
    if (!isRecord(expr)) return new Unresolved("an expression of an unexpected shape");
    // A nested block written as one object (NestingSingle/Group) or a map of labelled blocks.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(expr)) out[k] = evaluate(plan, v as Expression, scope);
    return out;
}

/** Whether a value (possibly nested) holds an Unresolved, and the first one. */
export function firstUnresolved(v: unknown): Unresolved | undefined {
    if (v instanceof Unresolved) return v;
    if (Array.isArray(v)) {
        for (const x of v) {
            const u = firstUnresolved(x);
            if (u) return u;
        }
    } else if (isRecord(v)) {
        for (const x of Object.values(v)) {
            const u = firstUnresolved(x);
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
    let scope: ModuleScope = { module: plan.configuration?.root_module ?? {} };
    for (const name of moduleNames) {
        const call = scope.module.module_calls?.[name];
        if (!call) return undefined;
        scope = { module: call.module ?? {}, call: { call, parent: scope } };
    }
    return scope;
}

/** Module names of a module address: `module.a["k"].module.b` → ["a", "b"]. */
export function moduleNamesOf(moduleAddress: string | undefined): string[] {
    if (!moduleAddress) return [];
    const names: string[] = [];
    const re = /module\.([A-Za-z0-9_-]+)(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/g;
    for (let m = re.exec(moduleAddress); m; m = re.exec(moduleAddress)) names.push(m[1]);
    return names;
}
