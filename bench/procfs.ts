// CPU time and memory of a pack process (its pid from PackProcess) and of the machine, from /proc
// (Linux only).
import * as fs from "node:fs";

function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

function statusField(pid: number, field: string): number | undefined {
    const status = readText(`/proc/${pid}/status`);
    const m = status && new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
}

/** Peak resident set size (VmHWM), bytes. */
export function peakRss(pid: number): number | undefined {
    return statusField(pid, "VmHWM");
}

/** Current resident set size (VmRSS), bytes. */
export function currentRss(pid: number): number | undefined {
    return statusField(pid, "VmRSS");
}

/**
 * Resets the process's peak RSS to its current RSS (writes 5 to /proc/<pid>/clear_refs), so
 * VmHWM afterwards is the peak of what runs next. False when the kernel or permissions refuse.
 */
export function resetPeakRss(pid: number): boolean {
    try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
        return true;
    } catch {
        return false;
    }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * CPU time all threads of the process have run so far, milliseconds, from the scheduler's own
 * accounting (/proc/<pid>/task/<tid>/schedstat): exact where /proc/<pid>/stat counts 10 ms ticks,
 * so that short passes can be compared. Threads that have exited are not counted (Node.js keeps
 * its worker and garbage-collector threads for the process's life).
 */
export function cpuTimeMs(pid: number): number | undefined {
    let tasks: string[];
    try {
        tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
        return undefined;
    }
    let total = 0;
    for (const tid of tasks) {
        const line = readText(`/proc/${pid}/task/${tid}/schedstat`);
        // "<time on CPU, ns> <time waiting to run, ns> <time slices>"; a thread that just exited has none.
        const onCpu = line === undefined ? NaN : Number(line.split(" ")[0]);
        if (Number.isFinite(onCpu)) total += onCpu;
    }
    return total / 1e6;
}

interface SystemCpu {
    /** Busy time of all CPUs (user, nice, system, irq, softirq), ms. */
    readonly busyMs: number;
    /** Time the hypervisor ran something else while this VM wanted a CPU, ms. */
    readonly stealMs: number;
    /** All accounted time of all CPUs, ms. */
    readonly totalMs: number;
}

/** The machine-wide CPU counters of /proc/stat. */
export function systemCpu(): SystemCpu | undefined {
    const line = readText("/proc/stat")
        ?.split("\n")
        .find((l) => l.startsWith("cpu "));
    if (!line) return undefined;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    if (
        user === undefined ||
        nice === undefined ||
        system === undefined ||
        idle === undefined ||
        iowait === undefined ||
        irq === undefined ||
        softirq === undefined
    )
        return undefined;
    const tick = 1000 / CLOCK_TICKS;
    return {
        busyMs: (user + nice + system + irq + softirq) * tick,
        stealMs: (steal ?? 0) * tick,
        totalMs: (user + nice + system + idle + iowait + irq + softirq + (steal ?? 0)) * tick,
    };
}

/** CPU time of this process and its reaped children (the pack processes it started and stopped), ms. */
export function selfAndChildrenCpuMs(): number | undefined {
    const stat = readText("/proc/self/stat");
    if (!stat) return undefined;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime(11) stime(12) cutime(13) cstime(14)
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}
