using Portal.Cli;

return await PortalCommandLine.InvokeAsync(args);
