// Values as they cross the analyzer protocol, before google.protobuf.Struct encoding: plain JSON,
// with the engine's special forms for unknowns, secrets and assets kept as they are marshalled
// (the engine sends properties with KeepUnknowns and KeepSecrets).

/** The signature key and values the engine uses for special objects. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** Sentinels for values not known during preview, one per kind of value. */
export const UNKNOWN = {
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
} as const;

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
    provider?: WireProvider;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}
