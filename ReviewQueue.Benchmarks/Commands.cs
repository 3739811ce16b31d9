using System.Diagnostics;

namespace ReviewQueue.Benchmarks;

/// <summary>Runs the machine's tools the runner needs (apt-get, initdb, pg_ctl).</summary>
public static class Commands
{
    /// <summary>Runs <paramref name="file"/> to its end; answers its exit code and what it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output + await errors).Trim());
    }
}
