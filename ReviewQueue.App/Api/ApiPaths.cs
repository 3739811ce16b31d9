namespace ReviewQueue.App.Api;

/// <summary>The paths that answer machines: they get status codes, never a redirect to sign-in.</summary>
public static class ApiPaths
{
    public static readonly PathString Api = "/api";
    public static readonly PathString Trpc = "/api/trpc";
    public static readonly PathString Hubs = "/hubs";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase);

    public static bool IsTrpc(PathString path) => path.StartsWithSegments(Trpc, StringComparison.OrdinalIgnoreCase);

    public static bool IsHub(PathString path) => path.StartsWithSegments(Hubs, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the API and the hubs, which must not be redirected.</summary>
    public static bool IsMachine(PathString path) => IsApi(path) || IsHub(path);
}
