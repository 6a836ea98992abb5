namespace Portal.Sales;

public static class SalesExtensions
{
    public static IHostApplicationBuilder AddPortalSales(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SalesOptions>().BindConfiguration(SalesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<EscalationIntake>();
        builder.Services.AddScoped<EscalationDesk>();
        builder.Services.AddScoped<OrderEdits>();
        builder.Services.AddScoped<OrderCancellation>();
        builder.Services.AddScoped<CustomerRequests>();
        builder.Services.AddOptions<CarePlanOptions>().BindConfiguration(CarePlanOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<CarePlan>();
        builder.Services.AddScoped<PotentialEditor>();
        builder.Services.AddScoped<TouchLog>();
        builder.Services.AddScoped<OrderOnBehalf>();
        builder.Services.AddHostedService<CarePlanWorker>();
        return builder;
    }
}
