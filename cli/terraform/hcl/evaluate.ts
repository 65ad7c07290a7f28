// Evaluates HCL expressions (tree-sitter nodes from parser.ts) as Terraform would while planning,
// for reading Terraform source directories without a plan. What Terraform would know only after
// apply, and what this evaluator does not compute (file(), timestamp(), provider functions), is an
// `Unknown` naming what it is built from. Sensitive inputs stay sensitive through every operation.
// Errors Terraform would raise are `EvalError`s with the expression's position; their messages
// name the kind of expression and what is wrong, never a value.
import type { HclNode } from "./parser";
import { callFunction, isKnownFunction } from "./functions";
import {
    combineUnknowns,
    containsSensitive,
    ConversionError,
    convert,
    describeValueType,
    EvalError,
    findUnknown,
    formatNumber,
    hasKey,
    isList,
    isObject,
    isSensitive,
    makeObject,
    mark,
    sortedKeys,
    typeOf,
    unify,
    withType,
    collectionKind,
    Unknown,
    unmark,
    unmarkDeep,
    valuesEqual,
    type HclObject,
    type HclType,
    type HclValue,
} from "./values";

export {
    EvalError,
    Unknown,
    Sensitive,
    isUnknown,
    isSensitive,
    isList,
    isObject,
    unmark,
    unmarkDeep,
    containsSensitive,
    findUnknown,
    collectionKind,
    formatNumber,
} from "./values";
export { jsonEncode, knownFunctionNames } from "./functions";
export type { HclValue, HclObject } from "./values";

/** What names mean where an expression is evaluated. undefined = not declared. */
export interface EvalScope {
    lookup(root: string): HclValue | undefined;
}

/** A scope adding names (for-expression variables, `each`, `count`) over a parent scope. */
export function childScope(parent: EvalScope, names: Readonly<Record<string, HclValue>>): EvalScope {
    return {
        lookup(root: string): HclValue | undefined {
            return Object.prototype.hasOwnProperty.call(names, root) ? names[root] : parent.lookup(root);
        },
    };
}

/** A scope over a plain record of root names. */
export function scopeOf(names: Readonly<Record<string, HclValue>>): EvalScope {
    return childScope({ lookup: () => undefined }, names);
}

function fail(node: HclNode, message: string, fatal = false): never {
    throw new EvalError(message, node.startPosition.row + 1, node.startPosition.column + 1, fatal);
}

function children(node: HclNode): HclNode[] {
    const out: HclNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i);
        if (c && c.type !== "comment") out.push(c);
    }
    return out;
}

function namedChildren(node: HclNode): HclNode[] {
    return children(node).filter((c) => c.isNamed);
}

/** Evaluates an expression node (or an attribute, meaning its expression). */
export function evaluate(node: HclNode, scope: EvalScope): HclValue {
    if (node.hasError) fail(node, `${kindOf(node)} has a syntax error`, true);
    return evalNode(node, scope);
}

function kindOf(node: HclNode): string {
    return node.type.replace(/_/g, " ");
}

function evalNode(node: HclNode, scope: EvalScope): HclValue {
    switch (node.type) {
        case "attribute": {
            const expression = namedChildren(node).find((c) => c.type === "expression");
            if (!expression) fail(node, "attribute has no expression", true);
            return evalNode(expression, scope);
        }
        case "expression":
            return evalTerm(children(node), node, scope);
        case "literal_value":
            return evalLiteral(node.namedChild(0) ?? fail(node, "empty literal", true));
        case "template_expr":
        case "quoted_template":
        case "heredoc_template":
        case "string_lit":
            return evalTemplate(node.type === "template_expr" ? (node.namedChild(0) ?? fail(node, "empty template", true)) : node, scope);
        case "collection_value":
            return evalNode(node.namedChild(0) ?? fail(node, "empty collection", true), scope);
        case "tuple":
            return namedChildren(node)
                .filter((c) => c.type === "expression")
                .map((c) => evalNode(c, scope));
        case "object":
            return evalObject(node, scope);
        case "variable_expr":
            return evalVariable(node, scope);
        case "function_call":
            return evalFunctionCall(node, scope);
        case "for_expr":
            return evalNode(node.namedChild(0) ?? fail(node, "empty for expression", true), scope);
        case "for_tuple_expr":
        case "for_object_expr":
            return evalFor(node, scope);
        case "conditional":
            return evalConditional(node, scope);
        case "operation":
            return evalNode(node.namedChild(0) ?? fail(node, "empty operation", true), scope);
        case "unary_operation":
            return evalUnary(node, scope);
        case "binary_operation":
            return evalBinary(node, scope);
        default:
            return fail(node, `${kindOf(node)} is not an expression`, true);
    }
}

/** A term and the traversals after it (tree-sitter flattens `a.b[0]` into one node's children). */
function evalTerm(parts: readonly HclNode[], whole: HclNode, scope: EvalScope): HclValue {
    if (parts.length === 0) fail(whole, "empty expression", true);
    let i: number;
    let value: HclValue;
    if (parts[0]!.type === "(") {
        const inner = parts[1];
        if (!inner || inner.type !== "expression") fail(whole, "parenthesized expression is empty", true);
        value = evalNode(inner, scope);
        i = 3;
    } else {
        value = evalNode(parts[0]!, scope);
        i = 1;
    }
    return applySteps(value, parts.slice(i), scope);
}

