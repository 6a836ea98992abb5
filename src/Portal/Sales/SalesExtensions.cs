namespace Portal.Sales;

public static class SalesExtensions
{
    public static IHostApplicationBuilder AddPortalSales(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CarePlanOptions>().BindConfiguration(CarePlanOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<CarePlan>();
        builder.Services.AddScoped<PotentialEditor>();
        builder.Services.AddScoped<OrderOnBehalf>();
        builder.Services.AddHostedService<CarePlanWorker>();
        return builder;
    }
}
