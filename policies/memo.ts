// The pack's one memo, for the few readings a bench figure shows are worth keeping (see
// BENCHMARKS.md): provider settings, and the stack view the stack policies share.

/**
 * Values kept by a tuple key, compared element by element (`Object.is`), so two keys are the same
 * only when every part is: no joined strings that different inputs could share. Keys are grouped
 * by their first element; each group keeps its `perGroup` newest values, and when `groups` groups
 * are held the oldest group goes.
 */
export class TupleMemo<V> {
    private readonly byFirst = new Map<unknown, Array<{ readonly key: readonly unknown[]; readonly value: V }>>();

    constructor(
        private readonly groups: number,
        private readonly perGroup: number,
    ) {}

    get(key: readonly unknown[], compute: () => V): V {
        const list = this.byFirst.get(key[0]);
        // A loop, not `find`: this runs for every resource of a request, and a closure per call adds up.
        if (list) for (const e of list) if (sameKey(e.key, key)) return e.value;
        const value = compute();
        if (!list && this.byFirst.size >= this.groups) this.byFirst.delete(this.byFirst.keys().next().value);
        this.byFirst.set(key[0], [{ key, value }, ...(list ?? []).slice(0, this.perGroup - 1)]);
        return value;
    }

    /** Lets go of the values whose key starts with `first` (no key can start with it again). */
    forget(first: unknown): void {
        this.byFirst.delete(first);
    }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
}
