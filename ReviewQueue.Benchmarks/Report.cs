using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewQueue.Benchmarks;

/// <summary>
/// One measured figure. <see cref="Target"/> is the budget from issue 9 when the figure has one;
/// <see cref="Met"/> compares against it (lower is better, except where <see cref="AtLeast"/>).
/// </summary>
public sealed record Figure(
    string Scenario,
    string Provider,
    string Metric,
    double Value,
    string Unit,
    double? Target = null,
    bool AtLeast = false,
    string? Note = null)
{
    public bool? Met => Target is { } target ? (AtLeast ? Value >= target : Value <= target) : null;
}

/// <summary>The figures of one run, printed as a table and written as JSON.</summary>
public sealed class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly List<Figure> _figures = [];
    private readonly List<string> _skipped = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        lock (_figures)
            _figures.Add(figure);
        Console.WriteLine($"  {Line(figure)}");
    }

    public void Skip(string scenario, string reason)
    {
        _skipped.Add($"{scenario}: {reason}");
        Console.WriteLine($"  skipped {scenario}: {reason}");
    }

    public void PrintTable(TextWriter output)
    {
        var rows = _figures.Select(f => new[]
        {
            f.Scenario, f.Provider, f.Metric, Format(f.Value) + " " + f.Unit,
            f.Target is { } t ? (f.AtLeast ? "≥ " : "≤ ") + Format(t) + " " + f.Unit : "",
            f.Met switch { true => "yes", false => "NO", null => "" },
        }).ToList();
        string[] header = ["scenario", "provider", "metric", "value", "target", "met"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();

        output.WriteLine();
        output.WriteLine(Row(header, widths));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
            output.WriteLine(Row(row, widths));
        foreach (var skipped in _skipped)
            output.WriteLine($"skipped: {skipped}");
    }

    public async Task WriteJsonAsync(string path, RunInfo run)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);

        var document = new
        {
            run,
            figures = _figures.Select(f => new
            {
                f.Scenario, f.Provider, f.Metric, value = Math.Round(f.Value, 3), f.Unit,
                target = f.Target, atLeast = f.Target is null ? (bool?)null : f.AtLeast, met = f.Met, note = f.Note,
            }),
            skipped = _skipped,
        };
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, Json);
    }

    private static string Line(Figure f) =>
        $"{f.Scenario} [{f.Provider}] {f.Metric} = {Format(f.Value)} {f.Unit}" +
        (f.Met is { } met ? (met ? "  (target met)" : "  (TARGET MISSED)") : "");

    private static string Row(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i])));

    private static string Format(double value) =>
        value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>Where and when the figures were taken.</summary>
public sealed record RunInfo(
    DateTime StartedAt,
    double Seconds,
    string Mode,
    string Machine,
    int ProcessorCount,
    long MemoryMegabytes,
    string LoadAverageAtStart,
    string LoadAverageAtEnd,
    string Runtime,
    string Os);

/// <summary>Percentiles of a list of timings, nearest-rank.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
            return double.NaN;

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Milliseconds(long startTimestamp, long endTimestamp) =>
        (endTimestamp - startTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
