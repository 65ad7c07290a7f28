// Checks one Terraform plan file with the pack's policies: read the plan, run the policies on the
// Pulumi twins of its resources and providers, and phrase the findings for Terraform users
// (addresses, Terraform attribute names), with nothing secret in them.
import { assess, type ResourceInput } from "../../policies/assess";
import { readScopeConfig } from "../../policies/config";
import { readProvider } from "../../policies/providers";
import type { PackPolicy } from "../../policies/policy";
import { printable } from "../../policies/printable";
import { policies } from "../../policies/registry";
import type { CheckConfig } from "../config";
import type { Finding, InputHeading, InputReport } from "../output";
import { externalSuppression, withMessageParts } from "../report";
import { checkResources, checkStack, type CheckedRecord } from "../../policies/run";
import { resolvePropertyDependencies, type StackResource } from "../../policies/stack/view";
import { withTerms } from "../../policies/terms";
import { PACK_NAME, PACK_VERSION } from "../version";
import { PlanContentError, own } from "./expressions";
import { PROVIDER_MAPPINGS, terraformPath, terraformTerms, terraformTermsFor, type TerraformDocument } from "./mapping";
import { changesRead, InputError, loadPlan, wholePlanOf, type Plan } from "./plan";
import { readPlan, type PlanReading, type PulumiProvider, type PulumiResource, type SourceSpans } from "./resources";
import type { SourceLocation } from "../../policies/finding";

/** The rule that owns the endpoint: it reports endpoints that cannot be read or known. */
const ENDPOINT_POLICY = "obs-sse-transfer-protocol";
/** The rule about TLS certificate verification. */
const HARDENING_POLICY = "obs-https-hardening";

/** Why an argument that is not a constant has no value in the plan. */
const REFERENCES_ONLY =
    'Plan JSON records an argument that is not a constant only by the references it makes, not by its value: var.x, "https://${var.x}" and format("%s", var.x) read alike';

/** Why a state cannot show a provider's arguments. */
const STATE_HOLDS_NO_PROVIDER_CONFIGURATION =
    "A Terraform state holds no provider configuration, only the address of the provider configuration each resource was applied with";

/** What the arguments a document cannot show are called in it, and what to do about them. */
/** Where the config file can name this provider's endpoint, or why it cannot. */
function overrideAdvice(provider: PulumiProvider, wording: Wording): string {
    const mapping = own(PROVIDER_MAPPINGS, provider.terraformType);
    if (mapping?.endpointOverride) {
        return `name the endpoint in the --config file: {"obs-sse-check": {"providerEndpoints": {${printable(JSON.stringify(provider.key))}: "https://..."}}}`;
    }
    const cannot = `the providerEndpoints option of the --config file cannot name this endpoint: ${mapping?.noOverride ?? "this provider has no endpoint argument"}`;
    if (wording.noProviderConfiguration)
        return `check a plan of the configuration instead, which holds the provider's arguments (${cannot})`;
    const args = [...provider.unresolved.keys()].join(", ");
    return `write ${args} as constants (${cannot})`;
}

/** How messages say why a provider argument is not known: what the reading came from, and what would tell it. */
interface Wording {
    readonly document: TerraformDocument;
    /** "this plan", "this configuration", "this state". */
    readonly from: string;
    /** `arg` + this + why. */
    readonly link: string;
    /** Why such arguments are not known (plans: references only; states: no provider configuration). */
    readonly because?: string;
    /** What else would tell the value (besides the config file's providerEndpoints). */
    readonly advice?: string;
    /** What to do about an argument that is not an endpoint (insecure, path style). */
    readonly otherArgsAdvice: string;
    /** A state read alone: no provider argument is in it, said once per provider rather than argument by argument. */
    readonly noProviderConfiguration: boolean;
}