/** Traversals in order; a splat takes the traversals after it (see splat). */
function applySteps(value: HclValue, steps: readonly HclNode[], scope: EvalScope): HclValue {
    let v = value;
    for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (step.type === "splat") return splat(v, step.namedChild(0) ?? fail(step, "empty splat", true), steps.slice(i + 1), scope);
        v = traverse(v, step, scope);
    }
    return v;
}

function traverse(value: HclValue, step: HclNode, scope: EvalScope): HclValue {
    switch (step.type) {
        case "get_attr":
            return getAttr(value, step);
        case "index": {
            const inner = step.namedChild(0) ?? fail(step, "empty index", true);
            if (inner.type === "legacy_index") return index(value, Number(inner.text.slice(1)), inner);
            const keyNode = inner.namedChildren.find((c) => c?.type === "expression") ?? fail(step, "empty index", true);
            return index(value, evalNode(keyNode, scope), inner);
        }
        default:
            return fail(step, `unexpected ${kindOf(step)} after an expression`, true);
    }
}

function getAttr(value: HclValue, step: HclNode): HclValue {
    const name = step.namedChildren.find((c) => c?.type === "identifier")?.text ?? fail(step, "attribute access has no name", true);
    const { value: v, sensitive } = unmark(value);
    if (v instanceof Unknown) return mark(v, sensitive);
    if (v === null) fail(step, `attribute access .${name}: cannot get an attribute of a null value`);
    if (!isObject(v)) fail(step, `attribute access .${name}: a ${describeValueType(v)} has no attributes`);
    if (!hasKey(v, name)) fail(step, `attribute access .${name}: the object has no attribute named "${name}"`);
    return mark(v[name]!, sensitive);
}

function index(value: HclValue, key: HclValue, at: HclNode): HclValue {
    const { value: v, sensitive: collectionSensitive } = unmark(value);
    const { value: k, sensitive: keySensitive } = unmark(key);
    const sensitive = collectionSensitive || keySensitive;
    if (v instanceof Unknown) return mark(v, sensitive);
    if (v === null) fail(at, "index: cannot index a null value");
    if (k === null) fail(at, "index: the key is null");
    if (isList(v)) {
        if (k instanceof Unknown) return mark(k, sensitive);
        let n: HclValue;
        try {
            n = convert(k, "number");
        } catch {
            fail(at, `index: a list or tuple is indexed by a number, not a ${describeValueType(k)}`);
        }
        if (typeof n !== "number" || !Number.isInteger(n)) fail(at, "index: the key must be a whole number");
        if (n < 0 || n >= v.length) fail(at, `index: the key is out of range (the collection has ${v.length} elements)`);
        return mark(v[n]!, sensitive);
    }
    if (isObject(v)) {
        if (k instanceof Unknown) return mark(k, sensitive);
        let s: HclValue;
        try {
            s = convert(k, "string");
        } catch {
            fail(at, `index: a map or object is indexed by a string, not a ${describeValueType(k)}`);
        }
        if (typeof s !== "string" || !hasKey(v, s)) fail(at, "index: the given key does not identify an element in this collection");
        return mark(v[s]!, sensitive);
    }
    return fail(at, `index: a ${describeValueType(v)} cannot be indexed`);
}

/**
 * A splat applies traversals to each element (a null is no element, another value one element).
 * As in HCL, a full splat `[*]` applies every traversal after it to each element, nested splats
 * included; an attribute splat `.*` only its attribute and legacy `.0` index traversals, and a
 * `[...]` index after it applies to the result.
 */
function splat(value: HclValue, splatNode: HclNode, following: readonly HclNode[], scope: EvalScope): HclValue {
    const own = namedChildren(splatNode);
    let steps: readonly HclNode[];
    let after: readonly HclNode[];
    if (splatNode.type === "full_splat") {
        steps = [...own, ...following];
        after = [];
    } else {
        const end = own.findIndex((c) => c.type === "index" && c.namedChild(0)?.type === "new_index");
        steps = end < 0 ? own : own.slice(0, end);
        after = end < 0 ? following : [...own.slice(end), ...following];
    }
    const result = splatElements(value, steps, scope);
    return after.length === 0 ? result : applySteps(result, after, scope);
}

function splatElements(value: HclValue, steps: readonly HclNode[], scope: EvalScope): HclValue {
    const { value: v, sensitive } = unmark(value);
    if (v instanceof Unknown) return mark(v, sensitive);
    const apply = (element: HclValue): HclValue => applySteps(element, steps, scope);
    if (v === null) return mark([], sensitive);
    if (isList(v)) {
        const result = v.map(apply);
        // A list's splat is a list (of the traversed elements' type), a tuple's a tuple.
        const kind = collectionKind(v);
        if (kind === "list" || kind === "set") {
            const element = steps.length === 0 ? (typeOf(v) as { element: HclType }).element : (unify(result.map(typeOf)) ?? "dynamic");
            return mark(withType(result, { kind: "list", element }), sensitive);
        }
        return mark(result, sensitive);
    }
    return mark([apply(v)], sensitive);
}

