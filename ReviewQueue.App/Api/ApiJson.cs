using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using ReviewQueue.Core.Common;

namespace ReviewQueue.App.Api;

/// <summary>
/// JSON as the API speaks it (camelCase, enums by name), and the one way request bodies are
/// read: size-capped, strictly typed, and every failure turned into an <see cref="Error"/> that
/// names the field, so that no body can end in a 500.
/// </summary>
public static class ApiJson
{
    /// <summary>The default cap on a request body.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Trace ingest carries inputs and outputs of up to 1,000 traces.</summary>
    public const int MaxIngestBodyBytes = 32 * 1024 * 1024;

    /// <summary>Options for reading and writing: web defaults, enums by name, numbers only as numbers.</summary>
    public static JsonSerializerOptions Options { get; } =
        Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's conventions to a set of options (also used for the app's HTTP JSON).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = 64;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
            options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        return options;
    }

    /// <summary>Reads a JSON body into <typeparamref name="T"/>, or says what is wrong with it.</summary>
    public static async Task<Result<T>> ReadBodyAsync<T>(HttpRequest request, int maxBytes = MaxBodyBytes,
        CancellationToken ct = default)
        where T : class
    {
        var document = await ReadDocumentAsync(request, maxBytes, ct);
        if (!document.IsSuccess)
            return document.Error!;

        using var json = document.Ok;
        if (json is null)
            return Error.Invalid("The request needs a JSON body.");
        return Convert<T>(json.RootElement);
    }

    /// <summary>
    /// Reads the raw body as a JSON document; null when the body is empty. Refuses bodies that are
    /// too large (before or while reading), that are not declared as JSON, and that do not parse.
    /// </summary>
    public static async Task<Result<JsonDocument?>> ReadDocumentAsync(HttpRequest request, int maxBytes,
        CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            return TooLarge(maxBytes);

        var bytes = await ReadCappedAsync(request, maxBytes, ct);
        if (bytes is null)
            return TooLarge(maxBytes);
        if (bytes.Length == 0)
            return (JsonDocument?)null;

        if (!IsJsonContentType(request.ContentType))
        {
            return Error.Invalid(
                "Send the body as JSON with the header \"Content-Type: application/json\" "
                + $"(got \"{ApiRequest.Shorten(request.ContentType)}\").");
        }

        // A byte order mark is not JSON, but editors and PowerShell put one in front of it.
        var json = bytes.AsMemory();
        if (json.Span.StartsWith("\uFEFF"u8))
            json = json[3..];
        return Parse(json);
    }

    /// <summary>Parses JSON text (for tRPC's <c>?input=</c>), or says where it is broken.</summary>
    public static Result<JsonDocument?> Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = Options.MaxDepth });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? $" (line {line + 1}, position {e.BytePositionInLine + 1})"
                : "";
            return Error.Invalid($"The body is not valid JSON{where}.");
        }
    }

    /// <summary>Turns parsed JSON into <typeparamref name="T"/>; a wrong type is reported by field.</summary>
    public static Result<T> Convert<T>(JsonElement element)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Error.Invalid($"The body must be a JSON object, not {Describe(element.ValueKind)}.");

        try
        {
            var value = element.Deserialize<T>(Options);
            return value is null ? Error.Invalid("The body must be a JSON object.") : value;
        }
        catch (JsonException e)
        {
            var field = FieldName(e.Path);
            var expected = Expected(typeof(T), e.Path);
            var message = field.Length == 0
                ? $"The body does not have the expected shape: {expected}."
                : $"\"{field}\" has the wrong type or value: expected {expected}.";
            return field.Length == 0 ? Error.Invalid(message) : Error.InvalidField(field, message);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException
            or FormatException or OverflowException)
        {
            return Error.Invalid("The body does not have the expected shape.");
        }
    }

    /// <summary>Stored JSON text as a JSON value in an answer; text that is not JSON stays a string.</summary>
    public static JsonElement? Embed(string? json)
    {
        if (json is null)
            return null;

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    private static Error TooLarge(int maxBytes) =>
        Error.TooLarge($"The request body is larger than the limit of {maxBytes / (1024 * 1024)} MB.");

    internal static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return false;

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        // Kestrel's own limit (30 MB) would otherwise cut in first for the larger caps.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false } && sizeFeature.MaxRequestBodySize < maxBytes + 1L)
            sizeFeature.MaxRequestBodySize = maxBytes + 1L;

        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>"$.traces[3].name" becomes "traces[3].name".</summary>
    public static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);
    }

    /// <summary>What the value at a JSON path should have been, walked from the target type.</summary>
    private static string Expected(Type root, string? path)
    {
        var type = root;
        foreach (var step in Steps(path))
        {
            var next = step == "[]" ? ElementType(type) : PropertyType(type, step);
            if (next is null)
                break;
            type = next;
        }

        return Describe(type);
    }

    private static IEnumerable<string> Steps(string? path)
    {
        var field = FieldName(path);
        foreach (var part in field.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return bracket < 0 ? part : part[..bracket];
            for (var i = bracket; i >= 0 && i < part.Length; i = part.IndexOf('[', i + 1))
                yield return "[]";
        }
    }

    private static Type? PropertyType(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type)
            ? type.GetGenericArguments()[^1]
            : null;
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return "a string";
        if (type == typeof(bool))
            return "true or false";
        if (type == typeof(int) || type == typeof(long))
            return "a whole number";
        if (type == typeof(double) || type == typeof(decimal))
            return "a number";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return "a date and time in ISO 8601 (e.g. \"2026-12-03T09:00:00Z\")";
        if (type == typeof(JsonElement))
            return "any JSON value";
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type));
        if (typeof(IEnumerable).IsAssignableFrom(type))
            return "an array";
        return "an object";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "that",
    };
}
