// Policy config as the Pulumi engine treats it before it calls Configure (pkg/resource/analyzer/config.go
// and pkg/resource/plugin/analyzer_plugin.go in pulumi/pulumi): the content of a `--policy-pack-config`
// file is parsed (a level string, or an object with `enforcementLevel` and properties; entries with
// neither are dropped; "environments" names ESC environments), layered over the defaults of each
// policy's configSchema (pack defaults, then initial config, then the file; "all" sets every
// policy's level but no options), then each policy's properties are validated against
// { type: object, properties, required } of its schema, with `enforcementLevel` added. The engine
// keeps entries for names that are no policy of the pack and sends them with Configure, which fails
// for an entry without a level. The SDK does none of this itself, so a test that skips it sees no
// defaults and accepts config the CLI would refuse.
//
// By default this is stricter than the engine in one way: names the pack does not know (policies,
// options, options under "all") are errors with a "did you mean", because the engine lets a
// misspelt option fall back to its default silently. `{ unknownNames: "as-engine" }` does exactly
// what the engine does.
//
// Everything is read into Maps and null-prototype objects: "__proto__", "constructor" and
// "prototype" are ordinary names here, and nothing is written outside the returned objects.
import type Ajv from "ajv";
import { describeConfigValue, describeSchemaErrors, shownName, suggestion } from "../policies/configErrors";
import { OBS_HOST_MEANING, OBS_HOST_PATTERN } from "../policies/config";
import { EXPIRY_DATE_MEANING, EXPIRY_DATE_PATTERN, REASON_MEANING, REASON_PATTERN } from "../policies/exemptions";
import { isRecord } from "../policies/wireValues";
import type { AnalyzerInfo, EnforcementLevel } from "./types";

/**
 * A schema compiler as the engine's checks word their errors (all errors, verbose). ajv is loaded on
 * the first call, not with this module: a command given no config compiles no schema.
 */
export function newSchemaCompiler(): Ajv {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: AjvClass } = require("ajv") as { default: typeof Ajv };
    return new AjvClass({ allErrors: true, strict: false, verbose: true });
}

export type PolicyConfigInput = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PolicyConfigFile = Record<string, PolicyConfigInput>;
export type ReconciledConfig = Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

export interface ReconcileOptions {
    /**
     * "reject" (the default): a name that is not a policy of the pack ("all" aside), an option a
     * policy's configSchema does not declare, or an option under "all" is an error naming it, with
     * the closest valid name. "as-engine": what the Pulumi engine does (such entries are passed on
     * to Configure, which fails for one without an enforcement level; options are not checked).
     */
    readonly unknownNames?: "reject" | "as-engine";
    /** Keys of the same file that the caller reads itself: offered as suggestions, never taken as policies. */
    readonly otherKeys?: readonly string[];
}

/** The levels the engine accepts (apitype.EnforcementLevel.IsValid). */
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The property schema the engine adds to every policy's configSchema when the pack supports config. */
const ENFORCEMENT_LEVEL_SCHEMA = { type: "string", enum: [...LEVELS] };

/** What the messages say a pattern of the pack's schemas means. */
const PATTERN_MEANINGS: Readonly<Record<string, string>> = {
    [OBS_HOST_PATTERN]: OBS_HOST_MEANING,
    [EXPIRY_DATE_PATTERN]: EXPIRY_DATE_MEANING,
    [REASON_PATTERN]: REASON_MEANING,
};

type Stage = "parsing" | "validating" | "configuring";

/** The error the engine raises for invalid policy config. */
export class PolicyConfigError extends Error {
    /** Where the engine stops: parsing the file, validating the reconciled config, or configuring the pack. */
    readonly stage: Stage;

