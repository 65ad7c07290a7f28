// Terraform's built-in functions that matter for reading configurations, over HclValue.
import { Unknown, mark, unmarkDeep, type HclValue } from "./values";

type Fail = (message: string) => never;
type Implementation = (args: readonly HclValue[], fail: Fail) => HclValue;

const FUNCTIONS: Record<string, Implementation> = Object.create(null) as Record<string, Implementation>;

FUNCTIONS.lower = (args, fail) => {
    const s = args[0];
    if (args.length !== 1 || typeof s !== "string") return fail("one string argument is required");
    return s.toLowerCase();
};

export function isKnownFunction(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/** Calls a built-in function; unknown arguments make an unknown result, sensitive ones a sensitive result. */
export function callFunction(name: string, args: readonly HclValue[], fail: Fail): HclValue {
    const implementation = FUNCTIONS[name]!;
    const plain: HclValue[] = [];
    let sensitive = false;
    for (const a of args) {
        const u = unmarkDeep(a);
        if (u.sensitive) sensitive = true;
        plain.push(u.value);
    }
    const unknown = plain.find((a): a is Unknown => a instanceof Unknown);
    if (unknown) return mark(unknown, sensitive);
    return mark(implementation(plain, fail), sensitive);
}
