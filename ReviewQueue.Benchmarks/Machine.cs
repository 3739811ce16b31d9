namespace ReviewQueue.Benchmarks;

/// <summary>What the figures depend on: the machine and how busy it was.</summary>
public static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static long MemoryMegabytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);

    /// <summary>
    /// Installs the Debian Chromium package when <paramref name="path"/> is missing and we are root with
    /// apt, as <c>test.sh</c> does, so the one README command also works on a fresh machine. Says why
    /// not otherwise; the caller then skips the browser scenarios.
    /// </summary>
    public static async Task<string?> EnsureChromiumAsync(string path)
    {
        if (File.Exists(path))
            return null;
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            return $"{path} is missing (install the chromium package)";

        Console.WriteLine("Installing chromium for the browser scenarios...");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        foreach (var arguments in new[] { new[] { "update", "-qq" }, ["install", "-y", "-qq", "chromium"] })
        {
            var (code, output) = await Commands.RunAsync("/usr/bin/apt-get", arguments, environment);
            if (code != 0)
                return $"{path} is missing and apt-get {string.Join(' ', arguments)} failed: {output}";
        }

        return File.Exists(path) ? null : $"{path} is still missing after installing chromium";
    }
}