function evalLiteral(node: HclNode): HclValue {
    switch (node.type) {
        case "numeric_lit": {
            const text = node.text;
            if (!/^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) fail(node, "number literal is not a decimal number", true);
            return Number(text);
        }
        case "bool_lit":
            return node.text === "true";
        case "null_lit":
            return null;
        case "string_lit":
            return evalTemplateNode(node, { lookup: () => undefined });
        default:
            return fail(node, `${kindOf(node)} is not a literal`, true);
    }
}

function evalVariable(node: HclNode, scope: EvalScope): HclValue {
    const name = node.text;
    const value = scope.lookup(name);
    if (value === undefined) fail(node, `reference to undeclared name "${name}"`, true);
    return value;
}

function evalObject(node: HclNode, scope: EvalScope): HclValue {
    const entries: [string, HclValue][] = [];
    const seen = new Set<string>();
    let unknownKey: Unknown | undefined;
    let sensitiveKey = false;
    for (const elem of namedChildren(node).filter((c) => c.type === "object_elem")) {
        const keyNode = elem.childForFieldName("key") ?? fail(elem, "object element has no key", true);
        const valNode = elem.childForFieldName("val") ?? fail(elem, "object element has no value", true);
        const key = objectKey(keyNode, scope);
        const value = evalNode(valNode, scope);
        const { value: k, sensitive } = unmark(key);
        if (sensitive) sensitiveKey = true;
        if (k instanceof Unknown) {
            unknownKey ??= k;
            continue;
        }
        if (k === null) fail(keyNode, "object key is null");
        let text: HclValue;
        try {
            text = convert(k, "string");
        } catch {
            fail(keyNode, `object key must be a string, not a ${describeValueType(k)}`);
        }
        if (typeof text !== "string") fail(keyNode, "object key must be a string");
        if (seen.has(text)) fail(keyNode, "object has a duplicate key");
        seen.add(text);
        entries.push([text, value]);
    }
    if (unknownKey) return mark(unknownKey, sensitiveKey);
    return mark(makeObject(entries), sensitiveKey);
}

/** An object key: a bare identifier is its name (not a reference), anything else is an expression. */
function objectKey(keyNode: HclNode, scope: EvalScope): HclValue {
    const parts = children(keyNode);
    if (parts.length === 1 && parts[0]!.type === "variable_expr") return parts[0]!.text;
    return evalNode(keyNode, scope);
}

function evalConditional(node: HclNode, scope: EvalScope): HclValue {
    const [c, t, f] = namedChildren(node).filter((n) => n.type === "expression");
    if (!c || !t || !f) fail(node, "conditional is incomplete", true);
    return conditional(normalizeConditional(c, t, f), scope);
}

/** A conditional whose parts may be re-associated (see normalizeConditional). */
interface ConditionalParts {
    readonly condition: HclNode;
    readonly whenTrue: HclNode | ConditionalParts;
    readonly whenFalse: HclNode | ConditionalParts;
    readonly at: HclNode;
}

/** The conditional node of an expression that is nothing but a conditional (not parenthesized). */
function bareConditional(expression: HclNode): HclNode | undefined {
    const parts = children(expression);
    return parts.length === 1 && parts[0]!.type === "conditional" ? parts[0] : undefined;
}

/**
 * The grammar makes `a ? b : c ? d : e` left-associative, `(a ? b : c) ? d : e`; HCL reads it as
 * `a ? b : (c ? d : e)` (a condition is never an unparenthesized conditional). Re-associates.
 */
function normalizeConditional(
    condition: HclNode,
    whenTrue: HclNode | ConditionalParts,
    whenFalse: HclNode | ConditionalParts,
): ConditionalParts {
    const inner = bareConditional(condition);
    if (!inner) return { condition, whenTrue, whenFalse, at: condition };
    const [c1, t1, f1] = namedChildren(inner).filter((n) => n.type === "expression");
    if (!c1 || !t1 || !f1) fail(inner, "conditional is incomplete", true);
    return normalizeConditional(c1, t1, normalizeConditional(f1, whenTrue, whenFalse));
}

function evalBranch(branch: HclNode | ConditionalParts, scope: EvalScope): HclValue {
    return "condition" in branch ? conditional(branch, scope) : evalNode(branch, scope);
}

/** An error carrying the type its expression would have had ("dynamic": none to carry). */
function typedError(e: EvalError, type: HclType | undefined): EvalError {
    const resultType = type === undefined || type === "dynamic" ? undefined : type;
    return new EvalError(e.message, e.line, e.column, e.fatal, resultType);
}

/**
 * Terraform evaluates both results, converts them to one type (a literal null takes the other's
 * type; an unknown or failed result has none, unless it failed as an operation of a known type),
 * reports only the chosen result's errors, and marks the result with the marks of the condition
 * and of both results.
 */
