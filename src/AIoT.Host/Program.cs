using AIoT.Host.Cli;

return await AiotCommandLine.Create().Parse(args).InvokeAsync();
