// The values an HCL expression evaluates to, as Terraform's cty values are seen by the readers:
// JSON-like data, plus `Unknown` (a value Terraform would only know after apply, or that this
// evaluator does not compute) and the core's `Sensitive` mark. Types are not carried with values;
// where Terraform's type system changes a value (conditional results unified to one type, lists
// and maps converted to one element type) the type is inferred from the value (see `typeOf`).
import { Sensitive } from "../../../policies/values";

export { Sensitive };

/**
 * A value Terraform would not know without applying, or that this evaluator does not compute.
 * `why` names what it is built from in Terraform terms ("var.obs_host (no value given)",
 * "function file() is not evaluated"), never a value.
 */
export class Unknown {
    constructor(readonly why: string) {
        Object.freeze(this);
    }
}

/** An HCL value; a `Sensitive` here always wraps an HclValue. */
export type HclValue = null | boolean | number | string | readonly HclValue[] | HclObject | Unknown | Sensitive;
export interface HclObject {
    readonly [key: string]: HclValue;
}

/** An error Terraform would raise while evaluating; the message never quotes an input value. */
export class EvalError extends Error {
    constructor(
        message: string,
        readonly line: number,
        readonly column: number,
        /** Errors that `try` and `can` do not catch (Terraform reports them while validating). */
        readonly fatal = false,
        /** The type the failed expression would have had (an operator's result type), for conditionals. */
        readonly resultType?: HclType,
    ) {
        super(message);
        this.name = "EvalError";
    }
}

export function isUnknown(value: HclValue): value is Unknown {
    return value instanceof Unknown;
}

export function isSensitive(value: HclValue): value is Sensitive {
    return value instanceof Sensitive;
}

/** A plain HCL object (a Terraform object or map), not a tuple, unknown or mark. */
export function isObject(value: HclValue): value is HclObject {
    return typeof value === "object" && value !== null && !isList(value) && !(value instanceof Unknown) && !(value instanceof Sensitive);
}

export function isList(value: HclValue): value is readonly HclValue[] {
    return Array.isArray(value);
}

/** Marks `value` sensitive when `sensitive` is set (never twice). */
export function mark(value: HclValue, sensitive: boolean): HclValue {
    if (!sensitive || value instanceof Sensitive) return value;
    return new Sensitive(value);
}

/** The value without its outer sensitive mark, and whether it had one. */
export function unmark(value: HclValue): { value: HclValue; sensitive: boolean } {
    let v = value;
    let sensitive = false;
    while (v instanceof Sensitive) {
        sensitive = true;
        v = v.value as HclValue;
    }
    return { value: v, sensitive };
}

/** The value with every sensitive mark inside it removed, and whether there was any. */
export function unmarkDeep(value: HclValue): { value: HclValue; sensitive: boolean } {
    let sensitive = false;
    const strip = (v: HclValue): HclValue => {
        const u = unmark(v);
        if (u.sensitive) sensitive = true;
        const inner = u.value;
        if (isList(inner)) return copyType(inner, inner.map(strip));
        if (isObject(inner)) return copyType(inner, mapObject(inner, strip));
        return inner;
    };
    const result = strip(value);
    return { value: result, sensitive };
}

function copyType<T extends HclValue>(from: object, to: T): T {
    const t = collectionTypes.get(from);
    return t ? withType(to, t) : to;
}

/** Whether any part of the value is sensitive. */
export function containsSensitive(value: HclValue): boolean {
    if (value instanceof Sensitive) return true;
    if (isList(value)) return value.some(containsSensitive);
    if (isObject(value)) return Object.values(value).some(containsSensitive);
    return false;
}

/** The first unknown inside the value (marks looked through), if any. */
export function findUnknown(value: HclValue): Unknown | undefined {
    const v = unmark(value).value;
    if (v instanceof Unknown) return v;
    if (isList(v)) {
        for (const e of v) {
            const u = findUnknown(e);
            if (u) return u;
        }
    } else if (isObject(v)) {
        for (const e of Object.values(v)) {
            const u = findUnknown(e);
            if (u) return u;
        }
    }
    return undefined;
}