function conditional(parts: ConditionalParts, scope: EvalScope): HclValue {
    const attempt = (branch: HclNode | ConditionalParts): HclValue | EvalError => {
        try {
            return evalBranch(branch, scope);
        } catch (e) {
            if (e instanceof EvalError && !e.fatal) return e;
            throw e;
        }
    };
    const whenTrue = attempt(parts.whenTrue);
    const whenFalse = attempt(parts.whenFalse);
    const branchType = (b: HclValue | EvalError): HclType | null =>
        b instanceof EvalError ? (b.resultType ?? "dynamic") : b === null ? null : typeOf(b);
    const trueType = branchType(whenTrue);
    const falseType = branchType(whenFalse);
    let resultType: HclType | undefined;
    if (trueType === null) resultType = falseType ?? "dynamic";
    else if (falseType === null) resultType = trueType;
    else if (trueType === "dynamic" || falseType === "dynamic") resultType = "dynamic";
    else resultType = unify([trueType, falseType]);

    let conditionValue: HclValue;
    try {
        conditionValue = evalNode(parts.condition, scope);
    } catch (e) {
        if (e instanceof EvalError && !e.fatal) throw typedError(e, resultType);
        throw e;
    }
    const { value: c, sensitive } = unmark(conditionValue);
    const branchSensitive = [whenTrue, whenFalse].some((b) => !(b instanceof EvalError) && isSensitive(b));
    const marked = sensitive || branchSensitive;
    if (c instanceof Unknown) return mark(c, marked);
    const typed = (message: string): never => {
        throw typedError(new EvalError(message, parts.at.startPosition.row + 1, parts.at.startPosition.column + 1), resultType);
    };
    if (c === null) typed("conditional: the condition is null");
    let chosen: boolean;
    try {
        chosen = convert(c, "bool") as boolean;
    } catch {
        return typed(`conditional: the condition must be a bool, not a ${describeValueType(c)}`);
    }
    if (resultType === undefined) fail(parts.at, "conditional: the true and false results have inconsistent types");
    const result = chosen ? whenTrue : whenFalse;
    if (result instanceof EvalError) throw typedError(result, resultType);
    const plain = unmark(result).value;
    if (plain === null || plain instanceof Unknown) return mark(plain, marked);
    try {
        return mark(convert(plain, resultType), marked);
    } catch (e) {
        if (e instanceof ConversionError)
            return typed(`conditional: the result cannot be converted to the type of both results (${e.message})`);
        throw e;
    }
}

// ---------------------------------------------------------------------------------------------
// Operators

const BINARY_OPERATORS = new Set(["*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"]);

/** Errors of an operation (not of its operands) carry the operation's result type, as Terraform's unknown result does. */
function withResultType<T>(type: HclType, compute: () => T): T {
    try {
        return compute();
    } catch (e) {
        if (e instanceof EvalError && !e.fatal && e.resultType === undefined) throw new EvalError(e.message, e.line, e.column, false, type);
        throw e;
    }
}

function evalUnary(node: HclNode, scope: EvalScope): HclValue {
    const parts = children(node);
    const operator = parts[0]!;
    const operand = evalTerm(parts.slice(1), node, scope);
    return withResultType(operator.type === "-" ? "number" : "bool", () => unaryOperation(operator, operand, node));
}

function unaryOperation(operator: HclNode, operand: HclValue, node: HclNode): HclValue {
    const { value: v, sensitive } = unmarkDeep(operand);
    if (v instanceof Unknown) return mark(v, sensitive);
    if (operator.type === "-") return mark(-toNumberOperand(v, node, "operand of unary -"), sensitive);
    return mark(!toBoolOperand(v, node, "operand of !"), sensitive);
}

function evalBinary(node: HclNode, scope: EvalScope): HclValue {
    const parts = children(node);
    const at = parts.findIndex((p) => !p.isNamed && BINARY_OPERATORS.has(p.type));
    if (at < 0) fail(node, "binary operation has no operator", true);
    const operator = parts[at]!.type;
    const left = evalTerm(parts.slice(0, at), node, scope);
    const right = evalTerm(parts.slice(at + 1), node, scope);
    const arithmetic = ["+", "-", "*", "/", "%"].includes(operator);
    return withResultType(arithmetic ? "number" : "bool", () => binaryOperation(operator, left, right, node));
}

function binaryOperation(operator: string, left: HclValue, right: HclValue, node: HclNode): HclValue {
    const l = unmarkDeep(left);
    const r = unmarkDeep(right);
    const sensitive = l.sensitive || r.sensitive;
    if (operator === "==" || operator === "!=") {
        const equal = valuesEqual(l.value, r.value);
        if (equal instanceof Unknown) return mark(equal, sensitive);
        return mark(operator === "==" ? equal : !equal, sensitive);
    }
    if (operator === "&&" || operator === "||") {
        const a = l.value instanceof Unknown ? l.value : toBoolOperand(l.value, node, `left operand of ${operator}`);
        const b = r.value instanceof Unknown ? r.value : toBoolOperand(r.value, node, `right operand of ${operator}`);
        // Terraform knows false && unknown and true || unknown.
        if (operator === "&&" && (a === false || b === false)) return mark(false, sensitive);
        if (operator === "||" && (a === true || b === true)) return mark(true, sensitive);
        if (a instanceof Unknown || b instanceof Unknown)
            return mark(combineUnknowns([a, b].filter((x): x is Unknown => x instanceof Unknown)), sensitive);
        return mark(operator === "&&" ? a && b : a || b, sensitive);
    }
    const unknowns = [l.value, r.value].filter((x): x is Unknown => x instanceof Unknown);
    if (unknowns.length > 0) return mark(combineUnknowns(unknowns), sensitive);
    const a = toNumberOperand(l.value, node, `left operand of ${operator}`);
    const b = toNumberOperand(r.value, node, `right operand of ${operator}`);
    let result: number | boolean;
    switch (operator) {
        case "+":
            result = a + b;
            break;
        case "-":
            result = a - b;
            break;
        case "*":
            result = a * b;
            break;
        case "/":
            if (b === 0) fail(node, "arithmetic operation /: division by zero");
            result = a / b;
            break;
        case "%":
            // Terraform's x % 0 is x.
            result = b === 0 ? a : a % b;
            break;
        case ">":
            result = a > b;
            break;
        case ">=":
            result = a >= b;
            break;
        case "<":
            result = a < b;
            break;
        default:
            result = a <= b;
    }
    if (typeof result === "number" && !Number.isFinite(result)) fail(node, `arithmetic operation ${operator}: the result is too large`);
    return mark(result, sensitive);
}

