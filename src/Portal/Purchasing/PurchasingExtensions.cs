namespace Portal.Purchasing;

public static class PurchasingExtensions
{
    public static IHostApplicationBuilder AddPortalPurchasing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PurchasingLimits>();
        builder.Services.AddScoped<OrderApprovals>();
        builder.Services.AddScoped<Quotes>();
        return builder;
    }
}
