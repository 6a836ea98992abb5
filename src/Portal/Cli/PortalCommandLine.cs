using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;
using Portal.Data;
using Portal.Identity;

namespace Portal.Cli;

/// One executable, several verbs: without a verb it serves the web app; with one it runs an operator's task
/// against the configured database and exits.
public static class PortalCommandLine
{
    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand("Portal: a self-service B2B ordering portal for small business customers.\nWithout a command, serves the web app (ASP.NET Core options such as --urls apply).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(async (parse, _) =>
        {
            if (args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"Unknown command '{args[0]}'. See --help for the list.");
                return 1;
            }

            var app = await PortalHost.BuildAsync(args);
            await app.RunAsync();
            return 0;
        });

        root.Add(MigrateCommand());
        root.Add(SeedDemoCommand());
        root.Add(CreateUserCommand());
        root.Add(ImportCommands.Import());
        root.Add(SegmentCommands.Segment());
        root.Add(InsightsCommands.Insights());
        root.Add(GenerateCommands.Generate());
        root.Add(ApiClientCommands.ApiClient());

        var configuration = new InvocationConfiguration
        {
            // The web host handles Ctrl+C and SIGTERM itself, with a graceful shutdown.
            ProcessTerminationTimeout = null,
            // Exceptions travel up (the test host stops the app by throwing through Main).
            EnableDefaultExceptionHandler = false,
        };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return root.Parse(args).InvokeAsync(configuration);
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Apply pending database migrations (SQLite or PostgreSQL, as configured) and exit.");
        command.SetAction((parse, cancellationToken) => WithServicesAsync(parse, async (services, output) =>
        {
            var initializer = services.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            await initializer.EnsureRolesAsync();
            var db = services.GetRequiredService<PortalDbContext>();
            await output.WriteLineAsync($"Database is up to date ({db.Database.ProviderName}, {(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count()} migrations applied).");
            return 0;
        }));
        return command;
    }

    private static Command SeedDemoCommand()
    {
        var command = new Command("seed-demo", "Seed the demo (customers, products, catalogs, prices, a year of orders, demo accounts) into an empty database.");
        command.SetAction((parse, cancellationToken) => WithServicesAsync(parse, async (services, output) =>
        {
            var initializer = services.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            await initializer.EnsureRolesAsync();
            var db = services.GetRequiredService<PortalDbContext>();
            if (await db.Customers.AnyAsync(cancellationToken))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("The database already holds customers; the demo is only seeded into an empty database.");
                return 2;
            }

            await initializer.SeedDemoAsync(cancellationToken);
            await output.WriteLineAsync($"Demo seeded: {await db.Customers.CountAsync(cancellationToken)} customers, {await db.Products.CountAsync(cancellationToken)} products, {await db.Orders.CountAsync(cancellationToken)} orders. Password of every demo account: {DemoSeeder.Password}");
            return 0;
        }));
        return command;
    }

    private static Command CreateUserCommand()
    {
        var email = new Option<string>("--email") { Description = "The staff user's e-mail address (the login name).", Required = true };
        var name = new Option<string>("--name") { Description = "Display name; defaults to the e-mail address." };
        var role = new Option<string>("--role") { Description = "InsideSales, ProductManager or Admin.", Required = true };
        role.AcceptOnlyFromAmong(Roles.Staff);
        var password = new Option<string>("--password") { Description = "Initial password; without it one is generated and printed once." };
        var command = new Command("create-user", "Create a staff user (inside sales, product manager or admin).") { email, name, role, password };
        command.SetAction((parse, cancellationToken) => WithServicesAsync(parse, async (services, output) =>
        {
            var initializer = services.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            await initializer.EnsureRolesAsync();
            var address = parse.GetRequiredValue(email).Trim();
            var chosen = parse.GetValue(password);
            var secret = string.IsNullOrEmpty(chosen) ? GeneratePassword() : chosen;
            var result = await services.GetRequiredService<StaffAccounts>().CreateAsync(address, parse.GetValue(name), parse.GetRequiredValue(role), secret);
            if (!result.Succeeded)
            {
                foreach (var problem in result.Errors)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(problem.Description);
                }

                return 2;
            }

            await output.WriteLineAsync($"Created {address} ({parse.GetRequiredValue(role)}).");
            if (string.IsNullOrEmpty(chosen))
            {
                await output.WriteLineAsync($"Initial password (shown once): {secret}");
            }

            return 0;
        }));
        return command;
    }

    internal static async Task<int> WithServicesAsync(ParseResult parse, Func<IServiceProvider, TextWriter, Task<int>> action)
    {
        var builder = PortalHost.CreateBuilder([]);
        // A verb's standard output is its product (a CSV, a JSON document) and gets piped: logs go to standard error.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider, parse.InvocationConfiguration.Output);
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 14);
        // Guarantee the password rules: a digit, an upper- and a lower-case letter.
        return $"{new string(chars)}A7k";
    }
}
