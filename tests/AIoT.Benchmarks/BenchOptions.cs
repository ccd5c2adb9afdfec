namespace AIoT.Benchmarks;

internal sealed class BenchOptions
{
    public const string Usage = """
        dotnet run -c Release --project tests/AIoT.Benchmarks -- [options]
          --only NAME            e2e | register | bulk | activate | memory | calls | scenes | dashboard | postgres (substring)
          --seconds N            measuring time of the timed runs (default 5)
          --connections N        MQTT connections for e2e (default 4)
          --window N             QoS 1 messages in flight per connection (default 100)
          --devices N            devices the e2e run reports for (default 1000)
          --warm-up N            e2e: at most this many seconds of load (after the first 5) waiting for the JIT to
                                 settle, under 2% of the time compiling (default 60)
          --activations N        grains the activation run activates (default 200000)
          --memory-grains N      grains the memory run keeps active (default 500000)
          --call-devices N       devices the call runs spread over (default 10000)
          --callers N            concurrent callers of the call runs (default 64)
          --http-devices N       devices registered one per POST (default 20000)
          --http-inflight N      POSTs in flight (default 64)
          --bulk-total N         devices registered through POST /bulk (default 1000000)
          --bulk-seconds N       time bound of the bulk run (default 120)
          --bulk-inflight N      bulk requests in flight (default 1)
          --bulk-rows LIST       rows of the bulk section: all, or a comma list of directory, directory-random
                                 (a fifth of --bulk-total), provisioner, provisioner-memory, http (default all)
          --first-reports N      fresh devices for the first-report latency (default 1000)
          --scene-households N   households of the scenes run (default 1000000)
          --scenes-per-household N  scenes each (default 10)
          --scene-seconds N      measuring time of each scenes stream (default 20)
          --scene-batch N        device changes per OnDeviceChanges call in the batched stream (default 100)
          --scene-inflight N     OnDeviceChanges calls in flight, as N × batch × 2 evaluations outstanding (default 2000)
          --model MODEL          model for activate/memory/calls (default zhimi.airp.mb3, 11 properties)
          --dashboard-households N  homes (ten devices each) in the dashboard run's index (default 100000)
          --pg-devices N         twins of the postgres run, registered, activated and reported to (default 20000)
          --pg-seconds N         reporting time of the postgres run's twin writes (default 15)
          --pg-fsync LIST        on, or on,off: PostgreSQL servers of the twin-write rows (default on; SQLite rows always run)
        """;

    public string? Only { get; private set; }
    public int Seconds { get; private set; } = 5;
    public int Connections { get; private set; } = 4;
    public int Window { get; private set; } = 100;
    public int Devices { get; private set; } = 1000;
    public int WarmUpSeconds { get; private set; } = 60;
    public int Activations { get; private set; } = 200_000;
    public int MemoryGrains { get; private set; } = 500_000;
    public int CallDevices { get; private set; } = 10_000;
    public int Callers { get; private set; } = 64;
    public int HttpDevices { get; private set; } = 20_000;
    public int HttpInflight { get; private set; } = 64;
    public int BulkTotal { get; private set; } = 1_000_000;
    public int DashboardHouseholds { get; private set; } = 100_000;
    public int BulkSeconds { get; private set; } = 120;
    public int BulkInflight { get; private set; } = 1;
    public string BulkRows { get; private set; } = "all";
    public int FirstReports { get; private set; } = 1000;
    public string Model { get; private set; } = "zhimi.airp.mb3";
    public int SceneHouseholds { get; private set; } = 1_000_000;
    public int ScenesPerHousehold { get; private set; } = 10;
    public int SceneSeconds { get; private set; } = 20;
    public int SceneBatch { get; private set; } = 100;
    public int SceneInflight { get; private set; } = 2000;
    public int PgDevices { get; private set; } = 20_000;
    public int PgSeconds { get; private set; } = 15;
    public string PgFsync { get; private set; } = "on";

    /// <summary>The options, or null when an option is unknown, lacks its value or is out of range.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            return null;
        }

        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--only": o.Only = value; break;
                case "--seconds": o.Seconds = int.Parse(value); break;
                case "--connections": o.Connections = int.Parse(value); break;
                case "--window": o.Window = int.Parse(value); break;
                case "--devices": o.Devices = int.Parse(value); break;
                case "--warm-up": o.WarmUpSeconds = int.Parse(value); break;
                case "--activations": o.Activations = int.Parse(value); break;
                case "--memory-grains": o.MemoryGrains = int.Parse(value); break;
                case "--call-devices": o.CallDevices = int.Parse(value); break;
                case "--callers": o.Callers = int.Parse(value); break;
                case "--http-devices": o.HttpDevices = int.Parse(value); break;
                case "--http-inflight": o.HttpInflight = int.Parse(value); break;
                case "--bulk-total": o.BulkTotal = int.Parse(value); break;
                case "--dashboard-households": o.DashboardHouseholds = int.Parse(value); break;
                case "--bulk-seconds": o.BulkSeconds = int.Parse(value); break;
                case "--bulk-inflight": o.BulkInflight = int.Parse(value); break;
                case "--bulk-rows": o.BulkRows = value; break;
                case "--first-reports": o.FirstReports = int.Parse(value); break;
                case "--model": o.Model = value; break;
                case "--scene-households": o.SceneHouseholds = int.Parse(value); break;
                case "--scenes-per-household": o.ScenesPerHousehold = int.Parse(value); break;
                case "--scene-seconds": o.SceneSeconds = int.Parse(value); break;
                case "--scene-batch": o.SceneBatch = int.Parse(value); break;
                case "--scene-inflight": o.SceneInflight = int.Parse(value); break;
                case "--pg-devices": o.PgDevices = int.Parse(value); break;
                case "--pg-seconds": o.PgSeconds = int.Parse(value); break;
                case "--pg-fsync": o.PgFsync = value; break;
                default: return null;
            }
        }

        return o.Window is < 1 or > 30_000 || o.Connections < 1 || o.Seconds < 1 || o.WarmUpSeconds < 0
            || o.SceneHouseholds < 1 || o.ScenesPerHousehold < 0 || o.SceneSeconds < 1 || o.SceneBatch < 1 || o.SceneInflight < 1
            || o.PgDevices < 1 || o.PgSeconds < 1 || o.PgFsync.Split(',').Any(f => f is not ("on" or "off")) ? null : o;
    }
}
