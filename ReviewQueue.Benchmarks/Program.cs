using System.Diagnostics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Running;
using ReviewQueue.Benchmarks.Scenarios;

namespace ReviewQueue.Benchmarks;

/// <summary>The scenario runner of issue 9; <c>--micro</c> hands over to BenchmarkDotNet.</summary>
public static class Runner
{
    private const string Usage = """
        ReviewQueue benchmarks: the scenarios of issue 9, printed as a table and written as JSON.

          dotnet run -c Release --project ReviewQueue.Benchmarks -- --json artifacts/bench.json

          --json PATH          where to write the figures (default artifacts/bench.json)
          --quick              small sizes, well under a minute
          --provider P         sqlite, postgres or both (default both; PostgreSQL is skipped when there is none)
          --postgres CONN      a PostgreSQL server (Host=...;Username=...); default $RQ_TEST_POSTGRES, else
                               a private server of the benchmark's own when PostgreSQL is installed
          --only A,B           run only these groups: core, hub, browser
          --log-sql            print every SQL command of the Core scenarios with its time
          --micro [BDN ARGS]   run the BenchmarkDotNet micro benchmarks instead
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (args.Length > 0 && args[0] == "--micro")
        {
            BenchmarkSwitcher.FromAssembly(typeof(Report).Assembly).Run(args[1..]);
            return 0;
        }

        string? Option(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        var quick = args.Contains("--quick");
        var sizes = quick ? Sizes.Quick : Sizes.Full;
        var jsonPath = Option("--json") ?? Path.Combine("artifacts", "bench.json");
        var postgres = Option("--postgres") ?? Environment.GetEnvironmentVariable("RQ_TEST_POSTGRES");
        var provider = Option("--provider") ?? "both";
        var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Wanted(string group) => only is null || only.Contains(group, StringComparer.OrdinalIgnoreCase);

        if (provider is not ("sqlite" or "postgres" or "both"))
        {
            Console.Error.WriteLine($"--provider is \"{provider}\"; use sqlite, postgres or both.");
            return 2;
        }

        var report = new Report();
        var started = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        var mode = quick ? "quick" : "full";
        Console.WriteLine($"ReviewQueue benchmarks ({mode}), {Environment.ProcessorCount} cores, " +
            $"load average {loadAtStart}");

        // No server given: one of our own when PostgreSQL is installed, stopped at the end.
        var (ownPostgres, noPostgres) = string.IsNullOrEmpty(postgres) && provider != "sqlite" && Wanted("core")
            ? await StartOwnPostgresAsync()
            : (null, "no server: set RQ_TEST_POSTGRES or pass --postgres");
        await using var stopOwnPostgres = ownPostgres;
        postgres = ownPostgres?.ConnectionString ?? postgres;

        if (Wanted("core"))
        {
            var providers = provider == "both" ? ["sqlite", "postgres"] : new[] { provider };
            foreach (var name in providers)
            {
                if (name == "postgres" && string.IsNullOrEmpty(postgres))
                {
                    report.Skip("core on postgres", noPostgres!);
                    continue;
                }

                Console.WriteLine($"Core scenarios on {name}...");
                await using var host = await CoreHost.CreateAsync(name == "postgres" ? postgres : null, sizes.Reviewers,
                    args.Contains("--log-sql"));
                await new CoreScenarios(host, sizes, report).RunAllAsync();
            }
        }

        if (Wanted("hub") || Wanted("browser"))
        {
            Console.WriteLine("Starting the app on Kestrel...");
            await using var app = new BenchApp();
            app.Start();

            if (Wanted("hub"))
            {
                Console.WriteLine("Hub scenario...");
                await new HubScenario(app, sizes, report).RunAsync();
            }

            if (Wanted("browser"))
            {
                if (await Machine.EnsureChromiumAsync(BrowserScenarios.ChromiumPath) is { } missing)
                {
                    report.Skip("browser", missing);
                }
                else
                {
                    Console.WriteLine("Browser scenarios...");
                    await using var browser = new BrowserScenarios(app, sizes, report);
                    await browser.StartAsync();
                    await browser.MemoryPerSessionAsync();
                    await browser.EnterToNextAsync();
                }
            }
        }

        watch.Stop();
        report.PrintTable(Console.Out);
        var run = new RunInfo(started, Math.Round(watch.Elapsed.TotalSeconds, 1), quick ? "quick" : "full",
            Environment.MachineName, Environment.ProcessorCount, Machine.MemoryMegabytes(), loadAtStart,
            Machine.LoadAverage(),
            RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription);
        await report.WriteJsonAsync(jsonPath, run);
        Console.WriteLine($"Wrote {Path.GetFullPath(jsonPath)} in {watch.Elapsed.TotalSeconds:0} s; " +
            $"{report.Figures.Count(f => f.Met == false)} target(s) missed.");
        return 0;
    }

    /// <summary>A server of the runner's own, or why there is none.</summary>
    private static async Task<(PrivatePostgres? Server, string? Missing)> StartOwnPostgresAsync()
    {
        if (PrivatePostgres.FindBinaries() is not { } bin)
            return (null, "no server: PostgreSQL is not installed (apt-get install postgresql), and neither " +
                "RQ_TEST_POSTGRES nor --postgres is set");

        Console.WriteLine($"Starting a PostgreSQL server of our own ({bin})...");
        var (server, error) = await PrivatePostgres.StartAsync(bin);
        return (server, server is null ? $"could not start PostgreSQL from {bin}: {error}" : null);
    }
}
