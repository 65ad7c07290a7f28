// One Terraform module as written: its variables, locals, provider blocks, resources, data sources,
// module calls and outputs, each with the file it is in and its syntax (expressions are evaluated
// later, per module instance). Structure Terraform reads without evaluating (labels, `source`,
// `provider = aws.obs`, `providers = {...}`, `alias`, `sensitive`) is read here.
import { InputError } from "../../inputError";
import { printable } from "../../../policies/printable";
import type { HclNode } from "../hcl/parser";
import type { SourceFile } from "./files";
import {
    attributeMap,
    bodyItems,
    fileBody,
    literalString,
    objectElements,
    positionOf,
    traversalText,
    type AttributeSyntax,
    type BlockSyntax,
} from "./syntax";

export interface Located {
    /** The file, as findings name it. */
    readonly file: string;
    /** The block (or attribute) node. */
    readonly node: HclNode;
}

export interface VariableDecl extends Located {
    readonly name: string;
    readonly default?: HclNode | undefined;
    readonly sensitive: boolean;
    /** The type constraint as written (`string`, `list(string)`), if any. */
    readonly type?: string;
}

export interface LocalDecl extends Located {
    readonly name: string;
    readonly expression: HclNode;
}

export interface ProviderBlock extends Located {
    /** The provider's local name (`aws`). */
    readonly localName: string;
    readonly alias?: string;
    readonly body?: HclNode | undefined;
}

export interface ResourceBlock extends Located {
    readonly mode: "managed" | "data";
    readonly type: string;
    readonly name: string;
    readonly body?: HclNode | undefined;
    readonly count?: HclNode | undefined;
    readonly forEach?: HclNode | undefined;
    /** `provider = aws.obs` as written, else undefined (the default configuration of the type's provider). */
    readonly provider?: string;
}

export interface ModuleCallBlock extends Located {
    readonly name: string;
    readonly source?: string;
    readonly body?: HclNode | undefined;
    readonly count?: HclNode | undefined;
    readonly forEach?: HclNode | undefined;
    /** `providers = { aws = aws.obs }`: the child's provider (local name with alias) → the parent's. */
    readonly providers?: ReadonlyMap<string, string>;
    /** The arguments that are the child's variables. */
    readonly args: ReadonlyMap<string, AttributeSyntax>;
}

export interface OutputDecl extends Located {
    readonly name: string;
    readonly expression?: HclNode | undefined;
    readonly sensitive: boolean;
}

export interface ModuleConfig {
    /** The module's directory as shown (relative to the working directory). */
    readonly shown: string;
    readonly files: readonly SourceFile[];
    readonly unread: readonly string[];
    readonly variables: ReadonlyMap<string, VariableDecl>;
    readonly locals: ReadonlyMap<string, LocalDecl>;
    readonly providers: readonly ProviderBlock[];
    readonly resources: readonly ResourceBlock[];
    readonly moduleCalls: ReadonlyMap<string, ModuleCallBlock>;
    readonly outputs: ReadonlyMap<string, OutputDecl>;
    /** Local provider name → source address (`registry.terraform.io/hashicorp/aws`), from required_providers. */
    readonly requiredProviders: ReadonlyMap<string, string>;
}

/** Module call arguments that are not the child's variables. */
const MODULE_META = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

function literalBool(expression: HclNode | undefined): boolean {
    return expression !== undefined && expression.text.trim() === "true";
}

/** `hashicorp/aws` → `registry.terraform.io/hashicorp/aws`, as Terraform writes a provider's full name. */
export function fullProviderSource(source: string): string {
    const parts = source.toLowerCase().split("/");
    return parts.length === 3
        ? parts.join("/")
        : parts.length === 2
          ? `registry.terraform.io/${parts.join("/")}`
          : `registry.terraform.io/hashicorp/${parts[0]}`;
}

function where(file: string, node: HclNode): string {
    const { line, column } = positionOf(node);
    return `${file}:${line}:${column}`;
}

function duplicate(kind: string, name: string, file: string, node: HclNode): InputError {
    return new InputError(`${where(file, node)}: ${kind} ${printable(JSON.stringify(name))} is declared more than once in the module`);
}

