using System.CommandLine;
using AIoT.Host.Cli;

// System.CommandLine would kill the process 2 s after Ctrl+C; a host writing back a large population's grain state needs longer.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
var parsed = AiotCommandLine.Create().Parse(args);
var exitCode = await parsed.InvokeAsync(invocation);
// A usage mistake (a missing argument, an unknown option) exits 2, as the commands' own usage errors do: 1 means refused.
return parsed.Errors.Count > 0 ? 2 : exitCode;
