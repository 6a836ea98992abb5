namespace Portal.Insights;

public static class InsightsExtensions
{
    public static IHostApplicationBuilder AddPortalInsights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonthlySummaryOptions>().BindConfiguration(MonthlySummaryOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Insights:MonthlySummary:CheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<MonthlyEconomics>();
        builder.Services.AddScoped<SegmentOverview>();
        builder.Services.AddScoped<HandlingCostSaved>();
        builder.Services.AddScoped<MonthlySummaries>();
        builder.Services.AddHostedService<MonthlySummaryWorker>();
        return builder;
    }
}
