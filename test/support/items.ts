// Typed access to list items in tests (the typecheck runs with noUncheckedIndexedAccess): a missing
// item throws a message that says which index and how long the list was, instead of a TypeError
// on `undefined` a few lines later.

/** The item at `index` (negative counts from the end, as Array.prototype.at); throws when there is none. */
export function at<T>(items: ArrayLike<T>, index: number): T {
    const i = index < 0 ? items.length + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= items.length)
        throw new Error(`expected an item at index ${index}, but the list has ${items.length} ${items.length === 1 ? "item" : "items"}`);
    return items[i] as T;
}

/** The one item of a list; throws when it has none or more than one. */
export function only<T>(items: ArrayLike<T>): T {
    if (items.length !== 1) throw new Error(`expected exactly 1 item, but the list has ${items.length}`);
    return items[0] as T;
}

/** The value under `key` of a record; throws, naming the key, when there is none. */
export function field<K extends PropertyKey, T>(record: Readonly<Record<K, T>>, key: NoInfer<K>): T {
    const value = record[key];
    if (value === undefined)
        throw new Error(`expected a value under ${JSON.stringify(key)}, but the record has only ${JSON.stringify(Object.keys(record))}`);
    return value;
}
