package dev.streamvcr.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** CPU time and memory of a running process, read from Linux's /proc, for benchmarks that compare processes. */
public final class ProcessStats {

    /** USER_HZ: the unit of the CPU times in /proc/PID/stat. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** utime + stime of the process and of its children that ended and were waited for. */
    public static double cpuSeconds(long pid) throws IOException {
        String[] fields = statFields(Files.readString(Path.of("/proc/" + pid + "/stat")));
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }

    /** Resident memory now. */
    public static long rssBytes(long pid) throws IOException {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    /** The highest resident memory the process has had. */
    public static long peakRssBytes(long pid) throws IOException {
        return statusKb(pid, "VmHWM:") * 1024;
    }

    /** CPU-seconds of a process's threads, summed by name with digits left out ("C2 CompilerThread", "GC Thread#"). */
    public static Map<String, Double> threadCpuSeconds(long pid) throws IOException {
        Map<String, Double> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "");
                    String[] fields = statFields(stat);
                    byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND,
                            Double::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }

    /** The fields after the command name, which may itself hold spaces and parentheses. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
