// The provider readers, by provider type, and a memo of their readings: a stack's providers are
// few and every resource and policy asks about them again.
import { types } from "node:util";
import type { ObsApi } from "../edition";
import { TupleMemo } from "../memo";
import { isRecord, isRedacted, isSensitiveWrapper, reveal, unproxy } from "../values";
import { awsProviderReader } from "./aws";
import { huaweicloudProviderReader } from "./huaweicloud";
import { opentelekomcloudProviderReader } from "./opentelekomcloud";
import { terraformBackendProviderReader } from "./terraformBackend";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

export type { ProviderReader, ProviderRef, ProviderSettings } from "./types";
export { endpointName } from "./types";

/** Every provider reader; a new provider package is one more file and one more entry here. */
export const PROVIDER_READERS: readonly ProviderReader[] = [awsProviderReader, opentelekomcloudProviderReader, huaweicloudProviderReader];

/**
 * Readers of what only obs-sse-check builds (the connection of Terraform's S3 backend): judged by the
 * same rules, but no Pulumi provider package, so not listed with the packages' readers.
 */
const COMMAND_READERS: readonly ProviderReader[] = [terraformBackendProviderReader];

const READERS: ReadonlyMap<string, ProviderReader> = new Map([...PROVIDER_READERS, ...COMMAND_READERS].map((r) => [r.type, r]));

/**
 * Readings of a provider, by its URN and the raw inputs its reader reads, so that a provider whose
 * inputs change (a remediation, a new preview) gets a new reading. Worth keeping: a stack's
 * providers are few, every resource and policy asks about its provider again, and parsing one
 * costs several times more than finding its reading (BENCHMARKS.md).
 */
const readings = new TupleMemo<ProviderSettings>(1_000, 4);

/** Stands for a Secret wrapper in a memo key's JSON; no input's own key can hold a NUL-led name the engine sends. */
const SECRET_MARK = "\u0000secret";

/**
 * The part of a memo key that stands for one raw input: its kind (and whether it is sensitive) and
 * its value, with non-strings as JSON in which every Secret wrapper is marked: a sensitive input
 * and a plain one with the same text get different readings. Undefined when the value has no JSON
 * form, and the reading is then not kept.
 */
function inputKey(raw: unknown): readonly [string, unknown] | undefined {
    const { value: v, sensitive } = reveal(raw);
    const kind = sensitive ? "secret " : "";
    if (v === undefined || typeof v === "string" || typeof v === "boolean") return [`${kind}${typeof v}`, v];
    try {
        // Plain data (the common case: an endpoints list of strings) needs no replacer, which would
        // cost a call per node; its JSON is the same either way.
        const json = plainData(v, 8)
            ? JSON.stringify(v)
            : JSON.stringify(v, (_k, x: unknown) => (isSensitiveWrapper(x) ? { [SECRET_MARK]: x.value } : x));
        return json === undefined ? undefined : [`${kind}json`, json];
    } catch {
        return undefined;
    }
}

/**
 * Whether `v` is nothing but primitives, arrays and plain objects (no Secret wrapper, proxy, class
 * instance or toJSON), nested at most `depth` deep: JSON.stringify needs no replacer for it.
 */
