using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AIoT.Storage.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server: a cluster made by initdb in a temporary folder, run by pg_ctl as a non-root user
/// (initdb refuses root; as root the folder is given to the user <c>postgres</c> and the tools run through runuser),
/// listening on 127.0.0.1 on a free port with its unix socket in the folder. Stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Superuser = "aiot";

    private const string ServerUser = "postgres";
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly TempFolder _folder;
    private readonly string _binaries;
    private readonly bool _asRoot;
    private readonly bool _fsync;
    private bool _started;

    private PostgresServer(TempFolder folder, string binaries, int port, bool fsync)
    {
        _folder = folder;
        _binaries = binaries;
        _asRoot = Environment.UserName == "root";
        _fsync = fsync;
        Port = port;
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder.Path, "data");

    private string SocketFolder => _folder.Path;

    /// <summary>initdb, pg_ctl start, then pg_isready until the server accepts connections.</summary>
    /// <param name="fsync">
    /// PostgreSQL's fsync setting: off for the tests, whose data is thrown away; the benchmarks turn it on to measure
    /// what a server that survives a power cut does.
    /// </param>
    public static async Task<PostgresServer> StartAsync(bool fsync = false)
    {
        var binaries = FindBinaries();
        var server = new PostgresServer(new TempFolder(), binaries, FreePort(), fsync);
        try
        {
            await server.InitAndStartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string of <paramref name="database"/> as the superuser, over TCP on loopback.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = Superuser,
    }.ToString();

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"{purpose}_{Guid.NewGuid():N}";
        await ExecuteAsync("postgres", $"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                await RunAsync("pg_ctl", "stop", "-D", DataFolder, "-m", "fast", "-w", "-t", "30");
            }
        }
        finally
        {
            _folder.Dispose();
        }
    }

    private async Task InitAndStartAsync()
    {
        if (_asRoot)
        {
            await RunToolAsync("/usr/bin/chown", ServerUser, _folder.Path);
        }

        await RunAsync("initdb", "-D", DataFolder, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions");
        _started = true;
        var settings = $"-c listen_addresses=127.0.0.1 -p {Port} -k {SocketFolder} -c fsync={(_fsync ? "on" : "off")} -c max_connections=200";
        await RunAsync("pg_ctl", "start", "-D", DataFolder, "-l", Path.Combine(_folder.Path, "server.log"), "-W", "-o", settings);
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (exitCode, _) = await RunCapturedAsync(Path.Combine(_binaries, "pg_isready"), "-h", "127.0.0.1", "-p", Port.ToString(), "-q", "-t", "1");
            if (exitCode == 0)
            {
                return;
            }

            if (deadline.Elapsed > ReadyBound)
            {
                var log = Path.Combine(_folder.Path, "server.log");
                throw new InvalidOperationException(
                    $"PostgreSQL in {DataFolder} did not accept connections on 127.0.0.1:{Port} within {ReadyBound.TotalSeconds} s. Server log:\n"
                    + (File.Exists(log) ? await File.ReadAllTextAsync(log) : "(none)"));
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Runs a PostgreSQL tool as the server's user, failing with its output when it exits non-zero.</summary>
    private Task RunAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        return _asRoot ? RunToolAsync("/usr/sbin/runuser", ["-u", ServerUser, "--", path, .. arguments]) : RunToolAsync(path, arguments);
    }

    private static async Task RunToolAsync(string path, params string[] arguments)
    {
        var (exitCode, output) = await RunCapturedAsync(path, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{path} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCapturedAsync(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ReadyBound);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', arguments)} did not exit within {ReadyBound.TotalSeconds} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindBinaries()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        var candidates = new[] { preferred }
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin")) : []);
        return candidates.FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"The PostgreSQL tests need the server binaries (initdb, pg_ctl, pg_isready) in {preferred}: run `bash tests/run.sh`, which installs "
                + "Debian's postgresql package, or `apt-get install postgresql`.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
