// Command-line arguments of the benches: every value given after `name`, and positive whole numbers.

/** Every value that follows `name` on the command line, in order. */
export function args(name: string): string[] {
    const out: string[] = [];
    process.argv.forEach((a, i) => {
        const next = process.argv[i + 1];
        if (a === name && next !== undefined) out.push(next);
    });
    return out;
}

/** The first value of `name` as a positive whole number, or `fallback` when it is not given. */
export function numberArg(name: string, fallback: number): number {
    const value = args(name)[0];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} takes a positive whole number`);
    return n;
}
