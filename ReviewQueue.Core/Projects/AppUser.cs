using Microsoft.AspNetCore.Identity;

namespace ReviewQueue.Core.Projects;

/// <summary>A person who signs in; their roles live on <see cref="ProjectMember"/>.</summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
