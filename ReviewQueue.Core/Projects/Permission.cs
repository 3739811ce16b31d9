namespace ReviewQueue.Core.Projects;

/// <summary>The actions of the specification's permission table.</summary>
public enum Permission
{
    ViewTraces,
    IngestTraces,
    ViewQueues,
    CreateQueues,
    Review,
    Export,
    ManageQueues,
    ManageMembers,
}

public static class PermissionRules
{
    /// <summary>The lowest role that may take an action.</summary>
    public static ProjectRole MinimumRole(this Permission permission) => permission switch
    {
        Permission.ViewTraces => ProjectRole.VIEWER,
        Permission.IngestTraces or Permission.ViewQueues or Permission.CreateQueues or Permission.Review or Permission.Export
            => ProjectRole.MEMBER,
        Permission.ManageQueues or Permission.ManageMembers => ProjectRole.ADMIN,
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, null),
    };

    public static bool Allows(this ProjectRole role, Permission permission) => role >= permission.MinimumRole();

    public static string Describe(this Permission permission) => permission switch
    {
        Permission.ViewTraces => "view traces",
        Permission.IngestTraces => "ingest traces",
        Permission.ViewQueues => "view review queues",
        Permission.CreateQueues => "create queues and add items",
        Permission.Review => "review items",
        Permission.Export => "export to datasets",
        Permission.ManageQueues => "manage queues",
        Permission.ManageMembers => "manage members and API keys",
        _ => permission.ToString(),
    };
}
