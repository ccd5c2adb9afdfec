using System.CommandLine;
using AIoT.Host.Cli;

// System.CommandLine would kill the process 2 s after Ctrl+C; a host writing back a large population's grain state needs longer.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
return await AiotCommandLine.Create().Parse(args).InvokeAsync(invocation);
