// Reading Terraform's structure out of the HCL syntax tree: blocks with their labels, attributes
// with their expressions, positions, and the few things Terraform itself reads without
// evaluating (module sources, `provider = aws.obs`, `providers = { aws = aws.obs }`, and the
// references an expression makes, for ordering locals). Nothing here evaluates an expression.
import type { HclNode } from "../hcl/parser";

/** 1-based line and column of a node's start. */
export function positionOf(node: HclNode): { line: number; column: number } {
    return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

export interface BlockSyntax {
    readonly type: string;
    readonly labels: readonly string[];
    readonly node: HclNode;
    readonly body?: HclNode | undefined;
}

export interface AttributeSyntax {
    readonly name: string;
    readonly node: HclNode;
    /** The `expression` node of the attribute's value. */
    readonly expression: HclNode;
}

function named(node: HclNode): HclNode[] {
    return node.namedChildren.filter((c): c is HclNode => c !== null);
}

/** The top-level body of a parsed file (absent for an empty file). */
export function fileBody(root: HclNode): HclNode | undefined {
    return named(root).find((c) => c.type === "body");
}

/** A string literal's text when it is one plain string without interpolations (block labels, `source`). */
export function literalString(node: HclNode): string | undefined {
    let n = node;
    // expression → literal_value → string_lit, or expression → template_expr → quoted_template
    for (;;) {
        if (n.type === "expression" || n.type === "literal_value" || n.type === "template_expr") {
            const inner = named(n);
            if (inner.length !== 1) return undefined;
            n = inner[0]!;
            continue;
        }
        break;
    }
    if (n.type !== "string_lit" && n.type !== "quoted_template") return undefined;
    const parts = named(n).filter((c) => c.type !== "quoted_template_start" && c.type !== "quoted_template_end");
    if (parts.some((p) => p.type !== "template_literal")) return undefined;
    return unescapeTemplateLiteral(parts.map((p) => p.text).join(""));
}

/** HCL's escapes in a quoted string (`\n`, `\"`, `\\`, `\uXXXX`, `$${`, `%%{`). */
export function unescapeTemplateLiteral(text: string): string {
    return text
        .replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))/gs, (_m, u4?: string, u8?: string, ch?: string) => {
            if (u4 !== undefined) return String.fromCharCode(parseInt(u4, 16));
            if (u8 !== undefined) return String.fromCodePoint(parseInt(u8, 16));
            switch (ch) {
                case "n":
                    return "\n";
                case "r":
                    return "\r";
                case "t":
                    return "\t";
                default:
                    return ch ?? "";
            }
        })
        .replace(/\$\$\{/g, "${")
        .replace(/%%\{/g, "%{");
}

/** Bodies already taken apart, by tree and node id: walking the tree makes new node objects each time. */
const itemsCache = new WeakMap<object, Map<number, { blocks: BlockSyntax[]; attributes: AttributeSyntax[] }>>();

/** The blocks and attributes of a body, in order (the same arrays on every call for one body; do not change them). */
export function bodyItems(body: HclNode | undefined): { blocks: BlockSyntax[]; attributes: AttributeSyntax[] } {
    if (!body) return { blocks: [], attributes: [] };
    let byId = itemsCache.get(body.tree);
    if (!byId) itemsCache.set(body.tree, (byId = new Map<number, { blocks: BlockSyntax[]; attributes: AttributeSyntax[] }>()));
    let items = byId.get(body.id);
    if (!items) {
        items = readBodyItems(body);
        byId.set(body.id, items);
    }
    return items;
}

function readBodyItems(body: HclNode): { blocks: BlockSyntax[]; attributes: AttributeSyntax[] } {
    const blocks: BlockSyntax[] = [];
    const attributes: AttributeSyntax[] = [];
    for (const item of named(body)) {
        if (item.type === "attribute") {
            const parts = named(item);
            const id = parts.find((c) => c.type === "identifier");
            const expression = parts.find((c) => c.type === "expression");
            if (id && expression) attributes.push({ name: id.text, node: item, expression });
        } else if (item.type === "block") {
            const parts = named(item);
            const id = parts.find((c) => c.type === "identifier");
            if (!id) continue;
            const labels: string[] = [];
            for (const p of parts.slice(parts.indexOf(id) + 1)) {
                if (p.type === "string_lit") labels.push(literalString(p) ?? "");
                else if (p.type === "identifier") labels.push(p.text);
            }
            blocks.push({ type: id.text, labels, node: item, body: parts.find((c) => c.type === "body") });
        }
    }
    return { blocks, attributes };
}

/** The attributes of a body by name (the last one wins, as no valid configuration repeats one). */
export function attributeMap(body: HclNode | undefined): Map<string, AttributeSyntax> {
    return new Map(bodyItems(body).attributes.map((a) => [a.name, a]));
}

/**
 * A static traversal (`aws.obs`, `aws`) written as an expression, as `provider = ...` and the
 * values of `providers = {...}` are: the names joined by dots, or undefined for anything else.
 */
export function traversalText(expression: HclNode): string | undefined {
    const parts = named(expression);
    const [root, ...rest] = parts;
    if (!root || root.type !== "variable_expr") return undefined;
    const names = [root.text];
    for (const p of rest) {
        if (p.type !== "get_attr") return undefined;
        const id = named(p).find((c) => c.type === "identifier");
        if (!id) return undefined;
        names.push(id.text);
    }
    return names.join(".");
}

/** An object constructor's elements (`{ aws = aws.obs }`): key as written (identifier or string), value expression. */
export function objectElements(expression: HclNode): Array<{ key: string; keyNode: HclNode; value: HclNode }> | undefined {
    const collection = named(expression)[0];
    const object = collection?.type === "collection_value" ? named(collection)[0] : undefined;
    if (!object || object.type !== "object") return undefined;
    const out: Array<{ key: string; keyNode: HclNode; value: HclNode }> = [];
    for (const elem of named(object)) {
        if (elem.type !== "object_elem") continue;
        const key = elem.childForFieldName("key");
        const value = elem.childForFieldName("val");
        if (!key || !value) continue;
        const text = traversalText(key) ?? literalString(key);
        if (text !== undefined) out.push({ key: text, keyNode: key, value });
    }
    return out;
}

/**
 * The references an expression makes, as Terraform lists them for plans: the traversal from a
 * root name through static attribute names and literal indexes (`var.x`, `local.cfg.s3`,
 * `aws_s3_bucket.b`, `module.m.out`). Names bound inside the expression (`for` variables) are
 * included too; callers look only for the roots they care about.
 */
export function referencesOf(expression: HclNode): string[][] {
    const out: string[][] = [];
    const stack: HclNode[] = [expression];
    while (stack.length > 0) {
        const node = stack.pop()!;
        const children = named(node);
        for (let i = 0; i < children.length; i++) {
            const c = children[i]!;
            if (c.type !== "variable_expr") {
                stack.push(c);
                continue;
            }
            const chain = [c.text];
            for (let j = i + 1; j < children.length; j++) {
                const step = children[j]!;
                if (step.type === "get_attr") {
                    const id = named(step).find((x) => x.type === "identifier");
                    if (!id) break;
                    chain.push(id.text);
                } else break;
            }
            out.push(chain);
        }
    }
    return out;
}
