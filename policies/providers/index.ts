// The provider readers, by provider type, and a per-process cache of their readings: a stack's
// providers are few and every resource and policy asks about them again.
import { rawField } from "../values";
import { awsProviderReader } from "./aws";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

export type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

const READERS: ReadonlyMap<string, ProviderReader> = new Map(
    [awsProviderReader].map((r) => [r.type, r]),
);

/** Readings are keyed by provider URN and the raw inputs the reader looks at. */
const cache = new Map<string, ProviderSettings>();
const CACHE_LIMIT = 10_000;

export function providerTypes(): readonly string[] {
    return [...READERS.keys()];
}

/** The settings of `provider`, or undefined when no reader knows its type. */
export function readProvider(provider: ProviderRef): ProviderSettings | undefined {
    const reader = READERS.get(provider.type);
    if (!reader) return undefined;
    let key = provider.urn;
    for (const input of reader.inputs) {
        const v = rawField(provider.props, input);
        key += `\u0000${typeof v === "string" ? v : JSON.stringify(v) ?? ""}`;
    }
    let settings = cache.get(key);
    if (!settings) {
        settings = Object.freeze(reader.read(provider));
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, settings);
    }
    return settings;
}

/** The reader for a provider type, for remediations that rewrite a provider's own inputs. */
export function readerFor(type: string): ProviderReader | undefined {
    return READERS.get(type);
}

/** How many provider readings the cache holds (for tests of the once-per-process rule). */
export function cachedProviderReadings(): number {
    return cache.size;
}