function wordingOf(source: Pick<ReadingSource, "kind" | "withSource">): Wording {
    if (source.kind === "terraform-state" && source.withSource === true)
        return {
            document: "state",
            from: "this state and its configuration",
            link: " depends on ",
            advice: "give the variables it is built from a value (--var NAME=VALUE, --var-file, terraform.tfvars)",
            otherArgsAdvice: "write it as a constant",
            noProviderConfiguration: false,
        };
    if (source.kind === "terraform-state")
        return {
            document: "state",
            from: "this state",
            link: " is ",
            because: STATE_HOLDS_NO_PROVIDER_CONFIGURATION,
            otherArgsAdvice: "check a plan of the configuration, which holds the provider's arguments",
            noProviderConfiguration: true,
        };
    if (source.kind === "terraform-source")
        return {
            document: "plan",
            from: "this configuration",
            link: " depends on ",
            advice: "give the variables it is built from a value (--var NAME=VALUE, --var-file, terraform.tfvars)",
            otherArgsAdvice: "write it as a constant",
            noProviderConfiguration: false,
        };
    if (source.withSource === true)
        return {
            document: "plan",
            from: "this plan and its configuration",
            link: " depends on ",
            advice: "write it so that the configuration tells it at plan time",
            otherArgsAdvice: "write it as a constant",
            noProviderConfiguration: false,
        };
    return {
        document: "plan",
        from: "this plan",
        link: " is ",
        because: REFERENCES_ONLY,
        advice: "--source DIR (the configuration's directory) evaluates such expressions from the .tf files with the plan's variables",
        otherArgsAdvice: "write it as a constant",
        noProviderConfiguration: false,
    };
}

/** Provider arguments the readers take that do not decide where requests go. */
const NOT_ENDPOINT_ARGS = new Set(["insecure", "s3_use_path_style", "s3_force_path_style"]);

/** What messages about a provider add for Terraform: arguments the plan cannot show, and how others were read. */
function providerNote(provider: PulumiProvider, wording: Wording): string | undefined {
    const lines: string[] = [];
    // A state lacks every provider argument alike: said once per provider (its own findings), not on every finding.
    if (provider.unresolved.size > 0 && !wording.noProviderConfiguration) {
        const args = [...provider.unresolved].map(([arg, why]) => `${arg}${wording.link}${why}`).join("; ");
        const endpoint = [...provider.unresolved.keys()].some((arg) => !NOT_ENDPOINT_ARGS.has(arg));
        const advice = endpoint ? overrideAdvice(provider, wording) : wording.otherArgsAdvice;
        lines.push(
            `Terraform: in provider "${provider.name}", ${args}.${wording.because ? ` ${wording.because}.` : ""} To check it, ${advice}.`,
        );
    }
    for (const [arg, note] of provider.notes) lines.push(`Terraform: in provider "${provider.name}", ${arg}: ${note}.`);
    return lines.length > 0 ? lines.join("\n") : undefined;
}

