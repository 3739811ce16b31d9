using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Components.Shared;

/// <summary>The project a page shows and who is looking at it.</summary>
public sealed record ProjectContext(ProjectView Project, Caller Caller)
{
    public bool Can(Permission permission) => Project.Role.Allows(permission);
}