/** Reads a module's blocks from its parsed files. */
export function moduleConfig(shown: string, files: readonly SourceFile[], unread: readonly string[]): ModuleConfig {
    const variables = new Map<string, VariableDecl>();
    const locals = new Map<string, LocalDecl>();
    const providers: ProviderBlock[] = [];
    const resources: ResourceBlock[] = [];
    const moduleCalls = new Map<string, ModuleCallBlock>();
    const outputs = new Map<string, OutputDecl>();
    const requiredProviders = new Map<string, string>();
    const resourceNames = new Set<string>();
    for (const f of files) {
        const { blocks } = bodyItems(fileBody(f.root));
        for (const block of blocks) readBlock(f.shown, block);
    }
    function readBlock(file: string, block: BlockSyntax): void {
        const attrs = attributeMap(block.body);
        const [first, second] = block.labels;
        switch (block.type) {
            case "variable": {
                if (first === undefined) return;
                if (variables.has(first)) throw duplicate("variable", first, file, block.node);
                const type = attrs.get("type")?.expression.text.replace(/\s+/g, "");
                variables.set(first, {
                    name: first,
                    file,
                    node: block.node,
                    default: attrs.get("default")?.expression,
                    sensitive: literalBool(attrs.get("sensitive")?.expression),
                    ...(type !== undefined && { type }),
                });
                return;
            }
            case "locals":
                for (const a of bodyItems(block.body).attributes) {
                    if (locals.has(a.name)) throw duplicate("local value", a.name, file, a.node);
                    locals.set(a.name, { name: a.name, file, node: a.node, expression: a.expression });
                }
                return;
            case "provider": {
                if (first === undefined) return;
                const aliasExpr = attrs.get("alias")?.expression;
                const alias = aliasExpr && literalString(aliasExpr);
                providers.push({ localName: first, file, node: block.node, body: block.body, ...(alias !== undefined && { alias }) });
                return;
            }
            case "resource":
            case "data": {
                if (first === undefined || second === undefined) return;
                const mode = block.type === "resource" ? "managed" : "data";
                const key = `${mode === "data" ? "data." : ""}${first}.${second}`;
                if (resourceNames.has(key)) throw duplicate(block.type === "resource" ? "resource" : "data source", key, file, block.node);
                resourceNames.add(key);
                const providerExpr = attrs.get("provider")?.expression;
                const provider = providerExpr && traversalText(providerExpr);
                resources.push({
                    mode,
                    type: first,
                    name: second,
                    file,
                    node: block.node,
                    body: block.body,
                    count: attrs.get("count")?.expression,
                    forEach: attrs.get("for_each")?.expression,
                    ...(provider !== undefined && { provider }),
                });
                return;
            }
            case "module": {
                if (first === undefined) return;
                if (moduleCalls.has(first)) throw duplicate("module", first, file, block.node);
                const sourceExpr = attrs.get("source")?.expression;
                const source = sourceExpr && literalString(sourceExpr);
                const providersExpr = attrs.get("providers")?.expression;
                let providerMap: Map<string, string> | undefined;
                if (providersExpr) {
                    providerMap = new Map();
                    for (const e of objectElements(providersExpr) ?? []) {
                        const target = traversalText(e.value);
                        if (target !== undefined) providerMap.set(e.key, target);
                    }
                }
                const args = new Map([...attrs].filter(([name]) => !MODULE_META.has(name)));
                moduleCalls.set(first, {
                    name: first,
                    file,
                    node: block.node,
                    body: block.body,
                    args,
                    count: attrs.get("count")?.expression,
                    forEach: attrs.get("for_each")?.expression,
                    ...(source !== undefined && { source }),
                    ...(providerMap !== undefined && { providers: providerMap }),
                });
                return;
            }
            case "output": {
                if (first === undefined) return;
                outputs.set(first, {
                    name: first,
                    file,
                    node: block.node,
                    expression: attrs.get("value")?.expression,
                    sensitive: literalBool(attrs.get("sensitive")?.expression),
                });
                return;
            }
            case "terraform":
                for (const inner of bodyItems(block.body).blocks) {
                    if (inner.type !== "required_providers") continue;
                    for (const a of bodyItems(inner.body).attributes) {
                        const source = objectElements(a.expression)?.find((e) => e.key === "source");
                        const text = source && literalString(source.value);
                        // `aws = "~> 5.0"` (the old form) names only a version: the provider is hashicorp's.
                        requiredProviders.set(a.name, fullProviderSource(text ?? `hashicorp/${a.name}`));
                    }
                }
                return;
            default:
                return;
        }
    }
    return { shown, files, unread, variables, locals, providers, resources, moduleCalls, outputs, requiredProviders };
}

/** The full source address of a provider local name in a module (required_providers, else hashicorp's). */
export function providerSourceOf(module: ModuleConfig, localName: string): string {
    return module.requiredProviders.get(localName) ?? fullProviderSource(`hashicorp/${localName}`);
}

/** The provider local name a resource type implies: the part before the first underscore. */
export function impliedProviderName(resourceType: string): string {
    const i = resourceType.indexOf("_");
    return i < 0 ? resourceType : resourceType.slice(0, i);
}
