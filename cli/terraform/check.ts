// Checks one Terraform plan file with the pack's policies: read the plan, run the policies on the
// Pulumi twins of its resources and providers, and phrase the findings for Terraform users
// (addresses, Terraform attribute names), with nothing secret in them.
import { policies } from "../../policies/registry";
import type { CheckConfig } from "../config";
import type { Finding, InputReport } from "../output";
import { analyzeResources, analyzeStack, type Diagnostic } from "../runPolicies";
import { PACK_NAME, PACK_VERSION } from "../version";
import { PROVIDER_MAPPINGS, terraformWording } from "./mapping";
import { isRecord, loadPlan, type Plan } from "./plan";
import { readPlan, type PulumiProvider, type PulumiResource } from "./resources";

/** Provider arguments that hold credentials, whatever the provider: never shown, even by accident. */
const CREDENTIAL_ARG = /(^|_)(access_key|secret_key|token|security_token|password|passcode|key)$/;

/**
 * Texts that must not appear in any output: sensitive variables' values and credential-like
 * provider arguments written as literals. Findings are built from input names, not values; this
 * is the second line of defence.
 */
function secretsOf(plan: Plan): string[] {
    const out = new Set<string>();
    const add = (v: unknown): void => {
        if (typeof v === "string" && v.length >= 6) out.add(v);
        else if (Array.isArray(v)) v.forEach(add);
        else if (isRecord(v)) Object.values(v).forEach(add);
    };
    for (const [name, decl] of Object.entries(plan.configuration?.root_module?.variables ?? {})) {
        if (decl.sensitive) add(plan.variables?.[name]?.value);
    }
    for (const config of Object.values(plan.configuration?.provider_config ?? {})) {
        for (const [arg, expr] of Object.entries(config.expressions ?? {})) {
            if (CREDENTIAL_ARG.test(arg) && isRecord(expr) && "constant_value" in expr) add(expr.constant_value);
        }
    }
    return [...out];
}

/**
 * `<type token> "<name>"`, where the name may be an address with for_each keys
 * (`aws_s3_object.by_name["alpha"]`, quotes included).
 */
const LABEL = /\b([a-z][a-z0-9-]*:[A-Za-z0-9/._-]*:[A-Za-z0-9_]+) "((?:[^"\n[]|\[(?:"(?:[^"\\\n]|\\.)*"|[^\]\n]*)\])*)"/g;

export function scrub(text: string, secrets: readonly string[]): string {
    let t = text;
    for (const s of secrets) if (t.includes(s)) t = t.split(s).join("(sensitive value)");
    return t;
}

function unresolvedNote(provider: PulumiProvider): string {
    const args = [...provider.unresolved].map(([arg, why]) => `${arg} is set from ${why}`).join("; ");
    const override = PROVIDER_MAPPINGS[provider.terraformType]?.endpointOverride
        ? ` To check it, name the endpoint in the --config file: {"obs-sse-check": {"providerEndpoints": {${JSON.stringify(provider.name)}: "https://..."}}}.`
        : "";
    return `Terraform: in provider "${provider.name}", ${args}; the plan cannot show its value.${override}`;
}

export async function checkPlan(input: string, config: CheckConfig): Promise<{ report: InputReport; warnings: string[] }> {
    const { plan, warnings } = loadPlan(input);
    const reading = readPlan(plan, config.providerEndpoints);
    const secrets = secretsOf(plan);
    const providerArgs = reading.providers.map((p) => ({ type: p.type, urn: p.urn, name: p.name, props: p.props }));
    const resourceArgs = reading.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs, provider: r.provider }));
    const diagnostics = [
        ...await analyzeResources(policies, [...providerArgs, ...resourceArgs], config.policies),
        ...await analyzeStack(policies, [
            ...providerArgs.map((p) => ({ ...p, propertyDependencies: {} })),
            ...reading.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.outputs, provider: r.provider, propertyDependencies: r.propertyDependencies })),
        ], config.policies),
    ];
    const resources = new Map<string, PulumiResource>(reading.resources.map((r) => [r.urn, r]));
    const providers = new Map<string, PulumiProvider>(reading.providers.map((p) => [p.urn, p]));
    const findings = diagnostics.map((d) => toFinding(d, input, resources, providers, secrets));
    return {
        report: {
            input,
            kind: "terraform-plan",
            resources: reading.resources.length + reading.providers.length,
            preamble: [`\nChecking ${input} (Terraform ${plan.terraform_version ?? "unknown version"} plan): ${reading.resources.length} resources, ${reading.providers.length} provider configurations`],
            packLabel: `${PACK_NAME}@v${PACK_VERSION}`,
            findings,
        },
        warnings,
    };
}

function toFinding(d: Diagnostic, input: string, resources: ReadonlyMap<string, PulumiResource>, providers: ReadonlyMap<string, PulumiProvider>, secrets: readonly string[]): Finding {
    const resource = resources.get(d.urn);
    const provider = resource ? resource.provider : providers.get(d.urn);
    // Resources are named `<type token> "<name>"` in messages; for Terraform the address says both.
    let message = d.message.replace(LABEL, (whole, token: string, name: string) => {
        const named = resources.get(name) ?? providers.get(name);
        if (named && named.type === token) return name;
        const provider = [...providers.values()].find((p) => p.name === name && p.type === token);
        return provider ? provider.urn : whole;
    });
    let resourceType = "stack";
    if (resource) {
        resourceType = resource.terraformType;
        message = terraformWording(message, resource.names());
    } else if (provider) {
        resourceType = "provider";
        message = terraformWording(message, provider.names);
    }
    if (provider && provider.unresolved.size > 0 && message.includes(`"${provider.name}"`)) message += `\n${unresolvedNote(provider)}`;
    return {
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        resource: d.urn || "(stack)",
        resourceType,
        resourceName: d.urn || "(stack)",
        message: scrub(message, secrets),
        input,
    };
}
