using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Persistence;

namespace ReviewQueue.Core.Projects;

/// <summary>
/// Finds the project API key that a secret belongs to. Only the SHA-256 hash of a secret is
/// stored, so the lookup hashes what the client sent and asks for that hash; revoked keys are
/// never returned.
/// </summary>
public sealed class ApiKeyAuthenticator(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>Longer secrets cannot be ours; they are refused before hashing.</summary>
    public const int MaxSecretLength = 256;

    /// <summary>The active key with this secret, or null when there is none.</summary>
    public async Task<ApiKey?> FindActiveAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > MaxSecretLength)
            return null;

        var hash = ApiKey.Hash(secret);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, ct);
    }
}