/** "a, b, c and 4 more". */
function listed(items: readonly string[], max = 5): string {
    const shown = items.slice(0, max).join(", ");
    return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * Providers whose OBS endpoint cannot be known from the plan, with the resources that use them.
 * The endpoint rule would say so once per resource; for a plan it is one fact about one provider
 * configuration, reported once on it (advisory: an unknown is never guessed).
 */
function unknownEndpoints(
    reading: PlanReading,
    config: CheckConfig,
    policy: PackPolicy | undefined,
    wording: Wording,
): { findings: CheckedRecord[]; collapsed: ReadonlySet<string> } {
    const collapsed = new Set<string>();
    const findings: CheckedRecord[] = [];
    const level = policy && (config.policies[policy.name]?.enforcementLevel ?? policy.enforcementLevel);
    if (!policy || level === "disabled") return { findings, collapsed };
    const scope = readScopeConfig(config.policies[policy.name]?.properties).value;
    const byProvider = new Map<PulumiProvider, { users: string[]; unknowable?: string | undefined }>();
    // Only resources of a provider whose endpoint may be unknown need assessing.
    const mayBeUnknown = new Map<PulumiProvider, boolean>();
    const endpointMayBeUnknown = (p: PulumiProvider): boolean => {
        let known = mayBeUnknown.get(p);
        if (known === undefined) {
            try {
                known = ([undefined, "obs", "s3"] as const).some((api) => readProvider(p, api)?.endpoint.state === "unknown");
            } catch {
                known = false;
            }
            mayBeUnknown.set(p, known);
        }
        return known;
    };
    for (const r of reading.resources) {
        if (!r.provider || !endpointMayBeUnknown(r.provider)) continue;
        const input: ResourceInput = { type: r.type, urn: r.urn, name: r.name, props: r.inputs, provider: r.provider };
        let a: ReturnType<typeof assess>;
        try {
            a = assess(input, scope);
        } catch {
            // A reader that fails here fails in the rule too, whose guard reports it at the rule's level.
            continue;
        }
        if (a.kind !== "endpoint-unknown") continue;
        collapsed.add(r.urn);
        const entry = byProvider.get(r.provider) ?? { users: [] };
        entry.users.push(r.urn);
        entry.unknowable ??= a.provider.endpointUnknowable;
        byProvider.set(r.provider, entry);
    }
    for (const [provider, { users, unknowable }] of byProvider) {
        const state = wording.noProviderConfiguration;
        // A state lacks every argument alike: said once, with the reason, rather than argument by argument.
        const why: string[] = state
            ? provider.unresolved.size > 0
                ? [`${[...provider.unresolved.keys()].join(", ")} ${provider.unresolved.size === 1 ? "is" : "are"} not in it`]
                : []
            : [...provider.unresolved].map(([arg, from]) => `${arg}${wording.link}${from}`);
        if (unknowable !== undefined) why.push(unknowable);
        const fixes: string[] = [];
        if (provider.unresolved.size > 0) {
            fixes.push(overrideAdvice(provider, wording));
            if (wording.advice !== undefined) fixes.push(wording.advice);
        }
        const note = provider.unresolved.size > 0 && wording.because !== undefined ? `. ${wording.because}` : "";
        const text =
            `Provider "${provider.name}": its OBS endpoint cannot be known from ${wording.from}: ${why.join("; ")}${note}. ` +
            `${users.length} resource${users.length === 1 ? "" : "s"} use${users.length === 1 ? "s" : ""} it (${listed(users)}); no OBS encryption rule could be checked for ${users.length === 1 ? "it" : "them"}.` +
            (fixes.length > 0 ? `\nFix: ${fixes.join("; ")}.` : "");
        findings.push(
            providerRecord(policy, provider, text, {
                inputs: [...provider.unresolved.keys()],
                ...(fixes.length > 0 && { fix: { kind: "advice", text: fixes.join("; ") } }),
                cause: `provider:${provider.urn}|endpoint-unknown`,
            }),
        );
    }
    return { findings, collapsed };
}

/**
 * Providers whose `insecure` plan JSON cannot show, used over https by resources on OBS: whether
 * certificates are verified is unknown, said once on the provider (advisory), since the hardening
 * rule reads an unknown `insecure` as not set.
 */
function unknownInsecure(reading: PlanReading, config: CheckConfig, policy: PackPolicy | undefined, wording: Wording): CheckedRecord[] {
    const level = policy && (config.policies[policy.name]?.enforcementLevel ?? policy.enforcementLevel);
    if (!policy || level === "disabled") return [];
    const scope = readScopeConfig(config.policies[policy.name]?.properties).value;
    const byProvider = new Map<PulumiProvider, string[]>();
    for (const r of reading.resources) {
        const why = r.provider?.unresolved.get("insecure");
        if (!r.provider || why === undefined) continue;
        let a: ReturnType<typeof assess>;
        try {
            a = assess({ type: r.type, urn: r.urn, name: r.name, props: r.inputs, provider: r.provider }, scope);
        } catch {
            continue;
        }
        if (a.kind !== "obs" || a.endpoint.protocol !== "HTTPS" || a.provider.insecure.state !== "unknown") continue;
        // As the hardening rule: only requests on encrypted objects (or ones that may be).
        if (!a.plan.calls.some((c) => [...c.target.values, ...(c.source?.values ?? [])].some((e) => e !== "none"))) continue;
        byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r.urn]);
    }
    const state = wording.noProviderConfiguration;
    const advice = "check a plan of the configuration, where insecure is written (false, or unset, verifies certificates)";
    return [...byProvider].map(([provider, users]) =>
        providerRecord(
            policy,
            provider,
            `Provider "${provider.name}": whether it verifies TLS certificates cannot be known from ${wording.from}: insecure${wording.link}${provider.unresolved.get("insecure")}.${wording.because ? ` ${wording.because}.` : ""} ` +
                `${users.length} resource${users.length === 1 ? "" : "s"} on OBS use${users.length === 1 ? "s" : ""} it (${listed(users)}).\n` +
                (state ? `Fix: ${advice}.` : "Fix: write insecure as a constant (false), or leave it unset."),
            {
                inputs: ["insecure"],
                fix: state ? { kind: "advice", text: advice } : { kind: "set", field: "insecure", value: "false" },
                cause: `provider:${provider.urn}|insecure-unknown`,
            },
        ),
    );
}

