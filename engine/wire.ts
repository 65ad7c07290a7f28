// Values as they cross the analyzer protocol, before google.protobuf.Struct encoding: plain JSON,
// with the engine's special forms for unknowns, secrets and assets kept as they are marshalled
// (the engine sends properties with KeepUnknowns and KeepSecrets).

/** The signature key and values the engine uses for special objects. */
export { SIG_KEY, SECRET_SIG } from "../policies/wireValues";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

import { SIG_KEY, SECRET_SIG, UNKNOWN_SENTINEL } from "../policies/wireValues";

/** Sentinels for values not known during preview, one per kind of value (the pack reads the same ones). */
export const UNKNOWN = UNKNOWN_SENTINEL;

export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };
export type WireProps = { [key: string]: WireValue };

/** Marks a value secret the way the engine marshals it. */
export function secret(value: WireValue): WireValue {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** A provider as the engine attaches it to an analyzed resource. */
export interface WireProvider {
    urn: string;
    type: string;
    name: string;
    properties: WireProps;
}

/** One resource as the engine sends it to Analyze (inputs) or AnalyzeStack (outputs). */
export interface WireResource {
    urn: string;
    type: string;
    name: string;
    properties: WireProps;
    provider?: WireProvider | undefined;
    parent?: string | undefined;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}