/** An object with a null prototype (keys such as `__proto__` are plain keys), frozen. */
export function makeObject(entries: Iterable<readonly [string, HclValue]>): HclObject {
    const o = Object.create(null) as Record<string, HclValue>;
    for (const [k, v] of entries) o[k] = v;
    return Object.freeze(o);
}

export function mapObject(o: HclObject, f: (v: HclValue, k: string) => HclValue): HclObject {
    return makeObject(sortedKeys(o).map((k) => [k, f(o[k]!, k)] as const));
}

export function hasKey(o: HclObject, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(o, key);
}

/** Terraform iterates object and map keys in lexical order. */
export function sortedKeys(o: HclObject): string[] {
    return Object.keys(o).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** An unknown combining the reasons of several (distinct reasons, at most three). */
export function combineUnknowns(unknowns: readonly Unknown[]): Unknown {
    const whys = [...new Set(unknowns.map((u) => u.why))];
    if (whys.length === 1) return unknowns[0]!;
    return new Unknown(whys.slice(0, 3).join("; ") + (whys.length > 3 ? "; ..." : ""));
}

// ---------------------------------------------------------------------------------------------
// Numbers, printed as Terraform prints them (cty's big.Float Text('f', -1)): never an exponent,
// integers without a fraction. JS numbers are doubles; a non-integer result of arithmetic whose
// last digits are binary noise is printed rounded (0.1 + 0.2 prints 0.3, as Terraform's does).

export function formatNumber(n: number): string {
    if (Object.is(n, -0)) return "-0";
    if (!Number.isFinite(n)) return String(n);
    let text = String(n);
    if (!Number.isInteger(n)) {
        // Binary noise (0.30000000000000004): 16 or more digits that round to far fewer.
        const significant = (t: string) => t.replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").length;
        const rounded = String(Number(n.toPrecision(15)));
        if (significant(text) > 15 && significant(rounded) <= 12) text = rounded;
    }
    return expandExponent(text);
}

function expandExponent(text: string): string {
    const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
    if (!m) return text;
    const [, sign, whole, fraction = "", exponentText] = m;
    const exponent = Number(exponentText);
    const digits = whole! + fraction;
    const point = whole!.length + exponent;
    let out: string;
    if (point <= 0) out = "0." + "0".repeat(-point) + digits;
    else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
    else out = digits.slice(0, point) + "." + digits.slice(point);
    out = out.replace(/^0+(?=\d)/, "");
    if (out.includes(".")) out = out.replace(/\.?0+$/, "");
    return sign + out;
}

/** Parses a number as Terraform converts a string to a number (decimal, optional sign and exponent). */
export function parseNumber(text: string): number | undefined {
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// Types, inferred from values, and Terraform's conversions and unification between them.

export type HclType =
    | "dynamic"
    | "string"
    | "number"
    | "bool"
    | { readonly kind: "tuple"; readonly elements: readonly HclType[] }
    | { readonly kind: "object"; readonly attributes: { readonly [k: string]: HclType } }
    | { readonly kind: "list" | "set" | "map"; readonly element: HclType };

/**
 * Collection types that values do not show: a list, set or map made by a conversion or a function
 * (an empty list(string) is not an empty tuple to Terraform). Recorded beside the value.
 */
const collectionTypes = new WeakMap<object, HclType>();

/** Records that `value` (an array or object) is a Terraform list, set or map of the given type. */
export function withType<T extends HclValue>(value: T, type: HclType): T {
    if (
        typeof value === "object" &&
        value !== null &&
        !(value instanceof Unknown) &&
        !(value instanceof Sensitive) &&
        typeof type !== "string"
    ) {
        if (type.kind === "list" || type.kind === "set" || type.kind === "map") collectionTypes.set(value, type);
    }
    return value;
}

/** The recorded collection kind of a value (list, set, map), if any. */
export function collectionKind(value: HclValue): "list" | "set" | "map" | undefined {
    const v = unmark(value).value;
    if (typeof v !== "object" || v === null) return undefined;
    const t = collectionTypes.get(v);
    return t !== undefined && typeof t !== "string" && (t.kind === "list" || t.kind === "set" || t.kind === "map") ? t.kind : undefined;
}

export function typeOf(value: HclValue): HclType {
    const v = unmark(value).value;
    if (v === null || v instanceof Unknown) return "dynamic";
    if (typeof v === "object") {
        const recorded = collectionTypes.get(v);
        if (recorded) return recorded;
    }
    if (typeof v === "string") return "string";
    if (typeof v === "number") return "number";
    if (typeof v === "boolean") return "bool";
    if (isList(v)) return { kind: "tuple", elements: v.map(typeOf) };
    const attributes: Record<string, HclType> = Object.create(null) as Record<string, HclType>;
    for (const k of sortedKeys(v as HclObject)) attributes[k] = typeOf((v as HclObject)[k]!);
    return { kind: "object", attributes };
}

export function typeEquals(a: HclType, b: HclType): boolean {
    if (typeof a === "string" || typeof b === "string") return a === b;
    if (a.kind !== b.kind) return false;
    if (a.kind === "tuple" && b.kind === "tuple")
        return a.elements.length === b.elements.length && a.elements.every((t, i) => typeEquals(t, b.elements[i]!));
    if (a.kind === "object" && b.kind === "object") {
        const ka = Object.keys(a.attributes).sort();
        const kb = Object.keys(b.attributes).sort();
        return ka.length === kb.length && ka.every((k, i) => k === kb[i] && typeEquals(a.attributes[k]!, b.attributes[k]!));
    }
    if ("element" in a && "element" in b) return typeEquals(a.element, b.element);
    return false;
}

/** A friendly name of a type for messages ("string", "tuple", "object"). */
export function typeName(t: HclType): string {
    if (typeof t === "string") return t === "dynamic" ? "null" : t;
    if (t.kind === "list" || t.kind === "set" || t.kind === "map") return `${t.kind} of ${typeName(t.element)}`;
    return t.kind;
}

export function describeValueType(value: HclValue): string {
    const v = unmark(value).value;
    if (v === null) return "null";
    if (v instanceof Unknown) return "unknown";
    return typeName(typeOf(v));
}

/** Whether a value of type `from` converts to `to` (Terraform's unsafe conversions, which may fail on some values). */
export function convertible(from: HclType, to: HclType): boolean {
    if (to === "dynamic" || from === "dynamic" || typeEquals(from, to)) return true;
    if (typeof to === "string") {
        if (typeof from !== "string") return false;
        if (to === "string") return true;
        return from === "string"; // string → number / bool (unsafe)
    }
    if (typeof from === "string") return false;
    switch (to.kind) {
        case "list":
        case "set":
            if (from.kind === "tuple") return from.elements.every((e) => convertible(e, to.element));
            if (from.kind === "list" || from.kind === "set") return convertible(from.element, to.element);
            return false;
        case "map":
            if (from.kind === "object") return Object.values(from.attributes).every((e) => convertible(e, to.element));
            if (from.kind === "map") return convertible(from.element, to.element);
            return false;
        case "tuple":
            return (
                from.kind === "tuple" &&
                from.elements.length === to.elements.length &&
                from.elements.every((e, i) => convertible(e, to.elements[i]!))
            );
        case "object": {
            if (from.kind === "object")
                return Object.keys(to.attributes).every((k) => k in from.attributes && convertible(from.attributes[k]!, to.attributes[k]!));
            if (from.kind === "map") return Object.values(to.attributes).every((t) => convertible(from.element, t));
            return false;
        }
    }
}

/** cty's preference among primitive types when unifying: the more general first. */
function generality(t: HclType): number {
    if (t === "string") return 0;
    if (t === "number") return 1;
    if (t === "bool") return 2;
    return 3;
}

/** The one type all of `types` convert to (cty's UnifyUnsafe), or undefined when there is none. */
export function unify(types: readonly HclType[]): HclType | undefined {
    if (types.length === 0) return "dynamic";
    const known = types.filter((t) => t !== "dynamic");
    if (known.length === 0) return "dynamic";
    const first = known[0]!;
    if (known.every((t) => typeEquals(t, first))) return first;
    const kinds = (k: string) => known.filter((t) => typeof t !== "string" && t.kind === k).length;
    const hasDynamic = known.length < types.length;
    if (kinds("object") === known.length) return unifyObjects(known as ObjectType[], hasDynamic);
    if (kinds("tuple") === known.length) return unifyTuples(known as TupleType[], hasDynamic);
    for (const k of ["map", "list", "set"] as const) {
        if (kinds(k) === known.length) {
            const element = unify(known.map((t) => (t as CollectionType).element));
            return element === undefined ? undefined : { kind: k, element };
        }
    }
    if (kinds("map") > 0 && kinds("map") + kinds("object") === known.length) {
        const element = unify(
            known.flatMap((t) =>
                (t as CollectionType | ObjectType).kind === "map"
                    ? [(t as CollectionType).element]
                    : Object.values((t as ObjectType).attributes),
            ),
        );
        if (element !== undefined) return { kind: "map", element };
    }
    if (kinds("object") > 0 && kinds("tuple") > 0) return undefined;
    if (kinds("list") > 0 && kinds("list") + kinds("tuple") === known.length) {
        // Lists and tuples together: a list of the one type of all their elements.
        const element = unify(
            known.flatMap((t) =>
                (t as CollectionType | TupleType).kind === "list" ? [(t as CollectionType).element] : (t as TupleType).elements,
            ),
        );
        if (element !== undefined) return { kind: "list", element };
    }
    const candidates = [...known].sort((a, b) => generality(a) - generality(b));
    for (const want of candidates) if (known.every((t) => convertible(t, want))) return want;
    return undefined;
}

type ObjectType = Extract<HclType, { kind: "object" }>;
type TupleType = Extract<HclType, { kind: "tuple" }>;
type CollectionType = Extract<HclType, { kind: "list" | "set" | "map" }>;

function unifyObjects(types: readonly ObjectType[], hasDynamic: boolean): HclType | undefined {
    const keys = Object.keys(types[0]!.attributes).sort();
    const sameKeys = types.every((t) => {
        const k = Object.keys(t.attributes).sort();
        return k.length === keys.length && k.every((x, i) => x === keys[i]);
    });
    if (!sameKeys || hasDynamic) {
        if (hasDynamic) return "dynamic";
        const element = unify(types.flatMap((t) => Object.values(t.attributes)));
        return element === undefined ? undefined : { kind: "map", element };
    }
    const attributes: Record<string, HclType> = Object.create(null) as Record<string, HclType>;
    for (const k of keys) {
        const t = unify(types.map((o) => o.attributes[k]!));
        if (t === undefined) return undefined;
        attributes[k] = t;
    }
    return { kind: "object", attributes };
}

function unifyTuples(types: readonly TupleType[], hasDynamic: boolean): HclType | undefined {
    const length = types[0]!.elements.length;
    if (types.every((t) => t.elements.length === length) && !hasDynamic) {
        const elements: HclType[] = [];
        for (let i = 0; i < length; i++) {
            const t = unify(types.map((tt) => tt.elements[i]!));
            if (t === undefined) return undefined;
            elements.push(t);
        }
        return { kind: "tuple", elements };
    }
    if (hasDynamic) return "dynamic";
    const element = unify(types.flatMap((t) => t.elements));
    return element === undefined ? undefined : { kind: "list", element };
}

/** Why a conversion failed, in words that never quote the value. */
export class ConversionError extends Error {}

/** Converts `value` to `type` as Terraform does; throws ConversionError when it cannot. Marks and unknowns pass through. */
export function convert(value: HclValue, type: HclType): HclValue {
    if (type === "dynamic") return value;
    if (value instanceof Sensitive) return new Sensitive(convert(value.value as HclValue, type));
    if (value === null || value instanceof Unknown) return value;
    if (typeof type === "string") {
        switch (type) {
            case "string":
                if (typeof value === "string") return value;
                if (typeof value === "number") return formatNumber(value);
                if (typeof value === "boolean") return value ? "true" : "false";
                throw new ConversionError(`string required, but have ${describeValueType(value)}`);
            case "number":
                if (typeof value === "number") return value;
                if (typeof value === "string") {
                    const n = parseNumber(value);
                    if (n === undefined) throw new ConversionError("a number is required (the string does not hold a number)");
                    return n;
                }
                throw new ConversionError(`number required, but have ${describeValueType(value)}`);
            case "bool":
                if (typeof value === "boolean") return value;
                if (typeof value === "string") {
                    if (value === "true" || value === "1") return true;
                    if (value === "false" || value === "0") return false;
                    throw new ConversionError("a bool is required (the string is not true or false)");
                }
                throw new ConversionError(`bool required, but have ${describeValueType(value)}`);
        }
    }
    switch (type.kind) {
        case "list":
        case "set": {
            if (!isList(value))
                throw new ConversionError(`${type.kind} of ${typeName(type.element)} required, but have ${describeValueType(value)}`);
            const elements = value.map((e) => convert(e, type.element));
            return withType(type.kind === "set" ? setOf(elements) : elements, type);
        }
        case "map": {
            if (!isObject(value))
                throw new ConversionError(`map of ${typeName(type.element)} required, but have ${describeValueType(value)}`);
            return withType(
                mapObject(value, (e) => convert(e, type.element)),
                type,
            );
        }
        case "tuple": {
            if (!isList(value) || value.length !== type.elements.length)
                throw new ConversionError(`tuple with ${type.elements.length} elements required`);
            return value.map((e, i) => convert(e, type.elements[i]!));
        }
        case "object": {
            if (!isObject(value)) throw new ConversionError(`object required, but have ${describeValueType(value)}`);
            return makeObject(
                Object.keys(type.attributes)
                    .sort(compareStrings)
                    .map((k) => {
                        if (!hasKey(value, k)) throw new ConversionError(`attribute "${k}" is required`);
                        return [k, convert(value[k]!, type.attributes[k]!)] as const;
                    }),
            );
        }
    }
}

/** A set's elements: duplicates removed, in Terraform's order (strings lexically, numbers ascending, false before true). */
export function setOf(elements: readonly HclValue[]): HclValue[] {
    const unique: HclValue[] = [];
    for (const e of elements) if (!unique.some((u) => valuesEqual(u, e) === true)) unique.push(e);
    return unique.sort(compareSetElements);
}

function compareSetElements(a: HclValue, b: HclValue): number {
    const x = unmark(a).value;
    const y = unmark(b).value;
    if (typeof x === "string" && typeof y === "string") return compareStrings(x, y);
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "boolean" && typeof y === "boolean") return Number(x) - Number(y);
    // Structured elements: by their JSON text (an approximation of Terraform's order).
    return compareStrings(JSON.stringify(sortedJson(x)), JSON.stringify(sortedJson(y)));
}

function sortedJson(v: HclValue): unknown {
    const u = unmark(v).value;
    if (isList(u)) return u.map(sortedJson);
    if (isObject(u)) return Object.fromEntries(sortedKeys(u).map((k) => [k, sortedJson(u[k]!)]));
    return u instanceof Unknown ? null : u;
}

/** Terraform's == on two values (no conversion; different types are unequal). Unknown when either holds an unknown. */
export function valuesEqual(a: HclValue, b: HclValue): boolean | Unknown {
    const x = unmark(a).value;
    const y = unmark(b).value;
    if (x instanceof Unknown) return x;
    if (y instanceof Unknown) return y;
    if (x === null || y === null) return x === y;
    if (isList(x) || isList(y)) {
        if (!isList(x) || !isList(y) || x.length !== y.length) return false;
        let result: boolean | Unknown = true;
        for (let i = 0; i < x.length; i++) {
            const e = valuesEqual(x[i]!, y[i]!);
            if (e === false) return false;
            if (e instanceof Unknown) result = e;
        }
        return result;
    }
    if (isObject(x) || isObject(y)) {
        if (!isObject(x) || !isObject(y)) return false;
        const kx = sortedKeys(x);
        const ky = sortedKeys(y);
        if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
        let result: boolean | Unknown = true;
        for (const k of kx) {
            const e = valuesEqual(x[k]!, y[k]!);
            if (e === false) return false;
            if (e instanceof Unknown) result = e;
        }
        return result;
    }
    return x === y;
}
