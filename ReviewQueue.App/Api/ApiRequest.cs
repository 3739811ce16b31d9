using System.Globalization;
using ReviewQueue.App.Auth;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Api;

/// <summary>
/// What the endpoints need from a request besides its body: the caller, the project it acts in,
/// and ids and numbers from the route and query, each checked with a message naming the field.
/// Route and query values are bound as strings so that a bad one is a clear 400, not a bare one.
/// </summary>
public static class ApiRequest
{
    /// <summary>The caller; the endpoints only run for an authenticated principal.</summary>
    public static Caller Caller(HttpContext context) =>
        context.User.ToCaller() ?? throw new InvalidOperationException("The API ran for an anonymous request.");

    /// <summary>
    /// The project the call acts in: the <c>project</c> query parameter (a slug) when given;
    /// otherwise the API key's project, or a signed-in user's only project.
    /// </summary>
    public static async Task<Result<ProjectView>> ProjectAsync(ProjectAccess access, Caller caller, string? slug,
        Permission permission, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(slug))
        {
            return Project.IsValidSlug(slug)
                ? await access.ResolveAsync(caller, slug, permission, ct)
                : Error.NotFound($"Project \"{Shorten(slug)}\" was not found.");
        }

        var projects = await access.ListAsync(caller, ct);
        if (projects.Count == 1)
            return await access.ResolveAsync(caller, projects[0].Slug, permission, ct);

        return projects.Count == 0
            ? Error.NotFound("You are not a member of any project.")
            : Error.InvalidField("project",
                $"You belong to {projects.Count} projects; name one with ?project=<slug> "
                + $"({string.Join(", ", projects.Select(p => p.Slug))}).");
    }

    /// <summary>An id from the route: a positive whole number.</summary>
    public static Result<long> Id(string? value, string field)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return id;
        return Error.InvalidField(field, $"\"{field}\" must be a positive whole number; got \"{Shorten(value)}\".");
    }

    /// <summary>An optional whole number from the query, within bounds.</summary>
    public static Result<int> Int(string? value, string field, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
            return fallback;
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            && n >= min && n <= max)
            return n;
        return Error.InvalidField(field,
            $"\"{field}\" must be a whole number from {min} to {max:N0}; got \"{Shorten(value)}\".");
    }

    /// <summary>An optional enum from the query, by name (any case); numbers are refused.</summary>
    public static Result<TEnum?> Enum<TEnum>(string? value, string field)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
            return (TEnum?)null;
        if (!value.Any(char.IsDigit) && System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed)
            && System.Enum.IsDefined(parsed))
            return parsed;
        return Error.InvalidField(field,
            $"\"{field}\" must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}; "
            + $"got \"{Shorten(value)}\".");
    }

    /// <summary>An optional boolean from the query.</summary>
    public static Result<bool?> Bool(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            return (bool?)null;
        if (bool.TryParse(value, out var b))
            return b;
        return Error.InvalidField(field, $"\"{field}\" must be true or false; got \"{Shorten(value)}\".");
    }

    /// <summary>An optional time from the query, in ISO 8601.</summary>
    public static Result<DateTime?> Time(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            return (DateTime?)null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return t.UtcDateTime;
        return Error.InvalidField(field, $"\"{field}\" must be a time in ISO 8601; got \"{Shorten(value)}\".");
    }

    /// <summary>Echoes client input in a message without echoing a megabyte of it.</summary>
    public static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 60 ? value : value[..60] + "…";
}
