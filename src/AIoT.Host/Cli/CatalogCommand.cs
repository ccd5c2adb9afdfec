using System.CommandLine;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Catalog.Docs;
using AIoT.Ecosystem.Catalog.Loading;

namespace AIoT.Host.Cli;

/// <summary>`aiot catalog list | docs | check`: the MIoT device catalog.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var command = new Command("catalog", "The MIoT-Spec-V2 device catalog.");

        var list = new Command("list", "List every device model.");
        list.SetAction(_ =>
        {
            foreach (var device in DeviceCatalog.Default.Devices.OrderBy(d => d.Type, StringComparer.Ordinal))
            {
                Console.WriteLine($"{device.Type,-28} {device.Model,-28} {device.Name}");
            }

            return 0;
        });

        var output = new Option<FileInfo>("--output") { Description = "Where to write the document.", DefaultValueFactory = _ => new FileInfo(DefaultDocsPath()) };
        var docs = new Command("docs", "Write docs/devices.md from the catalog.") { output };
        docs.SetAction(result =>
        {
            var file = result.GetValue(output)!;
            File.WriteAllText(file.FullName, DeviceCatalogMarkdown.Render(DeviceCatalog.Default));
            Console.WriteLine($"Wrote {file.FullName} ({DeviceCatalog.Default.Devices.Count} device models).");
            return 0;
        });

        var folder = new Argument<DirectoryInfo>("folder") { Description = "A folder of device JSON files." };
        var check = new Command("check", "Check a folder of your own device files, as the host would load them.") { folder };
        check.SetAction(result =>
        {
            try
            {
                var catalog = DeviceCatalog.LoadDirectory(result.GetValue(folder)!.FullName);
                Console.WriteLine($"{catalog.Devices.Count} device files are valid.");
                return 0;
            }
            catch (CatalogException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 1;
            }
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(docs);
        command.Subcommands.Add(check);
        return command;
    }

    /// <summary>docs/devices.md of the checkout we are run from, found by walking up to the solution file.</summary>
    private static string DefaultDocsPath()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AIoT.Ecosystem.sln")))
            {
                return Path.Combine(dir.FullName, DeviceCatalogMarkdown.RelativePath);
            }
        }

        return Path.GetFullPath("devices.md");
    }
}
