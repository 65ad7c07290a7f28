// Keeping the engine's secret marks on the values the pack reads.
//
// The engine sends resource and provider properties to analyzers with their secrets marked (the
// analyzer plugin marshals them with KeepSecrets). @pulumi/policy's Analyze and AnalyzeStack
// handlers deserialize them with `deserializeProperties(props, false)`, which drops the marks, so a
// policy cannot tell a secret endpoint from a plain one. Its Remediate handler passes `true`, which
// keeps each secret as a `Secret` wrapper behind the SDK's secret-preserving proxy: reading through
// the proxy still yields plain values, and the pack's readers (values.ts `reveal`) see the wrappers.
//
// `keepSecretMarks` makes every handler deserialize the way Remediate does. It relies on two
// undocumented SDK behaviours, both pinned by test/sdk.test.ts: the handlers call
// `deserializeProperties` through the exports of `@pulumi/policy/deserialize` at each request, and
// a `true` second argument keeps secrets as `Secret` wrappers.

import { registerSensitiveClass } from "./values";

type Deserialize = (props: unknown, proxySecrets: boolean) => Record<string, unknown>;

interface DeserializeModule {
    deserializeProperties: Deserialize;
}

function isDeserializeModule(m: unknown): m is DeserializeModule {
    return typeof m === "object" && m !== null && typeof (m as { deserializeProperties?: unknown }).deserializeProperties === "function";
}

const KEEPING = Symbol.for("obs-sse-policy-pack.keepSecretMarks");

/**
 * Makes the policy SDK keep secret marks in Analyze and AnalyzeStack as it does in Remediate.
 * Idempotent. Returns false (and changes nothing) when the SDK's module is not as pinned.
 */
export function keepSecretMarks(): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod: unknown = require("@pulumi/policy/deserialize");
    if (!isDeserializeModule(mod)) return false;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/policy") as { Secret?: unknown };
    if (typeof sdk.Secret === "function") registerSensitiveClass(sdk.Secret as Parameters<typeof registerSensitiveClass>[0]);
    const current = mod.deserializeProperties as Deserialize & { [KEEPING]?: true };
    if (current[KEEPING]) return true;
    const original = current;
    // One reading per message: the SDK deserializes a request's properties (and its provider's) once
    // per policy, and in AnalyzeStack every resource's once per stack policy; every policy of the pack
    // only reads them, so they share the first reading. A request's handler runs to its end without
    // waiting on anything (the policies are synchronous; the SDK only chains promises), so the
    // readings are held, by message object, until the running task and its promise jobs are done
    // (setImmediate), and then let go all at once. (A WeakMap entry per message, as before, was left
    // to the garbage collector, which traced and promoted the readings on every scavenge.) Remediate
    // asks for its resource with proxySecrets true and changes that reading in place, so it always
    // gets a fresh one.
    let held: Map<object, Record<string, unknown>> | undefined;
    const release = (): void => {
        held = undefined;
    };
    const keeping: Deserialize & { [KEEPING]?: true } = (props, proxySecrets) => {
        if (proxySecrets || typeof props !== "object" || props === null) return original(props, true);
        const kept = held?.get(props);
        if (kept !== undefined) return kept;
        const read = original(props, true);
        if (held === undefined) {
            held = new Map();
            setImmediate(release);
        }
        held.set(props, read);
        return read;
    };
    keeping[KEEPING] = true;
    mod.deserializeProperties = keeping;
    return true;
}