/** An advisory finding of the command's own about a provider configuration (what a plan cannot show). */
function providerRecord(
    policy: PackPolicy,
    provider: PulumiProvider,
    text: string,
    fields: Pick<CheckedRecord["finding"], "inputs" | "fix" | "cause">,
): CheckedRecord {
    return {
        policy: policy.name,
        level: "advisory",
        severity: "low",
        subject: provider.urn,
        message: `${policy.description}\n${text}`,
        finding: { message: text, advisoryOnly: true, calls: [], ...fields },
    };
}

/** The stack policies' view of the plan: resources' outputs, providers, dependencies resolved by address. */
function stackResources(reading: PlanReading): StackResource[] {
    const providers = reading.providers.map((p) => ({ type: p.type, urn: p.urn, name: p.name, props: p.props, propertyDependencies: {} }));
    const resources = reading.resources.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: r.outputs,
        provider: r.provider,
        propertyDependencies: {} as Record<string, StackResource[]>,
    }));
    resolvePropertyDependencies(resources, (i) => reading.resources[i]?.propertyDependencies);
    return [...providers, ...resources];
}

// Async so that a bad plan is a rejection, as callers of every input check expect.
// eslint-disable-next-line @typescript-eslint/require-await
export async function checkPlan(input: string, config: CheckConfig): Promise<{ report: InputReport; warnings: string[] }> {
    const { plan, warnings } = loadPlan(input);
    return { report: checkPlanDocument(plan, input, config), warnings };
}

/** A plan's reading; content the reader refuses (nested too deep) is bad input named by `input`. */
export function readPlanInput(plan: Plan, input: string, config: CheckConfig): PlanReading {
    try {
        const reading = readPlan(plan, config.providerEndpoints);
        changesRead(plan);
        return reading;
    } catch (e) {
        // A plan read change by change that fails is read whole, whose verdict stands: a later
        // change may not be JSON, which the whole reading reports first.
        const whole = wholePlanOf(plan);
        if (whole !== undefined) return readPlanInput(whole, input, config);
        if (e instanceof PlanContentError) throw new InputError(`${input}: ${e.message}`);
        throw e;
    }
}

/** Checks a plan already read (`input` names it in the report), and its reading when that is made already. */
export function checkPlanDocument(
    plan: Plan,
    input: string,
    config: CheckConfig,
    reading: PlanReading = readPlanInput(plan, input, config),
): InputReport {
    const version = typeof plan.terraform_version === "string" ? printable(plan.terraform_version.slice(0, 64)) : "unknown version";
    return checkReading(reading, config, {
        input,
        kind: "terraform-plan",
        heading: { shownAs: input, source: `Terraform ${version} plan`, providers: reading.providers.length },
    });
}

/** What a Terraform reading came from, for its report. */
export interface ReadingSource {
    /** The input as given on the command line. */
    readonly input: string;
    readonly kind: InputReport["kind"];
    readonly heading: InputHeading;
    readonly preamble?: readonly string[];
    /** For plans: whether the configuration's source was read with it (--source). */
    readonly withSource?: boolean;
}

