// The engine's wire forms (and type-token naming) that both the pack and the engine layer (engine/)
// need. Kept free of imports so that the capture worker can load it without pulling in the policy SDK.

/** The sentinels the engine sends for values not known during preview, one per kind of value. */
export const UNKNOWN_SENTINEL = {
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
} as const;

/** The key and value that mark a secret in the engine's wire form and in a stack export. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * What a secret becomes when the engine reads a state it cannot decrypt (`pulumi policy analyze
 * --file` retries with its blinding secrets provider, which turns every secret into this string).
 */
export const REDACTED_SECRET = "[secret]";

/** How the type token of a provider resource starts ("pulumi:providers:aws"). */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** The package of a type token: "aws" for aws:s3/bucket:Bucket and for pulumi:providers:aws; "" for a token without one. */
export function packageOf(type: string): string {
    // split() always returns at least one part, so [0] exists.
    return type.startsWith(PROVIDER_TYPE_PREFIX) ? type.slice(PROVIDER_TYPE_PREFIX.length) : type.split(":")[0]!;
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
