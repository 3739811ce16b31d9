using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.Core.Traces;

/// <summary>The answer to an ingest: which ids were stored now and which were there already.</summary>
public sealed record IngestResult(IReadOnlyList<string> Created, IReadOnlyList<string> Existing);

/// <summary>Recording traces. Ingest is idempotent on the trace id: a trace already stored is left as it is.</summary>
public sealed class TraceService(IDbContextFactory<AppDbContext> dbs, TimeProvider clock)
{
    public async Task<Result<IngestResult>> IngestAsync(Caller caller, long projectId, IReadOnlyList<TraceInput> traces,
        CancellationToken ct = default)
    {
        if (traces.Count > Limits.MaxTracesPerIngest)
            return Error.TooLarge($"At most {Limits.MaxTracesPerIngest:N0} traces can be sent in one call; got {traces.Count:N0}.");

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < traces.Count; i++)
            traces[i].Validate($"traces[{i}]", errors);
        if (errors.Count > 0)
            return Error.InvalidFields(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var access = await ProjectAccess.CheckAsync(db, caller, projectId, Permission.IngestTraces,
            $"Project {projectId} was not found.", ct);
        if (!access.IsSuccess)
            return access.Error!;

        var now = clock.GetUtcNow().UtcDateTime;
        var withIds = traces.Select(t => (Id: t.Id ?? Guid.NewGuid().ToString("N"), Input: t)).ToList();
        var ids = withIds.Select(t => t.Id).Distinct(StringComparer.Ordinal).ToList();
        var existing = (await db.Traces.Where(t => t.ProjectId == projectId && ids.Contains(t.TraceId))
            .Select(t => t.TraceId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        var created = new List<string>();
        foreach (var (id, input) in withIds)
        {
            if (existing.Contains(id) || created.Contains(id))
                continue;

            db.Traces.Add(Build(projectId, id, input, now));
            created.Add(id);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IngestResult(created, [.. existing]);
    }

    /// <summary>Makes the entity for one validated input; also used by the demo seed.</summary>
    public static Trace Build(long projectId, string id, TraceInput input, DateTime now)
    {
        var trace = new Trace(projectId, id, input.Name ?? id, input.Timestamp?.ToUniversalTime() ?? now)
        {
            Input = Json(input.Input),
            Output = Json(input.Output),
            Metadata = Json(input.Metadata) ?? "{}",
            UserId = input.UserId,
            SessionId = input.SessionId,
            LatencyMs = input.LatencyMs,
            PromptTokens = input.PromptTokens,
            CompletionTokens = input.CompletionTokens,
            TotalTokens = input.TotalTokens ?? (input.PromptTokens + input.CompletionTokens),
            Cost = input.Cost,
            Status = input.Status ?? TraceStatus.OK,
        };

        foreach (var tag in (input.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.Ordinal))
            trace.Tags.Add(new TraceTag(tag));

        var index = 0;
        foreach (var span in input.Spans ?? [])
        {
            var start = span.StartTime?.ToUniversalTime() ?? trace.Timestamp;
            trace.Spans.Add(new Span
            {
                SpanId = span.Id ?? $"span-{++index}",
                ParentSpanId = span.ParentId,
                Name = span.Name ?? "span",
                Kind = span.Kind ?? SpanKind.OTHER,
                StartTime = start,
                EndTime = span.EndTime?.ToUniversalTime() ?? start,
                Input = Json(span.Input),
                Output = Json(span.Output),
                Model = span.Model,
            });
        }

        return trace;
    }

    private static string? Json(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } e ? e.GetRawText() : null;
}
