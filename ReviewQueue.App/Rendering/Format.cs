using System.Globalization;

namespace ReviewQueue.App.Rendering;

/// <summary>How numbers and times read on the pages.</summary>
public static class Format
{
    public static string Duration(double? milliseconds) => milliseconds switch
    {
        null => "–",
        < 1_000 => Invariant($"{milliseconds:0} ms"),
        < 60_000 => Invariant($"{milliseconds / 1_000:0.00} s"),
        _ => Invariant($"{milliseconds / 60_000:0.0} min"),
    };

    public static string Tokens(int? tokens) => tokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "–";

    public static string Cost(double? cost) => cost is null ? "–" : Invariant($"${cost:0.0000}");

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
