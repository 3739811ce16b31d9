namespace ReviewQueue.App.Components.Shared;

/// <summary>Links to one trace's page.</summary>
public static class TraceLinks
{
    /// <summary>
    /// The trace page of <paramref name="traceId"/>. Each "/"-separated part is escaped on its own and
    /// the slashes are kept: the page's route takes the rest of the path, and an escaped slash
    /// (%2F) would stay escaped in the route value. Ids such as "org/run/7" open like any other.
    /// </summary>
    public static string Href(string projectSlug, string traceId) =>
        $"/projects/{Uri.EscapeDataString(projectSlug)}/traces/"
        + string.Join('/', traceId.Split('/').Select(Uri.EscapeDataString));
}
