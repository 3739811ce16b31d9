namespace ReviewQueue.Core.Traces;

public enum SpanKind
{
    LLM,
    TOOL,
    RETRIEVAL,
    CHAIN,
    OTHER,
}

/// <summary>A nested step of a trace: an LLM call, a tool call, a retrieval.</summary>
public class Span
{
    public long Id { get; private set; }

    public long TraceKey { get; private set; }

    public string SpanId { get; set; } = "";

    public string? ParentSpanId { get; set; }

    public string Name { get; set; } = "";

    public SpanKind Kind { get; set; }

    public DateTime StartTime { get; set; }

    public DateTime EndTime { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public string? Model { get; set; }
}
