// The provider readers, by provider type, and a per-process cache of their readings: a stack's
// providers are few and every resource and policy asks about them again.
import type { ObsApi } from "../edition";
import { rawField, unproxy } from "../values";
import { awsProviderReader } from "./aws";
import { huaweicloudProviderReader } from "./huaweicloud";
import { opentelekomcloudProviderReader } from "./opentelekomcloud";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

export type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

/** Every provider reader; a new provider package is one more file and one more entry here. */
export const PROVIDER_READERS: readonly ProviderReader[] = [awsProviderReader, opentelekomcloudProviderReader, huaweicloudProviderReader];

const READERS: ReadonlyMap<string, ProviderReader> = new Map(PROVIDER_READERS.map((r) => [r.type, r]));

/**
 * Readings by provider URN, each with the raw inputs it was read from (non-strings as JSON). A
 * provider whose inputs change (a remediation, a new preview) gets a new reading next to the old.
 */
const cache = new Map<string, Array<{ readonly api?: ObsApi; readonly inputs: readonly unknown[]; readonly settings: ProviderSettings }>>();
const READINGS_PER_PROVIDER = 4;
const CACHE_LIMIT = 10_000;
let readings = 0;

/** The settings of `provider` for requests of `api`, or undefined when no reader knows its type. */
export function readProvider(provider: ProviderRef, api?: ObsApi): ProviderSettings | undefined {
    const reader = READERS.get(provider.type);
    if (!reader) return undefined;
    const props = unproxy(provider.props);
    const inputs = reader.inputs.map((input) => {
        const v = rawField(props, input);
        return v === undefined || typeof v === "string" || typeof v === "boolean" ? v : JSON.stringify(v);
    });
    const known = cache.get(provider.urn);
    const hit = known?.find((r) => r.api === api && r.inputs.every((v, i) => v === inputs[i]));
    if (hit) return hit.settings;
    const settings = Object.freeze(reader.read({ ...provider, props }, api));
    if (readings >= CACHE_LIMIT) {
        cache.clear();
        readings = 0;
    }
    cache.set(provider.urn, [{ api, inputs, settings }, ...(known ?? []).slice(0, READINGS_PER_PROVIDER - 1)]);
    readings++;
    return settings;
}

/** The reader for a provider type, for remediations that rewrite a provider's own inputs. */
export function readerFor(type: string): ProviderReader | undefined {
    return READERS.get(type);
}

/** How many provider readings were made since the cache was last cleared (for tests of the once-per-process rule). */
export function cachedProviderReadings(): number {
    return readings;
}