function toNumberOperand(v: HclValue, at: HclNode, what: string): number {
    if (v === null) fail(at, `${what}: a number is required, not null`);
    try {
        const n = convert(v, "number");
        if (typeof n === "number") return n;
    } catch {
        // reported below
    }
    return fail(
        at,
        `${what}: a number is required, not a ${describeValueType(v)}${typeof v === "string" ? " that does not hold a number" : ""}`,
    );
}

function toBoolOperand(v: HclValue, at: HclNode, what: string): boolean {
    if (v === null) fail(at, `${what}: a bool is required, not null`);
    try {
        const b = convert(v, "bool");
        if (typeof b === "boolean") return b;
    } catch {
        // reported below
    }
    return fail(at, `${what}: a bool is required, not a ${describeValueType(v)}`);
}

// ---------------------------------------------------------------------------------------------
// for expressions

interface ForIntro {
    readonly keyName: string | undefined;
    readonly valueName: string;
    readonly collection: HclNode;
}

function forIntro(intro: HclNode): ForIntro {
    const names = namedChildren(intro).filter((c) => c.type === "identifier");
    const collection = namedChildren(intro).find((c) => c.type === "expression") ?? fail(intro, "for expression has no collection", true);
    if (names.length === 2) return { keyName: names[0]!.text, valueName: names[1]!.text, collection };
    if (names.length === 1) return { keyName: undefined, valueName: names[0]!.text, collection };
    return fail(intro, "for expression has no variable", true);
}

/** The key/value pairs a for expression or directive iterates, or an Unknown. */
function iterationOf(value: HclValue, at: HclNode, what: string): { pairs: [HclValue, HclValue][]; sensitive: boolean } | Unknown {
    const { value: v, sensitive } = unmark(value);
    if (v instanceof Unknown) return v;
    if (v === null) fail(at, `${what}: cannot iterate over a null value`);
    if (isList(v)) return { pairs: v.map((e, i) => [i, e]), sensitive };
    if (isObject(v)) return { pairs: sortedKeys(v).map((k) => [k, v[k]!]), sensitive };
    return fail(at, `${what}: cannot iterate over a ${describeValueType(v)}`);
}

function evalFor(node: HclNode, scope: EvalScope): HclValue {
    const parts = namedChildren(node);
    const intro = forIntro(parts.find((c) => c.type === "for_intro") ?? fail(node, "for expression has no introduction", true));
    const expressions = parts.filter((c) => c.type === "expression");
    const condition = parts.find((c) => c.type === "for_cond")?.namedChildren.find((c) => c?.type === "expression") ?? undefined;
    const grouping = parts.some((c) => c.type === "ellipsis");
    const isObjectForm = node.type === "for_object_expr";
    const iteration = iterationOf(evalNode(intro.collection, scope), intro.collection, "for expression");
    if (iteration instanceof Unknown) return iteration;
    const tupleResult: HclValue[] = [];
    const objectResult = new Map<string, HclValue[]>();
    const unknowns: Unknown[] = [];
    let sensitive = iteration.sensitive;
    for (const [key, value] of iteration.pairs) {
        const names: Record<string, HclValue> = { [intro.valueName]: value };
        if (intro.keyName !== undefined) names[intro.keyName] = key;
        const inner = childScope(scope, names);
        if (condition) {
            const c = unmark(evalNode(condition, inner));
            if (c.sensitive) sensitive = true;
            if (c.value instanceof Unknown) {
                unknowns.push(c.value);
                continue;
            }
            if (!toBoolOperand(c.value, condition, "for expression condition")) continue;
        }
        if (!isObjectForm) {
            tupleResult.push(evalNode(expressions[0]!, inner));
            continue;
        }
        const k = unmark(evalNode(expressions[0]!, inner));
        if (k.sensitive) sensitive = true;
        const v = evalNode(expressions[1]!, inner);
        if (k.value instanceof Unknown) {
            unknowns.push(k.value);
            continue;
        }
        if (k.value === null) fail(expressions[0]!, "for expression key is null");
        let text: HclValue;
        try {
            text = convert(k.value, "string");
        } catch {
            fail(expressions[0]!, `for expression key must be a string, not a ${describeValueType(k.value)}`);
        }
        const group = objectResult.get(text as string);
        if (group && !grouping)
            fail(expressions[0]!, "for expression produced a duplicate key (use ... after the value to group values by key)");
        if (group) group.push(v);
        else objectResult.set(text as string, [v]);
    }
    if (unknowns.length > 0) return mark(combineUnknowns(unknowns), sensitive);
    if (!isObjectForm) return mark(tupleResult, sensitive);
    const entries = [...objectResult.entries()].map(([k, vs]) => [k, grouping ? vs : vs[0]!] as const);
    return mark(makeObject(entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))), sensitive);
}

