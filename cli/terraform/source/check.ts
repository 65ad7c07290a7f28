// The two ways obs-sse-check reads Terraform source: a configuration directory checked on its
// own (no plan), and a plan read together with the configuration it was made from, whose
// provider arguments plan JSON records only by reference are then evaluated from the source with
// the plan's variable values, and whose findings get the source's locations.
import * as path from "node:path";
import { printable } from "../../../policies/printable";
import type { CheckConfig } from "../../config";
import type { InputReport } from "../../report";
import { checkPlanDocument, checkReading, readPlanInput } from "../check";
import { own } from "../expressions";
import { PROVIDER_MAPPINGS } from "../mapping";
import { InputError, type Plan } from "../plan";
import { providerFromArguments, type PlanReading, type PulumiProvider, type PulumiResource } from "../resources";
import { shownPath } from "./files";
import { loadSource, staticAddress } from "./load";
import type { TerraformSourceOptions } from "./options";

function counted(n: number, one: string, many: string): string {
    return `${n} ${n === 1 ? one : many}`;
}

/** Checks a directory of `.tf` files (the root module) without a plan. */
export async function checkSourceInput(
    input: string,
    config: CheckConfig,
    options: TerraformSourceOptions,
): Promise<{ report: InputReport; warnings: string[] }> {
    const load = await loadSource(path.resolve(options.cwd, input), {
        cwd: options.cwd,
        env: options.env,
        variables: options.variables ?? [],
        overrides: config.providerEndpoints,
    });
    const report = checkReading(load.reading, config, {
        input,
        kind: "terraform-source",
        heading: {
            shownAs: input,
            source: `Terraform configuration, ${counted(load.files, "file", "files")} in ${counted(load.modules, "module", "modules")}`,
            providers: load.reading.providers.length,
        },
    });
    return { report: { ...report, sourceFiles: load.sourceFiles }, warnings: load.warnings };
}

/**
 * A plan's reading with what its source tells: each provider configuration that the source
 * declares is read from the source, evaluated with the plan's variable values (the same values
 * for constants; the real value for `"http://${var.host}"`, which plan JSON records only by its
 * references); resources and providers get the locations of their blocks, matched by address.
 */
async function withSource(
    plan: Plan,
    reading: PlanReading,
    sourceDir: string,
    config: CheckConfig,
    options: TerraformSourceOptions,
): Promise<{ reading: PlanReading; files: number }> {
    const load = await loadSource(sourceDir, {
        cwd: options.cwd,
        env: {},
        variables: [],
        planVariables: plan.variables ?? {},
        overrides: new Map(),
    });
    const replaced = new Map<PulumiProvider, PulumiProvider>();
    const providers = reading.providers.map((p) => {
        const source = load.providerArguments.get(p.key);
        const mapping = own(PROVIDER_MAPPINGS, p.terraformType);
        if (!source || !mapping) return p;
        const next = providerFromArguments({
            key: p.key,
            urn: p.urn,
            terraformType: p.terraformType,
            mapping,
            args: source.args,
            override: config.providerEndpoints.get(p.key),
            location: source.location,
        });
        replaced.set(p, next);
        return next;
    });
    const resources = reading.resources.map((r): PulumiResource => {
        const location = load.resourceLocations.get(staticAddress(r.urn));
        const provider = r.provider && (replaced.get(r.provider) ?? r.provider);
        return { ...r, provider, ...(location !== undefined && { location }) };
    });
    // The sources of dependencies (by URN) are unchanged: propertyDependencies name URNs.
    // The loader's warnings (instances it cannot expand, modules it cannot read) are the plan's
    // to answer: it knows its instances. What the source cannot tell leaves the plan's reading as it was.
    return { reading: { resources, providers, skipped: reading.skipped }, files: load.files };
}

/**
 * Checks a plan already read, with its configuration's source from `sourceDir`. A source that
 * cannot be read is bad input when --source named it; the plan's own directory, read by default,
 * is then left out with a warning, and the plan is read alone.
 */
export async function checkPlanWithSource(
    plan: Plan,
    input: string,
    config: CheckConfig,
    sourceDir: string,
    options: TerraformSourceOptions,
): Promise<{ report: InputReport; warnings: string[] }> {
    const reading = readPlanInput(plan, input, config);
    const shownSource = shownPath(sourceDir, options.cwd);
    let combined: { reading: PlanReading; files: number };
    try {
        combined = await withSource(plan, reading, sourceDir, config, options);
    } catch (e) {
        if (!(e instanceof InputError) || options.source !== undefined) throw e;
        return {
            report: checkPlanDocument(plan, input, config, reading),
            warnings: [
                `${input}: the configuration beside it was not read (${e.message}); the plan is read alone (name the source with --source DIR, or leave it out with --no-source)`,
            ],
        };
    }
    const version = typeof plan.terraform_version === "string" ? printable(plan.terraform_version.slice(0, 64)) : "unknown version";
    const report = checkReading(combined.reading, config, {
        input,
        kind: "terraform-plan",
        withSource: true,
        heading: {
            shownAs: input,
            source: `Terraform ${version} plan, with its configuration ${printable(shownSource)} (${counted(combined.files, "file", "files")})`,
            providers: combined.reading.providers.length,
        },
    });
    return { report, warnings: [] };
}

/**
 * The provider configurations a configuration's source declares, by key (`aws`, `aws.obs`,
 * `module.store:aws`), evaluated with the root variables given (--var, --var-file, tfvars): what a
 * state, which holds no provider configuration, is read with. A source that cannot be read is bad
 * input when --source named it; the state's own directory, read by default, is then left out with
 * a warning.
 */
export async function sourceProviders(
    sourceDir: string,
    config: CheckConfig,
    options: TerraformSourceOptions,
): Promise<{ providers?: ReadonlyMap<string, PulumiProvider>; shown: string; warnings: string[] }> {
    const shown = shownPath(sourceDir, options.cwd);
    try {
        const load = await loadSource(sourceDir, {
            cwd: options.cwd,
            env: options.env,
            variables: options.variables ?? [],
            overrides: config.providerEndpoints,
        });
        return { providers: new Map(load.reading.providers.map((p) => [p.key, p])), shown, warnings: load.warnings };
    } catch (e) {
        if (!(e instanceof InputError) || options.source !== undefined) throw e;
        return { shown, warnings: [`${shown}: its configuration could not be read, so the state is read alone (${e.message})`] };
    }
}
