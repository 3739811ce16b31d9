namespace ReviewQueue.Benchmarks;

/// <summary>What the figures depend on: the machine and how busy it was.</summary>
public static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static long MemoryMegabytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
}
