using System.CommandLine;
using System.Globalization;
using Portal.Data;
using Portal.Insights;

namespace Portal.Cli;

/// `portal insights send-summary`: queue a month's management summary for every opted-in staff user now, e.g. when
/// the portal was down on the first days of the month. Whoever already has that month's summary gets none.
internal static class InsightsCommands
{
    public static Command Insights()
    {
        var month = new Option<string>("--month") { Description = "The month (yyyy-MM); default the last complete month (business time)." };
        var sendSummary = new Command("send-summary", "Queue the monthly management summary for every opted-in staff user who has not had it for that month. The running portal's mail sender delivers it.")
        {
            month,
        };
        sendSummary.SetAction((parse, cancellationToken) => PortalCommandLine.WithServicesAsync(parse, async (services, output) =>
        {
            var summaries = services.GetRequiredService<MonthlySummaries>();
            var chosen = summaries.LastCompleteMonth();
            if (parse.GetValue(month) is { Length: > 0 } text)
            {
                if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out chosen))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"--month '{text}' is not a month (yyyy-MM).");
                    return 2;
                }

                if (chosen > summaries.LastCompleteMonth())
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"{text} is not over yet; the summary is for complete months.");
                    return 2;
                }
            }

            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var queued = await summaries.SendAsync(chosen, cancellationToken);
            await output.WriteLineAsync($"Monthly summary {chosen.ToString("yyyy-MM", CultureInfo.InvariantCulture)}: {queued} mail(s) queued.");
            return 0;
        }));
        return new Command("insights", "The economics cockpit's jobs.") { sendSummary };
    }
}
