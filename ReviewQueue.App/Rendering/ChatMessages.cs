using System.Text.Json;

namespace ReviewQueue.App.Rendering;

/// <summary>One message of a conversation; <see cref="Extra"/> holds any other fields (tool calls) as JSON.</summary>
public sealed record ChatMessage(string Role, string? Content, string? Extra);

/// <summary>Recognises chat messages in a trace's input or output.</summary>
public static class ChatMessages
{
    /// <summary>
    /// The messages when the JSON is a list of <c>{role, content}</c>, one such message, or an
    /// object with a <c>messages</c> list; otherwise null.
    /// </summary>
    public static IReadOnlyList<ChatMessage>? TryParse(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Object && IsMessage(json))
            return [ToMessage(json)];

        if (json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty("messages", out var inner)
            && inner.ValueKind == JsonValueKind.Array
            && json.EnumerateObject().Count() == 1)
        {
            json = inner;
        }

        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
            return null;

        var messages = new List<ChatMessage>();
        foreach (var item in json.EnumerateArray())
        {
            if (!IsMessage(item))
                return null;
            messages.Add(ToMessage(item));
        }

        return messages;
    }

    private static bool IsMessage(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
        && (!item.TryGetProperty("content", out var content)
            || content.ValueKind is JsonValueKind.String or JsonValueKind.Null or JsonValueKind.Array);

    private static ChatMessage ToMessage(JsonElement item)
    {
        var role = item.GetProperty("role").GetString() ?? "";
        string? content = null;
        if (item.TryGetProperty("content", out var value))
        {
            content = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Array => string.Join("\n\n", value.EnumerateArray().Select(PartText)),
                _ => null,
            };
        }

        var others = item.EnumerateObject().Where(p => p.Name is not ("role" or "content")).ToList();
        string? extra = null;
        if (others.Count > 0)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                foreach (var property in others)
                    property.WriteTo(writer);
                writer.WriteEndObject();
            }

            extra = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        return new ChatMessage(role, content, extra);
    }

    /// <summary>The text of one content part (<c>{type: "text", text}</c>); other parts as their JSON.</summary>
    private static string PartText(JsonElement part) =>
        part.ValueKind == JsonValueKind.String ? part.GetString() ?? ""
        : part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text)
            && text.ValueKind == JsonValueKind.String ? text.GetString() ?? ""
        : "`" + part.GetRawText() + "`";
}