/** A provider or resource of a reading as the policies read it, with what it was read from. */
interface SubjectInput extends ResourceInput {
    readonly subject: PulumiProvider | PulumiResource;
}

/** Pulumi input name → Terraform attribute name, for a provider or a resource. */
function namesOf(subject: PulumiProvider | PulumiResource): ReadonlyMap<string, string> {
    // A resource builds its names when first asked; a provider holds them.
    return "inputs" in subject ? subject.names() : subject.names;
}

/**
 * The providers, then the resources, of a reading as the policies read them: made one at a time,
 * as the check reaches them, so that none outlives its turn.
 */
function* subjectInputs(reading: PlanReading): Generator<SubjectInput> {
    for (const p of reading.providers) yield { type: p.type, urn: p.urn, name: p.name, props: p.props, subject: p };
    for (const r of reading.resources) yield { type: r.type, urn: r.urn, name: r.name, props: r.inputs, provider: r.provider, subject: r };
}

/**
 * Checks a Terraform reading (resources and provider configurations as the policies read them),
 * whatever it was read from: a plan, a source directory, a state. Findings are in Terraform's terms.
 */
export function checkReading(reading: PlanReading, config: CheckConfig, source: ReadingSource): InputReport {
    const wording = wordingOf(source);
    // Readers memoize what they read of a provider, text included: every read of this plan is in Terraform's terms.
    const planWide = terraformTerms(() => new Map(), wording.document, wording.from);
    const resources = new Map<string, PulumiResource>(reading.resources.map((r) => [r.urn, r]));
    const providers = new Map<string, PulumiProvider>(reading.providers.map((p) => [p.urn, p]));
    // Which policies judged which subjects, in the order judged (the junit format's test cases).
    const checked: Array<{ readonly subject: string; readonly policies: string[] }> = [];
    // The policies of one subject judge it one after another: its list is kept at hand, and found
    // by its name when the subject comes again (two subjects of a reading may share an address).
    const byKey = new Map<string, string[]>();
    let lastKey: string | undefined;
    let lastList: string[] = [];
    const judged = (subject: string, policy: string) => {
        const key = subject || "(stack)";
        if (key === lastKey) {
            lastList.push(policy);
            return;
        }
        const list = byKey.get(key);
        if (list === undefined) {
            checked.push({ subject: key, policies: (lastList = [policy]) });
            byKey.set(key, lastList);
        } else (lastList = list).push(policy);
        lastKey = key;
    };
    const unknown = withTerms(planWide, () =>
        unknownEndpoints(
            reading,
            config,
            policies.find((p) => p.name === ENDPOINT_POLICY),
            wording,
        ),
    );
    const diagnostics = [
        ...unknown.findings,
        ...withTerms(planWide, () =>
            unknownInsecure(
                reading,
                config,
                policies.find((p) => p.name === HARDENING_POLICY),
                wording,
            ),
        ),
        // The endpoint rule's per-resource "endpoint unknown" is said once on the provider instead.
        ...checkResources(
            policies,
            subjectInputs(reading),
            config.policies,
            terraformTermsFor((r: SubjectInput) => namesOf(r.subject), wording.document, wording.from),
            judged,
        ).filter((d) => !(d.policy === ENDPOINT_POLICY && d.level === "advisory" && unknown.collapsed.has(d.subject))),
        ...checkStack(policies, stackResources(reading), config.policies, planWide, judged),
    ];
    // One note per provider, however many findings name it.
    const notes = new Map<PulumiProvider, string | undefined>();
    const noteOf = (p: PulumiProvider): string | undefined => {
        if (!notes.has(p)) notes.set(p, providerNote(p, wording));
        return notes.get(p);
    };
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));
    const findings = diagnostics.map((d) => toFinding(d, source.input, resources, providers, noteOf, descriptions));
    return {
        input: source.input,
        kind: source.kind,
        resources: reading.resources.length + reading.providers.length,
        heading: source.heading,
        preamble: source.preamble ?? [],
        packLabel: `${PACK_NAME}@v${PACK_VERSION}`,
        findings,
        checked,
    };
}

