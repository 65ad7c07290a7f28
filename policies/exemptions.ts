// Exemptions in the policy config: every policy's config takes
//   exemptions: [{ resource, reason, expires? }]
// `resource` names the subject of a finding: its URN (a Terraform address for obs-sse-check on
// Terraform inputs), its name, or a glob over either. `reason` says why. `expires` (YYYY-MM-DD, in
// UTC) is the last day the exemption holds. While it holds, the policy's findings on that subject
// are reported as advisory notes that say so; after it, at the policy's level again, with a note
// that the exemption ended. Applied by the guard of every policy (policies/policy.ts), so the
// pack, plans and programs all get the same verdict.
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { describeConfigValue } from "./configErrors";
import { isRecord } from "./values";

/**
 * A calendar date YYYY-MM-DD (proleptic Gregorian, leap years included): month lengths and
 * February 29 are checked by the pattern itself, so that `pulumi policy validate-config` refuses
 * 2027-02-30 as the pack does. Written for both JSON-schema engines that read it: ECMAScript (ajv)
 * and RE2 (the Pulumi engine's gojsonschema).
 */
export const EXPIRY_DATE_PATTERN =
    "^(?:[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|" +
    "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$";
const EXPIRY_DATE = new RegExp(EXPIRY_DATE_PATTERN, "u");

/** What EXPIRY_DATE_PATTERN means, for messages. */
export const EXPIRY_DATE_MEANING = "a calendar date YYYY-MM-DD, the last day the exemption holds";

/** A reason must say something: at least one character that is not white space. */
export const REASON_PATTERN = "\\S";
export const REASON_MEANING = "a reason that is not only white space";

/** Longest `resource` and `reason` accepted: a reason is shown with every finding it exempts. */
export const MAX_RESOURCE_LENGTH = 1_000;
export const MAX_REASON_LENGTH = 500;

export const EXEMPTIONS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    items: {
        type: "object",
        additionalProperties: false,
        required: ["resource", "reason"],
        properties: {
            resource: {
                type: "string",
                minLength: 1,
                maxLength: MAX_RESOURCE_LENGTH,
                description:
                    "The resource exempted: its URN (or Terraform address), its name, or a glob over either: '*' matches any run of characters (':', '/' and '$' included), '?' any one character.",
            },
            reason: {
                type: "string",
                minLength: 1,
                maxLength: MAX_REASON_LENGTH,
                pattern: REASON_PATTERN,
                description: "Why the resource is exempted; shown with every finding the exemption covers.",
            },
            expires: {
                type: "string",
                pattern: EXPIRY_DATE_PATTERN,
                description:
                    "YYYY-MM-DD (UTC): the last day the exemption holds. After it, the findings are reported at the policy's level again.",
            },
        },
    },
    description:
        "Resources this policy does not enforce, each with a reason and an optional expiry: their findings are reported as advisory notes until the exemption expires.",
};

export interface Exemption {
    /** The pattern as written. */
    readonly resource: string;
    readonly reason: string;
    readonly expires?: string;
}

/** What the guard records on a finding an exemption covered: whether it still holds. */
export interface ExemptionNote {
    readonly reason: string;
    readonly expires?: string;
    /** The expiry has passed: the finding is reported at the policy's level again. */
    readonly expired: boolean;
}

/** Whether `text` is a valid YYYY-MM-DD expiry. */
export function isExpiryDate(text: string): boolean {
    return EXPIRY_DATE.test(text);
}

/**
 * Whether `text` matches `glob`: `*` any run of characters (none included), `?` exactly one; every
 * other character stands for itself. Compared by code point, without regular expressions: linear
 * backtracking over the last `*` only, so no pattern can take long on a long URN.
 */
export function globMatches(glob: string, text: string): boolean {
    const p = [...glob];
    const t = [...text];
    let pi = 0;
    let ti = 0;
    let star = -1;
    let starText = 0;
    while (ti < t.length) {
        if (pi < p.length && (p[pi] === "?" || (p[pi] !== "*" && p[pi] === t[ti]))) {
            pi++;
            ti++;
        } else if (pi < p.length && p[pi] === "*") {
            star = pi++;
            starText = ti;
        } else if (star >= 0) {
            pi = star + 1;
            ti = ++starText;
        } else {
            return false;
        }
    }
    while (pi < p.length && p[pi] === "*") pi++;
    return pi === p.length;
}

/** Whether an exemption names a subject known by any of `names` (its URN or address, its name). */
function covers(exemption: Exemption, names: readonly string[]): boolean {
    return names.some((name) => name === exemption.resource || globMatches(exemption.resource, name));
}

