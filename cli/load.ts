// Loads one of the command's own modules when it is first needed (so that --help, --version and a
// plan never load what they do not use). The built command loads them with require: Node answers
// the first import() by starting its ES module loader, which took about 0.1 s of the 0.35 s a small
// plan takes on a 2-core machine, and each import() reads its file through the thread pool, where
// the HCL parser's WebAssembly compilation held it back by up to 0.15 s (BENCHMARKS.md). The test
// runner runs the TypeScript sources, which only its own import() can load.
const fromSources = __filename.endsWith(".ts");

/** The module `specifier` names, relative to this directory (cli/), typed by the caller as `typeof import(specifier)`. */
export async function loadModule<M>(specifier: string): Promise<M> {
    if (fromSources) return (await import(specifier)) as M;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: require keeps the ES module loader unstarted
    return require(specifier) as M;
}