function plainData(v: unknown, depth: number): boolean {
    if (typeof v !== "object" || v === null) return typeof v !== "function" && typeof v !== "bigint";
    if (depth === 0 || types.isProxy(v)) return false;
    if (Array.isArray(v)) {
        for (const x of v) if (!plainData(x, depth - 1)) return false;
        return true;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    if ("toJSON" in v) return false;
    for (const key in v) if (!plainData((v as Record<string, unknown>)[key], depth - 1)) return false;
    return true;
}

/** Provider inputs the readers take that do not decide where requests go. */
const NOT_ENDPOINT_INPUTS: ReadonlySet<string> = new Set(["insecure", "s3UsePathStyle"]);

/**
 * Why an endpoint read as unknown cannot be known: an input it is built from is a secret the input
 * holds redacted (a state read without its secrets provider, or an export's ciphertext).
 */
function redactedEndpoint(reader: ProviderReader, props: unknown, settings: ProviderSettings): ProviderSettings {
    if (settings.endpoint.state !== "unknown" || settings.endpointUnknowable !== undefined || !isRecord(props)) return settings;
    const redacted = reader.inputs.find((input) => !NOT_ENDPOINT_INPUTS.has(input) && isRedacted(reveal(props[input]).value));
    if (redacted === undefined) return settings;
    return {
        ...settings,
        endpointUnknowable:
            `its ${redacted} input is a secret whose value the input does not hold (redacted as [secret], or ciphertext only); ` +
            "check the stack with access to its secrets (pulumi policy analyze --stack, or an export made with --show-secrets)",
    };
}

/**
 * Readings of provider props that can never change (frozen all the way down), by the props object
 * and the client asked about: a front end that shares one frozen props object among the resources
 * of a provider (the Terraform readers) finds a reading without building a key from its inputs.
 */
const frozenReadings = new WeakMap<object, Map<ObsApi | undefined, FrozenReading>>();

interface FrozenReading {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly settings: ProviderSettings;
}

/** Whether nothing in `value` can change: primitives, and frozen objects of such values (bounded depth). */
function deepFrozen(value: unknown, depth = 16): boolean {
    if (typeof value !== "object" || value === null) return typeof value !== "function";
    if (!Object.isFrozen(value) || depth === 0) return false;
    for (const key of Reflect.ownKeys(value)) {
        if (!deepFrozen((value as Record<string | symbol, unknown>)[key], depth - 1)) return false;
    }
    return true;
}

/** The settings of `provider` for requests of `api`, or undefined when no reader knows its type. */
export function readProvider(provider: ProviderRef, api?: ObsApi): ProviderSettings | undefined {
    const props = unproxy(provider.props);
    if (typeof props !== "object" || props === null || !Object.isFrozen(props)) return readProviderByInputs(provider, props, api);
    const byApi = frozenReadings.get(props);
    const hit = byApi?.get(api);
    if (hit !== undefined && hit.urn === provider.urn && hit.type === provider.type && hit.name === provider.name) return hit.settings;
    const settings = readProviderByInputs(provider, props, api);
    if (settings !== undefined && deepFrozen(props)) {
        const reading: FrozenReading = { urn: provider.urn, type: provider.type, name: provider.name, settings };
        if (byApi === undefined) frozenReadings.set(props, new Map([[api, reading]]));
        else byApi.set(api, reading);
    }
    return settings;
}

/**
 * Readings of providers whose inputs the reader takes are all primitives (strings, booleans, absent:
 * the form the engine sends provider inputs in), by URN, with those inputs as they were read: a
 * provider read before is found by comparing its few inputs, without building a key. A Secret
 * wrapper is an object, never a primitive, so a sensitive input is never found here and a plain
 * input never finds a sensitive reading (those go through `readings`, whose key marks them).
 */
interface PlainInputsReading {
    readonly type: string;
    readonly name: string;
    readonly api: ObsApi | undefined;
    /** The raw value of each of the reader's inputs, in its order. */
    readonly inputs: readonly unknown[];
    readonly settings: ProviderSettings;
}

const plainInputsReadings = new Map<string, PlainInputsReading[]>();

/** The most URNs and the most readings per URN `plainInputsReadings` keeps (as `readings` does). */
const PLAIN_READING_URNS = 1_000;
const PLAIN_READINGS_PER_URN = 4;

function isPrimitive(value: unknown): boolean {
    return value === undefined || typeof value === "string" || typeof value === "boolean";
}

/** Whether `held` is the reading of this provider for `api`, its inputs unchanged. */
function samePlainInputs(
    held: PlainInputsReading,
    provider: ProviderRef,
    record: Record<string, unknown>,
    inputNames: readonly string[],
    api: ObsApi | undefined,
): boolean {
    if (held.type !== provider.type || held.name !== provider.name || held.api !== api) return false;
    for (let i = 0; i < inputNames.length; i++) if (held.inputs[i] !== record[inputNames[i] as string]) return false;
    return true;
}

/** The held reading of a provider whose inputs are all primitives, or undefined. */
function heldPlainReading(
    provider: ProviderRef,
    record: Record<string, unknown>,
    inputNames: readonly string[],
    api: ObsApi | undefined,
): ProviderSettings | undefined {
    const held = plainInputsReadings.get(provider.urn);
    if (held !== undefined) for (const h of held) if (samePlainInputs(h, provider, record, inputNames, api)) return h.settings;
    return undefined;
}

function holdPlainReading(
    provider: ProviderRef,
    record: Record<string, unknown>,
    inputNames: readonly string[],
    api: ObsApi | undefined,
    settings: ProviderSettings,
): void {
    const inputs: unknown[] = [];
    for (const input of inputNames) {
        const raw = record[input];
        if (!isPrimitive(raw)) return;
        inputs.push(raw);
    }
    const held = plainInputsReadings.get(provider.urn);
    if (held === undefined && plainInputsReadings.size >= PLAIN_READING_URNS)
        plainInputsReadings.delete(plainInputsReadings.keys().next().value as string);
    const reading: PlainInputsReading = { type: provider.type, name: provider.name, api, inputs, settings };
    plainInputsReadings.set(provider.urn, [reading, ...(held ?? []).slice(0, PLAIN_READINGS_PER_URN - 1)]);
}

function readProviderByInputs(provider: ProviderRef, props: unknown, api: ObsApi | undefined): ProviderSettings | undefined {
    const reader = READERS.get(provider.type);
    if (!reader) return undefined;
    if (isRecord(props)) {
        const held = heldPlainReading(provider, props, reader.inputs, api);
        if (held !== undefined) return held;
        const settings = readProviderByKey(reader, provider, props, api);
        holdPlainReading(provider, props, reader.inputs, api, settings);
        return settings;
    }
    return readProviderByKey(reader, provider, props, api);
}

function readProviderByKey(reader: ProviderReader, provider: ProviderRef, props: unknown, api: ObsApi | undefined): ProviderSettings {
    // The client asked about is part of the key: the OTC provider answers per API family.
    const key: unknown[] = [provider.urn, provider.type, provider.name, api];
    const record = isRecord(props) ? props : undefined;
    for (const input of reader.inputs) {
        const part = inputKey(record?.[input]);
        if (!part) return readProviderNow(reader, provider, props, api);
        key.push(part[0], part[1]);
    }
    return readings.get(key, () => readProviderNow(reader, provider, props, api));
}

function readProviderNow(reader: ProviderReader, provider: ProviderRef, props: unknown, api: ObsApi | undefined): ProviderSettings {
    return Object.freeze(redactedEndpoint(reader, props, reader.read({ ...provider, props }, api)));
}

/** The reader for a provider type, for remediations that rewrite a provider's own inputs. */
export function readerFor(type: string): ProviderReader | undefined {
    return READERS.get(type);
}
