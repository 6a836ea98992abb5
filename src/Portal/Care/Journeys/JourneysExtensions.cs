namespace Portal.Care.Journeys;

public static class JourneysExtensions
{
    public static IHostApplicationBuilder AddPortalJourneys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JourneyOptions>().BindConfiguration(JourneyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<JourneyRunner>();
        builder.Services.AddScoped<JourneyEditor>();
        builder.Services.AddScoped<Data.DemoCareJourneys>();
        builder.Services.AddHostedService<JourneyWorker>();
        return builder;
    }
}