// ---------------------------------------------------------------------------------------------
// Function calls

function evalFunctionCall(node: HclNode, scope: EvalScope): HclValue {
    const name = node.namedChildren.find((c) => c?.type === "identifier")?.text ?? fail(node, "function call has no name", true);
    const argsNode = node.namedChildren.find((c) => c?.type === "function_arguments");
    const argNodes = argsNode ? namedChildren(argsNode).filter((c) => c.type === "expression") : [];
    const expand = argsNode ? namedChildren(argsNode).some((c) => c.type === "ellipsis") : false;
    if (name === "try" || name === "can") return evalTryCan(name, node, argNodes, scope);
    if (!isKnownFunction(name)) {
        const what = name.includes("::") ? `provider function ${name}()` : `function ${name}()`;
        return new Unknown(`${what} is not evaluated`);
    }
    let args = argNodes.map((a) => evalNode(a, scope));
    if (expand && args.length > 0) {
        const last = unmark(args[args.length - 1]!);
        if (last.value instanceof Unknown) return mark(last.value, last.sensitive);
        if (!isList(last.value))
            fail(
                argNodes[argNodes.length - 1]!,
                `function ${name}(): the argument expanded with ... must be a list, set or tuple, not a ${describeValueType(last.value)}`,
            );
        args = [...args.slice(0, -1), ...last.value.map((e) => mark(e, last.sensitive))];
    }
    return callFunction(name, args, (message) => fail(node, `function ${name}(): ${message}`));
}

function evalTryCan(name: "try" | "can", node: HclNode, argNodes: readonly HclNode[], scope: EvalScope): HclValue {
    if (name === "can" && argNodes.length !== 1) fail(node, "function can(): exactly one argument is required", true);
    if (name === "try" && argNodes.length === 0) fail(node, "function try(): at least one argument is required", true);
    for (const arg of argNodes) {
        let value: HclValue;
        try {
            value = evalNode(arg, scope);
        } catch (e) {
            if (e instanceof EvalError && !e.fatal) {
                if (name === "can") return false;
                continue;
            }
            throw e;
        }
        const unknown = findUnknown(value);
        // Terraform cannot tell yet whether an expression with unknown parts will succeed.
        if (unknown) return mark(unknown, containsSensitive(value));
        return name === "can" ? true : value;
    }
    return fail(node, "function try(): no expression succeeded");
}

// ---------------------------------------------------------------------------------------------
// Templates

type TemplateToken =
    | { readonly kind: "literal"; text: string }
    | {
          readonly kind: "interpolation";
          readonly expression: HclNode | undefined;
          readonly node: HclNode;
          readonly stripLeft: boolean;
          readonly stripRight: boolean;
      }
    | {
          readonly kind: "if";
          readonly condition: HclNode;
          readonly node: HclNode;
          readonly stripLeft: boolean;
          readonly stripRight: boolean;
      }
    | {
          readonly kind: "for";
          readonly keyName: string | undefined;
          readonly valueName: string;
          readonly collection: HclNode;
          readonly node: HclNode;
          readonly stripLeft: boolean;
          readonly stripRight: boolean;
      }
    | { readonly kind: "else" | "endif" | "endfor"; readonly node: HclNode; readonly stripLeft: boolean; readonly stripRight: boolean };

function evalTemplate(node: HclNode, scope: EvalScope): HclValue {
    return evalTemplateNode(node, scope);
}

/** Strip markers of a ${...} or %{...} sequence: `~` right after the opener, `~` right before the closer. */
function stripMarkers(node: HclNode): { stripLeft: boolean; stripRight: boolean } {
    const parts = children(node);
    return {
        stripLeft: parts[1]?.type === "strip_marker",
        stripRight: parts.length >= 2 && parts[parts.length - 2]!.type === "strip_marker",
    };
}

/** The sequences (interpolations and directive markers) inside a template, in source order. */
function collectSequences(node: HclNode, out: HclNode[]): void {
    for (const c of children(node)) {
        switch (c.type) {
            case "template_interpolation":
            case "template_if_intro":
            case "template_else_intro":
            case "template_if_end":
            case "template_for_start":
            case "template_for_end":
                out.push(c);
                break;
            case "template_directive":
            case "template_if":
            case "template_for":
                collectSequences(c, out);
                break;
            default:
                break;
        }
    }
}

type SequenceToken = Exclude<TemplateToken, { kind: "literal" }>;

function sequenceToken(seq: HclNode): SequenceToken {
    const strip = stripMarkers(seq);
    const expression = namedChildren(seq).find((c) => c.type === "expression");
    switch (seq.type) {
        case "template_interpolation":
            return { kind: "interpolation", expression, node: seq, ...strip };
        case "template_if_intro":
            return { kind: "if", condition: expression ?? fail(seq, "if directive has no condition", true), node: seq, ...strip };
        case "template_else_intro":
            return { kind: "else", node: seq, ...strip };
        case "template_if_end":
            return { kind: "endif", node: seq, ...strip };
        case "template_for_end":
            return { kind: "endfor", node: seq, ...strip };
        default: {
            const names = namedChildren(seq).filter((c) => c.type === "identifier");
            const collection = expression ?? fail(seq, "for directive has no collection", true);
            if (names.length === 2)
                return { kind: "for", keyName: names[0]!.text, valueName: names[1]!.text, collection, node: seq, ...strip };
            return {
                kind: "for",
                keyName: undefined,
                valueName: names[0]?.text ?? fail(seq, "for directive has no variable", true),
                collection,
                node: seq,
                ...strip,
            };
        }
    }
}

