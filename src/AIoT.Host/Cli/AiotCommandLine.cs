using System.CommandLine;
using AIoT.Host.Hosting;

namespace AIoT.Host.Cli;

/// <summary>The `aiot` command line: with no subcommand it runs the host until Ctrl-C.</summary>
public static class AiotCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("AIoT Ecosystem: digital twins of Xiaomi's human-vehicle-home devices as grains.");
        var options = new HostCommandOptions();
        options.AddTo(root);
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!options.TryRead(parseResult, out var settings, out var error))
            {
                await Console.Error.WriteLineAsync(error);
                return 2;
            }

            return await new AiotHost(settings).RunAsync(cancellationToken);
        });
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(ScenesCommand.Create());
        root.Subcommands.Add(EmulateCommand.Create());
        return root;
    }
}