    constructor(
        readonly errors: readonly string[],
        packName: string,
        packVersion: string,
        stage: Stage = "validating",
    ) {
        // The engine prints each error on a line of its own; here they are joined with "; ".
        super(
            stage === "validating"
                ? `validating policy config: ${packName} ${packVersion}  ${errors.join("; ")}`
                : stage === "configuring"
                  ? `configuring policy pack ${JSON.stringify(packName)}: ${errors.join("; ")}`
                  : errors.join("; "),
        );
        this.name = "PolicyConfigError";
        this.stage = stage;
    }
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

function hasOwn(object: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
}

/** A key as the engine's messages quote it (Go's %q), made safe to print. */
function quoted(name: string): string {
    return JSON.stringify(shownName(name));
}

interface ParsedEntry {
    readonly level?: EnforcementLevel | undefined;
    readonly properties: ReadonlyMap<string, unknown>;
}

interface ParsedLayer {
    /** Every key of the layer, in order (the strict checks see the entries the engine drops). */
    readonly keys: ReadonlyMap<string, ParsedEntry>;
    /** The entries the engine keeps: a level or at least one property. */
    readonly kept: ReadonlyMap<string, ParsedEntry>;
    readonly hasEnvironments: boolean;
}

/** parsePolicyPackConfig (file) and the initial config: the engine's wording, values described instead of quoted. */
function parseLayer(layer: unknown, isFile: boolean, errors: string[]): ParsedLayer {
    const keys = new Map<string, ParsedEntry>();
    const kept = new Map<string, ParsedEntry>();
    let hasEnvironments = false;
    if (!isRecord(layer)) {
        errors.push(`policy config must be a JSON object of policy names, not ${describeConfigValue(layer)}`);
        return { keys, kept, hasEnvironments };
    }
    for (const name of Object.keys(layer)) {
        const value = layer[name];
        if (isFile && name === "environments") {
            // Pulumi v3.231.0 and later: ESC environments to resolve, not a policy.
            hasEnvironments = true;
            if (!Array.isArray(value)) {
                errors.push(`"environments" must be an array of strings, got ${describeConfigValue(value)}`);
            } else {
                const bad = value.findIndex((v) => typeof v !== "string");
                if (bad >= 0) errors.push(`"environments[${bad}]" must be a string, got ${describeConfigValue(value[bad])}`);
            }
            continue;
        }
        let entry: ParsedEntry;
        if (typeof value === "string") {
            if (!isLevel(value)) {
                errors.push(
                    `parsing enforcement level for ${quoted(name)}: ${describeConfigValue(value)} is not a valid enforcement level; expected ${LEVELS.join(", ")}`,
                );
                continue;
            }
            entry = { level: value, properties: new Map() };
        } else if (isRecord(value)) {
            const properties = new Map<string, unknown>();
            let level: EnforcementLevel | undefined;
            for (const key of Object.keys(value)) {
                if (key !== "enforcementLevel") properties.set(key, value[key]);
            }
            if (hasOwn(value, "enforcementLevel") && value.enforcementLevel !== undefined) {
                const given = value.enforcementLevel;
                if (typeof given !== "string") {
                    errors.push(
                        `parsing enforcement level for ${quoted(name)}: ${describeConfigValue(given)} is not a valid enforcement level; must be a string`,
                    );
                    continue;
                }
                if (!isLevel(given)) {
                    errors.push(
                        `parsing enforcement level for ${quoted(name)}: ${describeConfigValue(given)} is not a valid enforcement level; expected ${LEVELS.join(", ")}`,
                    );
                    continue;
                }
                level = given;
            }
            entry = { level, properties };
        } else {
            errors.push(`parsing ${quoted(name)}: ${describeConfigValue(value)} is not a valid value; must be a string or object`);
            continue;
        }
        keys.set(name, entry);
        // "Don't bother including empty configs."
        if (entry.level !== undefined || entry.properties.size > 0) kept.set(name, entry);
    }
    return { keys, kept, hasEnvironments };
}

/** The names the engine would accept silently although they configure nothing: errors, with a suggestion. */
function unknownNameErrors(info: AnalyzerInfo, layer: ParsedLayer, otherKeys: readonly string[]): string[] {
    const errors: string[] = [];
    const policyNames = info.policies.map((p) => p.name);
    if (layer.hasEnvironments) {
        errors.push("environments: Pulumi ESC environments are not resolved here; put the policy config they hold in this file");
    }
    for (const [name, entry] of layer.keys) {
        if (name === "all") {
            if (entry.properties.size > 0) {
                errors.push(
                    `all: ${[...entry.properties.keys()].map(shownName).join(", ")}: options under "all" are not applied to any policy (the engine takes only enforcementLevel from "all"); set them under each policy`,
                );
            }
            continue;
        }
        const policy = info.policies.find((p) => p.name === name);
        if (policy === undefined) {
            errors.push(
                `${shownName(name)}: not a policy of this pack${suggestion(name, [...policyNames, "all", ...otherKeys], policyNames, "its policies are")}`,
            );
            continue;
        }
        const options = Object.keys(policy.configSchema?.properties ?? {}).sort();
        for (const key of entry.properties.keys()) {
            if (options.includes(key)) continue;
            errors.push(
                options.length === 0
                    ? `${policy.name}: ${shownName(key)}: this policy takes no options`
                    : `${policy.name}: ${shownName(key)}: not an option of this policy${suggestion(key, options, options, "its options are")}`,
            );
        }
    }
    return errors;
}

interface WorkingEntry {
    level: EnforcementLevel | "";
    properties: Map<string, unknown> | undefined;
}

/** applyConfig: "all" sets every level so far; then each entry's level and properties, unknown names included. */
function applyLayer(result: Map<string, WorkingEntry>, layer: ParsedLayer): void {
    const all = layer.kept.get("all");
    if (all?.level !== undefined) for (const entry of result.values()) entry.level = all.level;
    for (const [name, given] of layer.kept) {
        const existing = result.get(name);
        const level = given.level ?? existing?.level ?? "";
        let properties = existing?.properties;
        if (given.properties.size > 0 && properties === undefined) properties = new Map();
        for (const [key, value] of given.properties) properties?.set(key, value);
        result.set(name, { level, properties });
    }
}

function toObject(properties: ReadonlyMap<string, unknown> | undefined): Record<string, unknown> {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of properties ?? []) out[key] = value;
    return out;
}