/** Backslash escapes of quoted strings, and $${ / %%{ (which heredocs also have). */
function unescapeLiteral(text: string, quoted: boolean, at: HclNode): string {
    let out = "";
    for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (quoted && ch === "\\") {
            const next = text[i + 1];
            switch (next) {
                case "n":
                    out += "\n";
                    break;
                case "r":
                    out += "\r";
                    break;
                case "t":
                    out += "\t";
                    break;
                case '"':
                    out += '"';
                    break;
                case "\\":
                    out += "\\";
                    break;
                case "u":
                case "U": {
                    const length = next === "u" ? 4 : 8;
                    const hex = text.slice(i + 2, i + 2 + length);
                    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) fail(at, "string has an invalid unicode escape", true);
                    const code = parseInt(hex, 16);
                    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail(at, "string has an invalid unicode escape", true);
                    out += String.fromCodePoint(code);
                    i += length;
                    break;
                }
                default:
                    fail(at, "string has an invalid escape sequence", true);
            }
            i++;
            continue;
        }
        if ((ch === "$" || ch === "%") && text[i + 1] === ch && text[i + 2] === "{") {
            out += ch + "{";
            i += 2;
            continue;
        }
        out += ch;
    }
    return out;
}

/** The literal text of a template's content, and the tokens of its sequences (HCL's template tokens). */
function templateTokens(node: HclNode): TemplateToken[] {
    const source = node.text;
    const base = node.startIndex;
    const parts = children(node);
    const heredoc = node.type === "heredoc_template";
    let contentStart: number;
    let contentEnd: number;
    if (heredoc) {
        const markers = parts.filter((p) => p.type === "heredoc_identifier");
        const opening = markers[0] ?? fail(node, "heredoc has no opening marker", true);
        const newline = source.indexOf("\n", opening.endIndex - base);
        contentStart = newline < 0 ? source.length : newline + 1;
        const closing = markers.length > 1 ? markers[markers.length - 1]! : undefined;
        if (closing) {
            const lineStart = source.lastIndexOf("\n", closing.startIndex - base - 1);
            contentEnd = Math.max(contentStart, lineStart + 1);
        } else contentEnd = contentStart;
    } else {
        const start = parts[0];
        const end = parts[parts.length - 1];
        contentStart = start ? start.endIndex - base : 0;
        contentEnd = end && end.type === "quoted_template_end" ? end.startIndex - base : source.length;
    }
    const sequences: HclNode[] = [];
    collectSequences(node, sequences);
    const tokens: TemplateToken[] = [];
    let position = contentStart;
    let stripNext = false;
    const pushLiteral = (raw: string) => {
        if (raw.length === 0) return;
        // Heredocs are scanned line by line: each line is a token of its own (this matters to ~ and to <<-).
        const pieces = heredoc ? (raw.match(/[^\n]*\n|[^\n]+$/g) ?? []) : [raw];
        for (const piece of pieces) {
            let text = unescapeLiteral(piece, !heredoc, node);
            if (stripNext) text = text.replace(/^\s+/u, "");
            stripNext = false;
            tokens.push({ kind: "literal", text });
        }
    };
    for (const seq of sequences) {
        pushLiteral(source.slice(position, seq.startIndex - base));
        const token = sequenceToken(seq);
        const previous = tokens[tokens.length - 1];
        if (token.stripLeft && previous?.kind === "literal") previous.text = previous.text.replace(/\s+$/u, "");
        stripNext = token.stripRight;
        tokens.push(token);
        position = seq.endIndex - base;
    }
    pushLiteral(source.slice(position, contentEnd));
    if (heredoc && parts.some((p) => p.type === "heredoc_start" && p.text === "<<-")) flushHeredoc(tokens);
    return meldLiterals(tokens);
}

/** `<<-` heredocs: the smallest indentation of the lines is removed from every line (blank lines aside). */
function flushHeredoc(tokens: TemplateToken[]): void {
    let minSpaces = Number.MAX_SAFE_INTEGER;
    let newline = true;
    const adjust: { kind: "literal"; text: string }[] = [];
    for (const token of tokens) {
        if (newline) {
            newline = false;
            if (token.kind === "literal") {
                const trimmed = token.text.replace(/^\s+/u, "");
                if (!(trimmed.length === 0 && token.text.endsWith("\n"))) {
                    minSpaces = Math.min(minSpaces, [...token.text.slice(0, token.text.length - trimmed.length)].length);
                    adjust.push(token);
                }
            } else minSpaces = 0;
        }
        if (token.kind === "literal" && token.text.endsWith("\n")) newline = true;
    }
    if (minSpaces === Number.MAX_SAFE_INTEGER) return;
    for (const token of adjust) token.text = [...token.text].slice(minSpaces).join("");
}

