using System.Net;
using System.Net.Sockets;

namespace ReviewQueue.Benchmarks;

/// <summary>
/// A PostgreSQL server of the benchmark's own, in a temporary folder on a free loopback port, made
/// from the installed binaries the way <c>tools/services.sh</c> makes the tests' one (trust
/// authentication, <c>fsync=off</c>), and removed at the end. Used when PostgreSQL is installed and
/// no server is given, so that the one README command measures both databases.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;

    private PrivatePostgres(string bin, string folder, bool asPostgresUser, string connectionString)
    {
        _bin = bin;
        _folder = folder;
        _asPostgresUser = asPostgresUser;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The binaries' folder of an installed PostgreSQL, or null.</summary>
    public static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
            return null;
        return Directory.GetDirectories(Root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "initdb")))
            .OrderDescending()
            .FirstOrDefault();
    }

    /// <summary>Starts one; the error says why not.</summary>
    public static async Task<(PrivatePostgres? Server, string? Error)> StartAsync(string bin)
    {
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser && !File.Exists("/usr/sbin/runuser"))
            return (null, "running as root without runuser, and PostgreSQL refuses to run as root");

        var folder = Path.Combine(Path.GetTempPath(), $"rq-bench-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var server = new PrivatePostgres(bin, folder, asPostgresUser,
            $"Host=127.0.0.1;Port={port};Username=postgres;Maximum Pool Size=60");
        try
        {
            if (asPostgresUser)
            {
                var chown = await Commands.RunAsync("/bin/chown", ["postgres", folder]);
                if (chown.Code != 0)
                    return await FailAsync(server, $"chown postgres {folder}: {chown.Output}");
            }

            var data = Path.Combine(folder, "data");
            var initdb = await server.PgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
            if (initdb.Code != 0)
                return await FailAsync(server, $"initdb failed: {initdb.Output}");

            var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off " +
                "-c max_connections=300";
            var start = await server.PgAsync("pg_ctl",
                ["-D", data, "-w", "-l", Path.Combine(folder, "pg.log"), "-o", options, "start"]);
            if (start.Code != 0)
                return await FailAsync(server, $"pg_ctl start failed: {start.Output}");
            return (server, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
                                       or System.ComponentModel.Win32Exception)
        {
            return await FailAsync(server, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var data = Path.Combine(_folder, "data");
        if (Directory.Exists(data))
            await PgAsync("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary folder.
        }
    }

    private static async Task<(PrivatePostgres?, string?)> FailAsync(PrivatePostgres server, string error)
    {
        await server.DisposeAsync();
        return (null, error);
    }

    private Task<(int Code, string Output)> PgAsync(string tool, IEnumerable<string> arguments)
    {
        var program = Path.Combine(_bin, tool);
        return _asPostgresUser
            ? Commands.RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", program, .. arguments])
            : Commands.RunAsync(program, arguments);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
