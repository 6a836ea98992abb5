namespace Portal.Insights;

public static class InsightsExtensions
{
    public static IHostApplicationBuilder AddPortalInsights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MonthlyEconomics>();
        builder.Services.AddScoped<SegmentOverview>();
        builder.Services.AddScoped<HandlingCostSaved>();
        return builder;
    }
}