export interface ExemptionsReading {
    readonly exemptions: readonly Exemption[];
    /** Entries that were malformed and ignored (config the engine did not validate), each naming the entry and field. */
    readonly problems: readonly string[];
}

function hasOwn(object: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
}

/** One entry's problem, or its exemption. Values are described, never quoted. */
function readEntry(entry: unknown, index: number): Exemption | string {
    const at = `policy option exemptions[${index}]`;
    if (!isRecord(entry)) return `${at} must be an object with resource and reason, got ${describeConfigValue(entry)}`;
    const unknown = Object.keys(entry).filter((k) => k !== "resource" && k !== "reason" && k !== "expires");
    if (unknown.length > 0) return `${at} has ${unknown.length === 1 ? "a key" : "keys"} other than resource, reason and expires`;
    const resource = hasOwn(entry, "resource") ? entry.resource : undefined;
    const reason = hasOwn(entry, "reason") ? entry.reason : undefined;
    const expires = hasOwn(entry, "expires") ? entry.expires : undefined;
    if (typeof resource !== "string" || resource === "" || [...resource].length > MAX_RESOURCE_LENGTH)
        return `${at}.resource must be a URN, name or glob of 1 to ${MAX_RESOURCE_LENGTH} characters, got ${describeConfigValue(resource)}`;
    if (typeof reason !== "string" || reason.trim() === "" || [...reason].length > MAX_REASON_LENGTH)
        return `${at}.reason must be a reason of 1 to ${MAX_REASON_LENGTH} characters, got ${describeConfigValue(reason)}`;
    if (expires !== undefined && (typeof expires !== "string" || !isExpiryDate(expires)))
        return `${at}.expires must be ${EXPIRY_DATE_MEANING}, got ${describeConfigValue(expires)}`;
    return { resource, reason, ...(expires !== undefined && { expires }) };
}

/** The reading of a config without exemptions (the most common), shared: readings are never changed. */
const NO_EXEMPTIONS: ExemptionsReading = Object.freeze({
    exemptions: Object.freeze([]) as readonly Exemption[],
    problems: Object.freeze([]) as readonly string[],
});

/**
 * The exemptions of a policy's config. The engine validates config against EXEMPTIONS_SCHEMA
 * before the pack sees it; unit tests and older engines do not, so malformed entries are ignored
 * (their resources stay reported) and named in `problems`.
 */
export function readExemptions(config: unknown): ExemptionsReading {
    const listed = isRecord(config) && hasOwn(config, "exemptions") ? config.exemptions : undefined;
    // No option, or an empty list: the shared reading, nothing built.
    if (listed === undefined || (Array.isArray(listed) && listed.length === 0)) return NO_EXEMPTIONS;
    if (!Array.isArray(listed))
        return {
            exemptions: [],
            problems: [
                `policy option exemptions must be a list of {resource, reason, expires}, got ${describeConfigValue(listed)}; it was ignored`,
            ],
        };
    const exemptions: Exemption[] = [];
    const problems: string[] = [];
    listed.forEach((entry: unknown, i) => {
        const read = readEntry(entry, i);
        if (typeof read === "string") problems.push(`${read}; the entry was ignored`);
        else exemptions.push(read);
    });
    return { exemptions, problems };
}

let todayOverride: string | undefined;

/** Today's date in UTC, YYYY-MM-DD: what an expiry is compared with. */
export function today(): string {
    return todayOverride ?? new Date().toISOString().slice(0, 10);
}

/** Runs `run` with `date` (YYYY-MM-DD) as today: for tests, which must not depend on the real date. */
export function withToday<T>(date: string, run: () => T): T {
    if (!isExpiryDate(date)) throw new Error("withToday: expected a date YYYY-MM-DD");
    const previous = todayOverride;
    todayOverride = date;
    try {
        return run();
    } finally {
        todayOverride = previous;
    }
}

/**
 * The exemption that covers a subject known by `names`, as a note: the first in the list that
 * still holds, else the first that has expired (so that the finding says its exemption ended).
 */
export function exemptionFor(exemptions: readonly Exemption[], names: readonly string[], on: string = today()): ExemptionNote | undefined {
    let ended: ExemptionNote | undefined;
    for (const e of exemptions) {
        if (!covers(e, names)) continue;
        // Both dates are YYYY-MM-DD, so their order as strings is their order in time.
        const expired = e.expires !== undefined && e.expires < on;
        const note: ExemptionNote = { reason: e.reason, ...(e.expires !== undefined && { expires: e.expires }), expired };
        if (!expired) return note;
        ended ??= note;
    }
    return ended;
}