function meldLiterals(tokens: TemplateToken[]): TemplateToken[] {
    const out: TemplateToken[] = [];
    for (const token of tokens) {
        const previous = out[out.length - 1];
        if (token.kind === "literal" && previous?.kind === "literal") previous.text += token.text;
        else out.push(token);
    }
    return out;
}

type TemplatePart =
    | { readonly kind: "literal"; readonly text: string }
    | { readonly kind: "interpolation"; readonly expression: HclNode | undefined; readonly node: HclNode }
    | { readonly kind: "if"; readonly condition: HclNode; readonly whenTrue: TemplatePart[]; readonly whenFalse: TemplatePart[] }
    | {
          readonly kind: "for";
          readonly keyName: string | undefined;
          readonly valueName: string;
          readonly collection: HclNode;
          readonly body: TemplatePart[];
      };

function parseTemplateParts(tokens: readonly TemplateToken[], at: HclNode): TemplatePart[] {
    let position = 0;
    const parseUntil = (ends: readonly string[]): { parts: TemplatePart[]; end: TemplateToken | undefined } => {
        const parts: TemplatePart[] = [];
        while (position < tokens.length) {
            const token = tokens[position]!;
            if (ends.includes(token.kind)) {
                position++;
                return { parts, end: token };
            }
            position++;
            switch (token.kind) {
                case "literal":
                    parts.push({ kind: "literal", text: token.text });
                    break;
                case "interpolation":
                    parts.push({ kind: "interpolation", expression: token.expression, node: token.node });
                    break;
                case "if": {
                    const first = parseUntil(["else", "endif"]);
                    if (!first.end) fail(token.node, "template if directive has no endif", true);
                    let whenFalse: TemplatePart[] = [];
                    if (first.end.kind === "else") {
                        const second = parseUntil(["endif"]);
                        if (!second.end) fail(token.node, "template if directive has no endif", true);
                        whenFalse = second.parts;
                    }
                    parts.push({ kind: "if", condition: token.condition, whenTrue: first.parts, whenFalse });
                    break;
                }
                case "for": {
                    const body = parseUntil(["endfor"]);
                    if (!body.end) fail(token.node, "template for directive has no endfor", true);
                    parts.push({
                        kind: "for",
                        keyName: token.keyName,
                        valueName: token.valueName,
                        collection: token.collection,
                        body: body.parts,
                    });
                    break;
                }
                default:
                    fail(token.node, `template has an unexpected ${token.kind} directive`, true);
            }
        }
        return { parts, end: undefined };
    };
    const root = parseUntil([]);
    if (root.end) fail(at, "template directives are unbalanced", true);
    return root.parts;
}

function evalTemplateNode(node: HclNode, scope: EvalScope): HclValue {
    const tokens = templateTokens(node);
    // A template that is one interpolation and nothing else is its value, unconverted.
    const only = tokens[0];
    if (tokens.length === 1 && only?.kind === "interpolation") {
        if (!only.expression) fail(only.node, "template interpolation is empty", true);
        return evalNode(only.expression, scope);
    }
    return renderParts(parseTemplateParts(tokens, node), scope);
}

function renderParts(parts: readonly TemplatePart[], scope: EvalScope): HclValue {
    let text = "";
    let sensitive = false;
    const unknowns: Unknown[] = [];
    const add = (value: HclValue, at: HclNode) => {
        const u = unmarkDeep(value);
        if (u.sensitive) sensitive = true;
        const v = u.value;
        if (v instanceof Unknown) {
            unknowns.push(v);
            return;
        }
        if (v === null) fail(at, "template interpolation: the value is null, which cannot be included in a string");
        if (typeof v === "string") text += v;
        else if (typeof v === "number") text += formatNumber(v);
        else if (typeof v === "boolean") text += v ? "true" : "false";
        else fail(at, `template interpolation: a ${describeValueType(v)} cannot be included in a string`);
    };
    for (const part of parts) {
        switch (part.kind) {
            case "literal":
                text += part.text;
                break;
            case "interpolation":
                if (!part.expression) fail(part.node, "template interpolation is empty", true);
                add(evalNode(part.expression, scope), part.node);
                break;
            case "if": {
                const c = unmark(evalNode(part.condition, scope));
                if (c.sensitive) sensitive = true;
                if (c.value instanceof Unknown) {
                    unknowns.push(c.value);
                    break;
                }
                const chosen = toBoolOperand(c.value, part.condition, "template if directive condition");
                add(renderParts(chosen ? part.whenTrue : part.whenFalse, scope), part.condition);
                break;
            }
            case "for": {
                const iteration = iterationOf(evalNode(part.collection, scope), part.collection, "template for directive");
                if (iteration instanceof Unknown) {
                    unknowns.push(iteration);
                    break;
                }
                if (iteration.sensitive) sensitive = true;
                for (const [key, value] of iteration.pairs) {
                    const names: Record<string, HclValue> = { [part.valueName]: value };
                    if (part.keyName !== undefined) names[part.keyName] = key;
                    add(renderParts(part.body, childScope(scope, names)), part.collection);
                }
                break;
            }
        }
    }
    if (unknowns.length > 0) return mark(combineUnknowns(unknowns), sensitive);
    return mark(text, sensitive);
}

// Re-exported for the loader: objects built with a null prototype and Terraform's key order.
export { makeObject, sortedKeys };
export type { HclObject as HclObjectValue };