/** createConfigWithDefaults: the pack's levels and the defaults of its schemas. */
function withDefaults(info: AnalyzerInfo): Map<string, WorkingEntry> {
    const result = new Map<string, WorkingEntry>();
    for (const p of info.policies) {
        let properties: Map<string, unknown> | undefined;
        for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (isRecord(schema) && hasOwn(schema, "default")) (properties ??= new Map()).set(key, structuredClone(schema.default));
        }
        result.set(p.name, { level: p.enforcementLevel, properties });
    }
    return result;
}

/**
 * What reconcilePolicyConfig returns for a pack given no config: each policy's level and the
 * defaults of its schema, not validated (no schema is compiled). Only for a pack whose defaults
 * are valid and whose options are not required: the command's own pack, which its tests hold to
 * `reconcilePolicyConfig(info, {})`.
 */
export function defaultPolicyConfig(info: AnalyzerInfo): ReconciledConfig {
    const reconciled = Object.create(null) as ReconciledConfig;
    for (const [name, entry] of withDefaults(info))
        reconciled[name] = { enforcementLevel: entry.level as EnforcementLevel, properties: toObject(entry.properties) };
    return reconciled;
}

/**
 * Reconciles and validates policy config the way the engine does; throws PolicyConfigError when
 * invalid. Returns what the engine sends with Configure, as null-prototype objects. Keeps no state
 * between calls.
 */
export function reconcilePolicyConfig(
    info: AnalyzerInfo,
    file: PolicyConfigFile,
    initialConfig: PolicyConfigFile = {},
    options: ReconcileOptions = {},
): ReconciledConfig {
    const strict = (options.unknownNames ?? "reject") === "reject";
    const reconciled = Object.create(null) as ReconciledConfig;
    if (!info.supportsConfig) {
        if (isRecord(file) && Object.keys(file).length > 0)
            throw new PolicyConfigError(
                [`policy pack ${quoted(info.name)} does not support config`],
                info.name,
                info.version,
                "configuring",
            );
        return reconciled;
    }
    const parseErrors: string[] = [];
    const initial = parseLayer(initialConfig, false, parseErrors);
    const fromFile = parseLayer(file, true, parseErrors);
    if (parseErrors.length > 0) throw new PolicyConfigError(parseErrors, info.name, info.version, "parsing");

    const result = withDefaults(info);
    applyLayer(result, initial);
    applyLayer(result, fromFile);

    const errors = strict
        ? [...unknownNameErrors(info, initial, options.otherKeys ?? []), ...unknownNameErrors(info, fromFile, options.otherKeys ?? [])]
        : [];
    // A fresh validator per call: ajv caches every schema it compiles, and these schemas come from the caller.
    const ajv = newSchemaCompiler();
    for (const p of info.policies) {
        const schema: Record<string, unknown> = {
            type: "object",
            properties: { ...(p.configSchema?.properties ?? {}), enforcementLevel: ENFORCEMENT_LEVEL_SCHEMA },
        };
        if ((p.configSchema?.required ?? []).length > 0) schema.required = p.configSchema?.required;
        const validate = ajv.compile(schema);
        if (!validate(toObject(result.get(p.name)?.properties))) {
            for (const message of describeSchemaErrors(validate.errors ?? [], { patternMeanings: PATTERN_MEANINGS }))
                errors.push(`${p.name}: ${message}`);
        }
    }
    if (errors.length > 0) throw new PolicyConfigError(errors.sort(), info.name, info.version);

    for (const [name, entry] of result) {
        // analyzer.Configure refuses an entry without a level (a name the pack does not know, given only options).
        if (entry.level === "") throw new PolicyConfigError(['invalid enforcement level ""'], info.name, info.version, "configuring");
        reconciled[name] = { enforcementLevel: entry.level, properties: toObject(entry.properties) };
    }
    return reconciled;
}
