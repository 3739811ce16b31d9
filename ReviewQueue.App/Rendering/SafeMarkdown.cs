using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReviewQueue.App.Rendering;

/// <summary>
/// Markdown from traces (model output, user messages) to HTML that cannot run anything: raw
/// HTML is shown as text, and a link or image whose address is not http, https, mailto or
/// relative loses the address.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);

        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
                link.Url = "#";
        }

        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url))
                autolink.Url = "#";
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True for http, https and mailto addresses and for addresses without a scheme.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return true;

        // Browsers skip control characters and spaces inside a scheme ("java\tscript:"), so compare without them.
        var compact = new string(url.Where(c => c > ' ').ToArray()).ToLowerInvariant();
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return true;

        var firstDelimiter = compact.IndexOfAny(['/', '?', '#']);
        if (firstDelimiter >= 0 && firstDelimiter < colon)
            return true;

        return compact.StartsWith("http:", StringComparison.Ordinal)
            || compact.StartsWith("https:", StringComparison.Ordinal)
            || compact.StartsWith("mailto:", StringComparison.Ordinal);
    }
}
