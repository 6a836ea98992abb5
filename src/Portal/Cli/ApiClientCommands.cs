using System.CommandLine;
using Portal.Api;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Cli;

/// `portal api-client create|revoke`: API keys for the ERP from the command line (the admin page does the same).
internal static class ApiClientCommands
{
    public static Command ApiClient()
    {
        var command = new Command("api-client", "Create or revoke API clients (keys for the ERP to call /api/v1).");
        command.Add(Create());
        command.Add(Revoke());
        return command;
    }

    private static Command Create()
    {
        var name = new Option<string>("--name") { Description = "A name for the calling system (shown in the audit trail).", Required = true };
        var scopes = new Option<string>("--scopes") { Description = $"Comma-separated: {string.Join(", ", ApiScopes.All)}.", Required = true };
        var command = new Command("create", "Create an API client and print its key once (only its hash is stored).") { name, scopes };
        command.SetAction((parse, cancellationToken) => PortalCommandLine.WithServicesAsync(parse, async (services, output) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var input = ApiClientInput.Check(parse.GetRequiredValue(name), [parse.GetRequiredValue(scopes)]);
            if (input.Errors.Count > 0)
            {
                foreach (var problem in input.Errors.Values)
                {
                    await error.WriteLineAsync(problem);
                }

                return 2;
            }

            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            services.GetRequiredService<AuditTrail>().As(null, "command line");
            var created = await services.GetRequiredService<ApiClients>().CreateAsync(input.Name, input.Scopes, "command line", cancellationToken);
            await output.WriteLineAsync($"Created API client {created.Client.Id} \"{created.Client.Name}\" with scopes {string.Join(",", created.Client.ScopeList)}.");
            await output.WriteLineAsync($"API key (shown once): {created.Key}");
            return 0;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Option<int>("--id") { Description = "The API client's number (as printed by create and shown on the admin page).", Required = true };
        var command = new Command("revoke", "Revoke an API client: its key answers 401 from now on.") { id };
        command.SetAction((parse, cancellationToken) => PortalCommandLine.WithServicesAsync(parse, async (services, output) =>
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            services.GetRequiredService<AuditTrail>().As(null, "command line");
            if (!await services.GetRequiredService<ApiClients>().RevokeAsync(parse.GetRequiredValue(id), cancellationToken))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"No active API client {parse.GetRequiredValue(id)}.");
                return 2;
            }

            await output.WriteLineAsync($"API client {parse.GetRequiredValue(id)} revoked.");
            return 0;
        }));
        return command;
    }
}