/** Input paths in a provider's own names, by its names: each of the provider's resources has the same fix. */
const providerPaths = new WeakMap<ReadonlyMap<string, string>, Map<string, string>>();

function providerPath(field: string, names: ReadonlyMap<string, string>): string {
    let paths = providerPaths.get(names);
    if (paths === undefined) providerPaths.set(names, (paths = new Map<string, string>()));
    let written = paths.get(field);
    if (written === undefined) paths.set(field, (written = terraformPath(field, names)));
    return written;
}

function toFinding(
    d: CheckedRecord,
    input: string,
    resources: ReadonlyMap<string, PulumiResource>,
    providers: ReadonlyMap<string, PulumiProvider>,
    noteOf: (provider: PulumiProvider) => string | undefined,
    descriptions: ReadonlyMap<string, string>,
): Finding {
    const resource = resources.get(d.subject);
    const provider = resource ? resource.provider : providers.get(d.subject);
    let message = d.message;
    // The finding's own text, after its policy's description (as record and providerRecord build the message).
    let text = d.finding.message;
    const policyDescription = descriptions.get(d.policy);
    const description =
        policyDescription !== undefined && d.message.length === policyDescription.length + 1 + text.length ? policyDescription : undefined;
    const resourceType = resource ? resource.terraformType : provider ? "provider" : "stack";
    // The subject's attribute names, for a fix's field only (a resource builds them when first asked).
    const names = (): ReadonlyMap<string, string> => (resource ? resource.names() : provider ? provider.names : new Map<string, string>());
    // The provider finding about an unknown endpoint says all of it already.
    const note = provider && !(d.policy === ENDPOINT_POLICY && d.subject === provider.urn) ? noteOf(provider) : undefined;
    if (note !== undefined && message.includes(`"${provider!.name}"`)) {
        message += `\n${note}`;
        text += `\n${note}`;
    }
    const { fix, calls, cause, exemption } = d.finding;
    // A fix on the provider's endpoint names the provider's argument; on the resource, the resource's attribute.
    const fixNames =
        fix &&
        fix.kind !== "advice" &&
        provider &&
        (fix.field.startsWith("endpoints") || fix.field === "insecure" || fix.field === "authUrl")
            ? provider.names
            : undefined;
    const finding: Finding = {
        policy: d.policy,
        enforcementLevel: d.level,
        severity: d.severity,
        resource: d.subject || "(stack)",
        resourceType,
        resourceName: d.subject || "(stack)",
        message,
        input,
        calls,
        ...(fix !== undefined && {
            fix:
                fix.kind === "advice"
                    ? fix
                    : { ...fix, field: fixNames !== undefined ? providerPath(fix.field, fixNames) : terraformPath(fix.field, names()) },
        }),
        cause,
        ...(resource?.location !== undefined && { subjectLocation: resource.location.block }),
        // Where the subject is written, when the reading knows its source (a .tf file, or a plan read with its source).
        ...(resource?.location !== undefined
            ? { location: locate(resource.location, d.finding, names()) }
            : provider?.location !== undefined && !resource
              ? { location: locate(provider.location, d.finding, names()) }
              : {}),
        // An exemption in the policy config (the core applied it and wrote it into the message).
        ...(exemption !== undefined && { suppression: externalSuppression(exemption) }),
    };
    return description !== undefined ? withMessageParts(finding, description, text) : finding;
}

/**
 * The position of the argument a finding's verdict rests on, when the block sets it: the fix's
 * field, else the first input the verdict read that the block writes; else the block itself.
 */
function locate(spans: SourceSpans, finding: CheckedRecord["finding"], names: ReadonlyMap<string, string>): SourceLocation {
    const candidates = [...(finding.fix !== undefined && finding.fix.kind !== "advice" ? [finding.fix.field] : []), ...finding.inputs];
    for (const input of candidates) {
        // `rules[0].applyServerSideEncryptionByDefault` → `rule.apply_server_side_encryption_by_default`
        const key = terraformPath(input, names).replace(/\[[^\]]*\]/g, "");
        const found = spans.attributes?.get(key);
        if (found !== undefined) return found;
    }
    return spans.block;
}
