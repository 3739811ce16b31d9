using System.Security.Cryptography;
using System.Text;

namespace ReviewQueue.Core.Projects;

/// <summary>
/// A project API key. Only a SHA-256 hash of the secret is stored; the secret is shown once.
/// </summary>
public class ApiKey
{
    public const string SecretPrefix = "rq_";

    private ApiKey()
    {
    }

    public ApiKey(long projectId, string name, ProjectRole role, string secret, string createdBy, DateTime createdAt)
    {
        ProjectId = projectId;
        Name = name;
        Role = role;
        SecretHash = Hash(secret);
        Hint = secret.Length > 8 ? secret[..8] : secret;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public long ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public ProjectRole Role { get; private set; }

    public string SecretHash { get; private set; } = "";

    /// <summary>The first characters of the secret, so that a key can be recognised in a list.</summary>
    public string Hint { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewSecret() =>
        SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))
            .Replace('+', 'A').Replace('/', 'B').TrimEnd('=');
}
